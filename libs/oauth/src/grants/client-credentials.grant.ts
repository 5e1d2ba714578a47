import { Injectable } from '@nestjs/common';
import type { ScopePolicy } from '../tokens/scopes';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';

/**
 * RFC 6749 §4.4: a confidential client's own token. `sub` is the client id (RFC 9068 §2.2); only
 * the environment's custom scopes apply (no user, so no OpenID scopes), and no refresh token.
 */
@Injectable()
export class ClientCredentialsGrant implements GrantType {
  readonly name = 'client_credentials';
  readonly parameters = ['scope'];
  readonly requiredParameters = [];
  readonly confidentialOnly = true;
  readonly scopePolicy: ScopePolicy = { from: 'request', openid: false };

  async authorize({ scope }: GrantRequest): Promise<GrantOutcome> {
    return { subject: { kind: 'client' }, scope };
  }
}
