import { Injectable } from '@nestjs/common';
import type { ClientEntity } from '@rapidauth/database';
import { DeviceProfiles, type DeviceProfile } from '@rapidauth/devices';
import { CLIENT_RESOURCE } from '../clients/clients.service';
import { AdminResource, AdminResources } from '../http/admin-resource';
import type { RequestContext } from '../http/request-context';
import type { DeviceProfileDto, DeviceProfilesDto } from './device-profiles.dto';

/**
 * The user profiles of a device client (docs/admin-api.md#device-profiles): each login of the
 * device, listed and deleted by its admins as the device itself lists and deregisters them.
 */
@Injectable()
export class DeviceProfilesService {
  private readonly clients: AdminResource<ClientEntity>;

  constructor(
    private readonly profiles: DeviceProfiles,
    resources: AdminResources,
  ) {
    this.clients = resources.of(CLIENT_RESOURCE);
  }

  async list(id: string): Promise<DeviceProfilesDto> {
    const client = await this.clients.find(id);
    return { profiles: (await this.profiles.ofClient(client)).map(toDto) };
  }

  /** Its tokens are revoked on every instance, its PIN and biometric key removed. */
  async delete(context: RequestContext, id: string, profileId: string): Promise<void> {
    const client = await this.clients.find(id);
    const { uid } = await this.profiles.revoke(client, profileId);
    await this.clients.record(context, 'client.profile_delete', client, { profileId, uid });
  }
}

/** Explicit mapping: the PIN's hash and the biometric key stay in the database. */
function toDto(profile: DeviceProfile): DeviceProfileDto {
  return {
    profileId: profile.profileId,
    uid: profile.uid,
    createdAt: profile.createdAt,
    pinSet: profile.pinSet,
    biometricSet: profile.biometricSet,
    lastUsedAt: profile.lastUsedAt,
  };
}
