import { Injectable } from '@nestjs/common';
import { AuthorizationCodeEntity } from '@rapidauth/database';
import { DataSource, EntityManager } from 'typeorm';
import { randomToken, sha256 } from '../shared/hash';
import type { AuthorizationRequest } from './authorization-request';
import type { BrowserSession } from './browser-sessions';

/** Authorization codes: random, stored by hash, single use, living the service's grant TTL. */
@Injectable()
export class AuthorizationCodes {
  constructor(private readonly dataSource: DataSource) {}

  async issue(
    input: { request: AuthorizationRequest; session: BrowserSession; environmentId: string; serviceId: string; ttlSeconds: number },
    now: Date,
  ): Promise<string> {
    const code = randomToken();
    await this.dataSource.manager.insert(AuthorizationCodeEntity, {
      codeHash: sha256(code),
      environmentId: input.environmentId,
      clientId: input.request.clientId,
      accountId: input.session.accountId,
      identityId: input.session.identityId,
      authServiceId: input.serviceId,
      redirectUri: input.request.redirectUri,
      scope: input.request.scope.join(' '),
      nonce: input.request.nonce ?? null,
      codeChallenge: input.request.codeChallenge,
      codeChallengeMethod: 'S256',
      authTime: input.session.authTime,
      sessionId: input.session.id,
      expiresAt: new Date(now.getTime() + input.ttlSeconds * 1000),
      consumedAt: null,
      familyId: null,
    });
    return code;
  }

  /** The code's row, locked until the transaction ends, so concurrent exchanges go one at a time. */
  lockByCode(manager: EntityManager, code: string): Promise<AuthorizationCodeEntity | null> {
    return manager
      .getRepository(AuthorizationCodeEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.code_hash = :hash', { hash: sha256(code) })
      .getOne();
  }

  async markUsed(manager: EntityManager, codeId: string, now: Date): Promise<void> {
    await manager.update(AuthorizationCodeEntity, { id: codeId }, { consumedAt: now });
  }

  async recordFamily(manager: EntityManager, codeId: string, familyId: string): Promise<void> {
    await manager.update(AuthorizationCodeEntity, { id: codeId }, { familyId });
  }
}
