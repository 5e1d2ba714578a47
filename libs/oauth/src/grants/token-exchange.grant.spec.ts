import { ConnectorError, ConnectorRegistry, type Connector, type ServiceConnectors } from '@rapidauth/connectors';
import type { UpstreamIdentities } from '@rapidauth/identity';
import type { TokenVault } from '@rapidauth/vault';
import type { DataSource } from 'typeorm';
import type { AppClient } from '../clients/resolved-client';
import { InvalidGrantError, InvalidRequestError, ServiceUnavailableError, UnauthorizedClientError } from '../errors';
import type { RefreshTokens } from '../refresh/refresh-tokens';
import type { GrantRequest } from './grant-type';
import { subjectTokenOf, TokenExchangeGrant } from './token-exchange.grant';

const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';

describe('subjectTokenOf (RFC 8693 §2.1)', () => {
  it('reads the two subject token types, with or without the access token asked for', () => {
    expect(subjectTokenOf({ subject_token: 't', subject_token_type: ID_TOKEN })).toEqual({ token: 't', type: 'id_token' });
    expect(subjectTokenOf({ subject_token: 't', subject_token_type: ACCESS_TOKEN, requested_token_type: ACCESS_TOKEN })).toEqual({ token: 't', type: 'access_token' });
  });

  it.each([
    ['an unknown subject type', { subject_token_type: 'urn:ietf:params:oauth:token-type:saml2' }],
    ['a bare type name', { subject_token_type: 'id_token' }],
    ['an inherited property name', { subject_token_type: 'constructor' }],
    ['a refresh token asked for', { subject_token_type: ID_TOKEN, requested_token_type: 'urn:ietf:params:oauth:token-type:refresh_token' }],
    ['an ID token asked for', { subject_token_type: ID_TOKEN, requested_token_type: ID_TOKEN }],
    ['delegation', { subject_token_type: ID_TOKEN, actor_token: 'a', actor_token_type: ACCESS_TOKEN }],
    ['an actor type alone', { subject_token_type: ID_TOKEN, actor_token_type: ACCESS_TOKEN }],
    ['an audience', { subject_token_type: ID_TOKEN, audience: 'https://api.example.com' }],
    ['a resource', { subject_token_type: ID_TOKEN, resource: 'https://api.example.com/' }],
  ])('refuses %s as invalid_request INVALID_PARAMETER', (_case, params) => {
    const refused = (() => {
      try {
        return subjectTokenOf({ subject_token: 't', ...params });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(InvalidRequestError);
    expect(refused).toMatchObject({ error: 'invalid_request', code: 'INVALID_PARAMETER' });
  });
});

describe('TokenExchangeGrant', () => {
  const exchange = jest.fn();
  const subjectTokenTypes = ['id_token', 'access_token'];
  const connectors = { open: async () => ({ service: { id: 'service', config: {} }, tokenExchange: { subjectTokenTypes, exchange } }) as unknown as Connector };
  const grant = new TokenExchangeGrant(
    {} as DataSource,
    new ConnectorRegistry(),
    connectors as unknown as ServiceConnectors,
    {} as UpstreamIdentities,
    {} as RefreshTokens,
    {} as TokenVault,
  );
  const client = (type: string, firstParty = true) => ({ firstParty, environmentId: 'environment', service: { id: 'service', type, stored: {} } }) as unknown as AppClient;
  const request = (params: Record<string, string> = { subject_token: 't', subject_token_type: ID_TOKEN }) =>
    ({ params, client: client('oidc'), now: new Date(), ip: '192.0.2.1', scope: ['openid'] }) as unknown as GrantRequest;
  const refusal = (work: () => unknown) => {
    try {
      work();
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('takes first-party clients of oidc and oauth2 services only', () => {
    const params = { subject_token: 't', subject_token_type: ID_TOKEN };
    for (const type of ['oidc', 'oauth2']) expect(refusal(() => grant.checkRequest({ ...request(params), client: client(type) }))).toBeUndefined();
    for (const type of ['local', 'ldap', 'active-directory', 'custom', 'saml-post', 'saml-wrap', 'facebook']) {
      expect(refusal(() => grant.checkRequest({ ...request(params), client: client(type) }))).toMatchObject({ error: 'unauthorized_client', code: 'UNSUPPORTED_PROVIDER' });
    }
    const thirdParty = refusal(() => grant.checkRequest({ ...request(params), client: client('oidc', false) }));
    expect(thirdParty).toBeInstanceOf(UnauthorizedClientError);
  });

  it('answers an upstream that cannot be asked with 503 UPSTREAM_UNAVAILABLE and its Retry-After', async () => {
    exchange.mockRejectedValueOnce(new ConnectorError('UPSTREAM_UNAVAILABLE', 'down', { retryAfterSeconds: 7 }));
    const refused = await grant.authorize(request()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServiceUnavailableError);
    expect(refused).toMatchObject({ status: 503, error: 'temporarily_unavailable', code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 7 });
  });

  it('answers a refused token with invalid_grant UPSTREAM_REJECTED, the detail kept for the log only', async () => {
    exchange.mockRejectedValueOnce(new ConnectorError('UPSTREAM_REJECTED', 'the identity provider token was refused', { detail: 'id token: ERR_JWT_EXPIRED' }));
    const refused = await grant.authorize(request()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidGrantError);
    expect(refused).toMatchObject({ error: 'invalid_grant', code: 'UPSTREAM_REJECTED', detail: 'id token: ERR_JWT_EXPIRED' });
    expect((refused as Error).message).not.toContain('ERR_JWT_EXPIRED');
  });

  it('refuses a subject token type the service cannot check before asking the upstream', async () => {
    subjectTokenTypes.splice(0, 1);
    try {
      exchange.mockClear();
      const refused = await grant.authorize(request()).catch((error: unknown) => error);
      expect(refused).toMatchObject({ error: 'invalid_request', code: 'INVALID_PARAMETER' });
      expect(exchange).not.toHaveBeenCalled();
    } finally {
      subjectTokenTypes.unshift('id_token');
    }
  });
});
