import { Injectable } from '@nestjs/common';
import {
  authorizationScheme,
  checkOrigin,
  ClientResolver,
  OAuthError,
  type AppClient,
  type ClientCredentialsSource,
  type OpenDriverClients,
} from '@rapidauth/oauth';
import { GrantLogins } from './grant-logins';

/**
 * Open-driver authentication of authentication grants, for JavaScript apps that
 * cannot keep a secret: the password grant with the client's `client_id` alone and a grant's key and
 * secret. A grant of that client which allows open driver vouches for the client — also a
 * confidential one. Anything else is not an open-driver login, and its client authentication keeps
 * failing exactly as it did.
 */
@Injectable()
export class OpenDriverGrantClients implements OpenDriverClients {
  constructor(
    private readonly resolver: ClientResolver,
    private readonly grantLogins: GrantLogins,
  ) {}

  async vouchedClient(source: ClientCredentialsSource & { body: Record<string, string> }, ip: string): Promise<AppClient | undefined> {
    const { body } = source;
    const withoutSecret = authorizationScheme(source.authorization) !== 'basic' && body.client_secret === undefined;
    if (!withoutSecret || body.grant_type !== 'password' || body.client_id === undefined || body.password === undefined) return undefined;
    if (!this.grantLogins.handles(body.username)) return undefined;
    let client: AppClient;
    try {
      client = await this.resolver.resolveApp(body.client_id);
    } catch (error) {
      if (error instanceof OAuthError) return undefined;
      throw error;
    }
    if (!(await this.grantLogins.vouchesFor(client, { key: body.username, secret: body.password }, ip))) return undefined;
    checkOrigin(client, source.origin);
    return client;
  }
}
