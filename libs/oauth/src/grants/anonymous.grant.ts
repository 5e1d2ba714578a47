import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccountIdentities } from '@rapidauth/identity';
import { DataSource } from 'typeorm';
import { OwnIdentityLogins } from '../login/own-identity-logins';
import type { ScopePolicy } from '../tokens/scopes';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';

export const ANONYMOUS_GRANT_TYPE = 'urn:rapidauth:grant-type:anonymous';
/** The identity provider of anonymous accounts. */
export const ANONYMOUS_PROVIDER = 'anonymous';

/**
 * A guest login (docs/gateway.md#anonymous-login): every request creates a new account, with one
 * `anonymous` identity named by a random providerUid, that expires `anonymous.ttlSeconds` after
 * it was created; its tokens never outlive it, and the expiry cleanup deletes it.
 */
@Injectable()
export class AnonymousGrant implements GrantType {
  readonly name = ANONYMOUS_GRANT_TYPE;
  readonly parameters = ['scope'];
  readonly requiredParameters = [];
  readonly confidentialOnly = false;
  readonly scopePolicy: ScopePolicy = { from: 'request', openid: true };
  private readonly accounts: AccountIdentities;

  constructor(
    dataSource: DataSource,
    private readonly logins: OwnIdentityLogins,
  ) {
    this.accounts = new AccountIdentities(dataSource);
  }

  async authorize(request: GrantRequest): Promise<GrantOutcome> {
    const { client, now } = request;
    const settings = await this.logins.settingsFor(client.environmentId, 'anonymous');
    const accountExpiresAt = new Date(now.getTime() + settings.anonymous.ttlSeconds * 1000);
    return this.logins.login(request, async (manager) => {
      const row = { environmentId: client.environmentId, provider: ANONYMOUS_PROVIDER, providerUid: randomUUID(), username: null, email: null, profile: {} };
      const created = await this.accounts.create(manager, row, now, accountExpiresAt);
      if (!created) throw new Error('a random anonymous providerUid was taken');
      return created;
    });
  }
}
