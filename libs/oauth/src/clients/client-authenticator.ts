import { Injectable } from '@nestjs/common';
import type { TokenEndpointAuthMethod } from '@rapidauth/database';
import { SecretHasher } from '@rapidauth/vault';
import { InvalidClientError, InvalidRequestError } from '../errors';
import { authorizationScheme, basicCredentials } from '../http/authorization-header';
import { ClientResolver } from './client-resolver';
import { checkOrigin } from './origin-check';
import type { AppClient, ClientPrincipal } from './resolved-client';

/** The parts of an HTTP request client authentication reads. */
export interface ClientCredentialsSource {
  authorization?: string;
  body: Record<string, unknown>;
  /** The browser's Origin header, if any: it must be one the client allows. */
  origin?: string;
}

/** Origins allowed for an app client beside its own `allowedOrigins` (an endpoint's own, by environment). */
export type MoreOrigins = (client: AppClient) => Promise<readonly string[]>;

interface PresentedCredentials {
  method: TokenEndpointAuthMethod;
  clientId: string;
  secret?: string;
}

/**
 * Client authentication (RFC 6749 §2.3): `client_secret_basic`, `client_secret_post`, or `none`
 * for public clients (client_id alone). A request may use one method only; the method must be one
 * the client registered; secrets are compared as peppered HMACs in constant time; browser
 * requests must come from one of the client's allowed origins.
 */
@Injectable()
export class ClientAuthenticator {
  constructor(
    private readonly resolver: ClientResolver,
    private readonly hasher: SecretHasher,
  ) {}

  async authenticate(source: ClientCredentialsSource, moreOrigins?: MoreOrigins): Promise<ClientPrincipal> {
    const presented = presentedCredentials(source);
    const basic = presented.method === 'client_secret_basic';
    let client: ClientPrincipal;
    try {
      client = await this.resolver.resolve(presented.clientId);
    } catch (error) {
      if (error instanceof InvalidClientError) throw new InvalidClientError(undefined, { basicChallenge: basic, detail: error.detail });
      throw error;
    }
    const allowed: readonly TokenEndpointAuthMethod[] =
      client.kind === 'organization' ? ['client_secret_basic', 'client_secret_post'] : client.authMethods;
    if (!allowed.includes(presented.method)) {
      throw new InvalidClientError('client authentication failed', {
        basicChallenge: basic,
        detail: `method ${presented.method} not registered for ${client.clientId}`,
      });
    }
    if (presented.method !== 'none' && !this.hasher.verify(presented.secret ?? '', client.secretHash)) {
      throw new InvalidClientError('client authentication failed', { basicChallenge: basic, detail: 'wrong secret' });
    }
    if (presented.method !== 'none' && client.kind === 'app' && client.secretExpiresAt && client.secretExpiresAt.getTime() <= Date.now()) {
      throw new InvalidClientError('client authentication failed', { basicChallenge: basic, detail: 'expired secret' });
    }
    const more = source.origin !== undefined && moreOrigins && client.kind === 'app' ? await moreOrigins(client) : [];
    checkOrigin(client, source.origin, more);
    return client;
  }
}

function presentedCredentials({ authorization, body }: ClientCredentialsSource): PresentedCredentials {
  const bodyId = stringParam(body, 'client_id');
  const bodySecret = stringParam(body, 'client_secret');
  if (authorizationScheme(authorization) === 'basic') {
    if (bodySecret !== undefined) {
      throw new InvalidRequestError('use one client authentication method, not several', { code: 'INVALID_PARAMETER' });
    }
    const { clientId, clientSecret } = basicCredentials(authorization);
    if (bodyId !== undefined && bodyId !== clientId) {
      throw new InvalidRequestError('client_id differs from the authenticated client', { code: 'INVALID_PARAMETER' });
    }
    return { method: 'client_secret_basic', clientId, secret: clientSecret };
  }
  if (bodyId === undefined) throw new InvalidClientError('client authentication is required', { code: 'INVALID_CLIENT' });
  if (bodySecret !== undefined) return { method: 'client_secret_post', clientId: bodyId, secret: bodySecret };
  return { method: 'none', clientId: bodyId };
}

function stringParam(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new InvalidRequestError(`${name} must be given once, as a string`, { code: 'DUPLICATE_PARAMETER' });
  return value;
}
