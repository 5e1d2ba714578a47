import { Injectable } from '@nestjs/common';
import { AuditLog } from '@rapidauth/access';
import { SigningKeys } from '@rapidauth/oauth';
import { auditedBy, type RequestContext } from '../http/request-context';
import type { RotatedKeyDto, RotatedKeysDto, RotateSigningKeyDto } from './signing-keys.dto';

const ALGORITHMS = ['ES256', 'RS256'] as const;

/**
 * Token signing keys: a rotated key is published in JWKS at once and signs ten minutes later.
 * Keys are platform-level and not rows an admin finds by id, so their events are recorded here.
 */
@Injectable()
export class SigningKeysService {
  constructor(
    private readonly keys: SigningKeys,
    private readonly audit: AuditLog,
  ) {}

  async rotate(context: RequestContext, input: RotateSigningKeyDto): Promise<RotatedKeysDto> {
    const rotated: RotatedKeyDto[] = [];
    for (const alg of input.alg ? [input.alg] : ALGORITHMS) {
      const key = await this.keys.rotate(alg);
      rotated.push({ kid: key.kid, alg, activatesAt: key.activatesAt });
      await this.audit.record({
        ...auditedBy(context),
        action: 'signing_key.rotate',
        target: { type: 'signing_key', id: key.kid },
        details: { alg, activatesAt: key.activatesAt.toISOString() },
      });
    }
    return { rotated };
  }
}
