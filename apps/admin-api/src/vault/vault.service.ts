import { Injectable } from '@nestjs/common';
import { AuditLog } from '@rapidauth/access';
import { MasterKeyRotation } from '@rapidauth/vault';
import { auditedBy, type RequestContext } from '../http/request-context';
import type { MasterKeysDto, VaultRotationDto } from './vault.dto';

/**
 * The vault's master keys: what each seals, and rotation onto the current one (docs/operations.md,
 * "Rotating the vault master key"). Platform-level, so its events are recorded here.
 */
@Injectable()
export class VaultService {
  constructor(
    private readonly rotation: MasterKeyRotation,
    private readonly audit: AuditLog,
  ) {}

  async rotate(context: RequestContext): Promise<VaultRotationDto> {
    const result = await this.rotation.rotate();
    await this.audit.record({
      ...auditedBy(context),
      action: 'vault.rotate',
      target: { type: 'master_key', id: result.currentKeyId },
      details: { rewrapped: { ...result.rewrapped }, remaining: { ...result.remaining } },
    });
    return { currentKeyId: result.currentKeyId, rewrapped: { ...result.rewrapped }, remaining: { ...result.remaining } };
  }

  async keys(): Promise<MasterKeysDto> {
    const usage = await this.rotation.usage();
    return {
      currentKeyId: usage.currentKeyId,
      keys: usage.keys.map((key) => ({
        keyId: key.keyId,
        current: key.current,
        vaultEntries: key.vaultEntries,
        authServices: key.authServices,
        signingKeys: key.signingKeys,
        identitySettings: key.identitySettings,
        mfaFactors: key.mfaFactors,
        appSignatures: key.appSignatures,
      })),
    };
  }
}
