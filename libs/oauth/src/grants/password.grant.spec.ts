import { ConnectorRegistry } from '@rapidauth/connectors';
import type { TokenVault } from '@rapidauth/vault';
import type { DataSource } from 'typeorm';
import type { AppClient } from '../clients/resolved-client';
import { InvalidGrantError, ServiceUnavailableError } from '../errors';
import { FormLoginError } from '../login/form-login.error';
import type { FormLogins } from '../login/form-logins';
import type { SecondFactors } from '../login/second-factors';
import type { RefreshTokens } from '../refresh/refresh-tokens';
import type { GrantRequest } from './grant-type';
import { PasswordGrant } from './password.grant';

describe('PasswordGrant', () => {
  const login = jest.fn();
  const grant = new PasswordGrant({} as DataSource, { login } as unknown as FormLogins, {} as RefreshTokens, new ConnectorRegistry(), {} as TokenVault, {} as SecondFactors);
  const client = (type: string) => ({ firstParty: true, environmentId: 'environment', service: { id: 'service', type } }) as unknown as AppClient;
  const request = (type = 'ldap') =>
    ({ params: { username: 'bob', password: 'secret' }, client: client(type), now: new Date(), ip: '192.0.2.1', scope: ['openid'] }) as unknown as GrantRequest;

  it('answers an upstream that cannot be asked with 503 temporarily_unavailable, its code and Retry-After', async () => {
    login.mockRejectedValueOnce(new FormLoginError('UPSTREAM_UNAVAILABLE', 'the directory cannot be reached', 9));
    const refused = await grant.authorize(request()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServiceUnavailableError);
    expect(refused).toMatchObject({ status: 503, error: 'temporarily_unavailable', code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 9 });
  });

  it.each(['INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'IDENTITY_TEMPORARILY_LOCKED', 'UPSTREAM_REJECTED'] as const)('answers %s as invalid_grant with that code', async (code) => {
    login.mockRejectedValueOnce(new FormLoginError(code, 'refused'));
    const refused = await grant.authorize(request()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidGrantError);
    expect(refused).toMatchObject({ status: 400, error: 'invalid_grant', code });
  });

});
