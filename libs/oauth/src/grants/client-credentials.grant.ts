import { Injectable } from '@nestjs/common';
import { parseScope, requireAllowedScopes } from '../tokens/scopes';
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

  async authorize({ params, client }: GrantRequest): Promise<GrantOutcome> {
    return {
      subject: { kind: 'client' },
      scope: requireAllowedScopes(parseScope(params.scope), client.customScopes),
    };
  }
}
