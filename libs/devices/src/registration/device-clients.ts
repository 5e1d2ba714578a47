import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AppSignatureEntity, ClientEntity } from '@rapidauth/database';
import { BIOMETRIC_REFRESH_GRANT_TYPE, PIN_REFRESH_GRANT_TYPE, RefreshTokens } from '@rapidauth/oauth';
import { TenancyChanges } from '@rapidauth/tenancy';
import { SecretHasher } from '@rapidauth/vault';
import { DeviceError } from '../devices.errors';
import { DeviceRegistrationRepository } from './device-registration.repository';

/** The client ids registration gives out; anything else names no device client (and never reaches SQL: a NUL would fail there). */
const DEVICE_CLIENT_ID = /^dev_[0-9a-f]{32}$/;

/** What every device client may do: sign in through the browser, then refresh with a PIN or a biometric key. */
export const DEVICE_GRANT_TYPES: readonly string[] = ['authorization_code', 'refresh_token', PIN_REFRESH_GRANT_TYPE, BIOMETRIC_REFRESH_GRANT_TYPE];

/** RFC 7591 §3.2.1 client information, without the secret (RFC 7592 §3 reads answer this). */
export interface DeviceClientMetadata {
  readonly client_id: string;
  readonly client_name: string;
  readonly client_id_issued_at: number;
  /** 0: the secret does not expire (RFC 7591 §3.2.1). */
  readonly client_secret_expires_at: number;
  readonly token_endpoint_auth_method: 'client_secret_basic';
  readonly grant_types: readonly string[];
  readonly response_types: readonly string[];
  readonly redirect_uris: readonly string[];
  readonly application_type: 'native';
  readonly software_id: string | null;
  readonly software_version: string | null;
  readonly scope: string;
  /** RFC 9449 §5.2. */
  readonly dpop_bound_access_tokens: boolean;
}

/** New credentials, shown to the device this once: only their HMACs are kept. */
export interface DeviceCredentials {
  readonly clientSecret: string;
  readonly registrationAccessToken: string;
}

/**
 * Device clients (docs/gateway.md#device-registration): confidential, first-party, one per device,
 * created by registration with the settings of the app signature it proved, and managed by the
 * device itself over RFC 7592 with its registration access token.
 */
@Injectable()
export class DeviceClients {
  constructor(
    private readonly repository: DeviceRegistrationRepository,
    private readonly hasher: SecretHasher,
    private readonly refreshTokens: RefreshTokens,
    private readonly changes: TenancyChanges,
  ) {}

  async create(signature: AppSignatureEntity, clientName: string | undefined): Promise<{ metadata: DeviceClientMetadata; credentials: DeviceCredentials }> {
    const credentials = newCredentials();
    const client = await this.repository.insertClient({
      environmentId: signature.environmentId,
      clientId: `dev_${randomBytes(16).toString('hex')}`,
      name: clientName ?? `${signature.identifier} ${signature.version} (${signature.platform})`,
      kind: 'device',
      appSignatureId: signature.id,
      type: 'confidential',
      applicationType: 'native',
      firstParty: true,
      redirectUris: [...signature.redirectUris],
      grantTypes: [...DEVICE_GRANT_TYPES],
      tokenEndpointAuthMethod: 'client_secret_basic',
      secretHash: this.hasher.hash(credentials.clientSecret),
      secretExpiresAt: secretExpiry(signature),
      registrationTokenHash: this.hasher.hash(credentials.registrationAccessToken),
      dpopBoundAccessTokens: signature.dpop === 'required',
      enabled: true,
    });
    return { metadata: metadataOf(client, signature), credentials };
  }

  /** The enabled device client the registration access token belongs to; INVALID_TOKEN for anything else. */
  async authorize(clientId: string, registrationAccessToken: string): Promise<ClientEntity> {
    const client = DEVICE_CLIENT_ID.test(clientId) ? await this.repository.findDeviceClient(clientId) : null;
    const valid = this.hasher.verify(registrationAccessToken, client?.registrationTokenHash);
    if (!client || !valid || !client.enabled) throw new DeviceError('INVALID_TOKEN', 'the registration access token is invalid');
    return client;
  }

  async metadata(client: ClientEntity): Promise<DeviceClientMetadata> {
    const signature = client.appSignatureId ? await this.repository.findSignature(client.appSignatureId) : null;
    return metadataOf(client, signature);
  }

  /** A new secret and registration token; the old ones stop at once on every instance. */
  async rotate(client: ClientEntity, presentedToken: string): Promise<{ credentials: DeviceCredentials; secretExpiresAt: Date | null }> {
    const signature = client.appSignatureId ? await this.repository.findSignature(client.appSignatureId) : null;
    const credentials = newCredentials();
    const secretExpiresAt = signature ? secretExpiry(signature) : null;
    const replaced = await this.repository.replaceCredentials(client.id, this.hasher.hash(presentedToken), {
      secretHash: this.hasher.hash(credentials.clientSecret),
      registrationTokenHash: this.hasher.hash(credentials.registrationAccessToken),
      secretExpiresAt,
    });
    // A concurrent rotation or deregistration got there first: the token presented is no longer valid.
    if (!replaced) throw new DeviceError('INVALID_TOKEN', 'the registration access token is invalid');
    await this.changes.announce();
    return { credentials, secretExpiresAt };
  }

  /** RFC 7592 §2.3: the client is disabled and its logins revoked (access tokens too), on every instance; their count. */
  async deregister(client: ClientEntity): Promise<number> {
    await this.repository.disable(client.id);
    const revoked = await this.refreshTokens.revokeLoginsThrough({ clientId: client.clientId }, 'device_deregistered');
    await this.changes.announce();
    return revoked;
  }
}

function newCredentials(): DeviceCredentials {
  return { clientSecret: SecretHasher.generate(), registrationAccessToken: SecretHasher.generate() };
}

function secretExpiry(signature: AppSignatureEntity): Date | null {
  return signature.clientSecretTtlSeconds > 0 ? new Date(Date.now() + signature.clientSecretTtlSeconds * 1000) : null;
}

/** Seconds since the epoch, as RFC 7591 §3.2.1 counts them. */
export function epochSeconds(date: Date | null): number {
  return date ? Math.floor(date.getTime() / 1000) : 0;
}

function metadataOf(client: ClientEntity, signature: AppSignatureEntity | null): DeviceClientMetadata {
  return {
    client_id: client.clientId,
    client_name: client.name,
    client_id_issued_at: epochSeconds(client.createdAt),
    client_secret_expires_at: epochSeconds(client.secretExpiresAt),
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: client.grantTypes,
    response_types: ['code'],
    redirect_uris: client.redirectUris,
    application_type: 'native',
    software_id: signature?.identifier ?? null,
    software_version: signature?.version ?? null,
    scope: (signature?.scopes ?? []).join(' '),
    dpop_bound_access_tokens: client.dpopBoundAccessTokens,
  };
}
