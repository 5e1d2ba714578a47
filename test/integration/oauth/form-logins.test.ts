import { randomUUID } from 'node:crypto';
import type { AppConfig } from '@rapidauth/config';
import { ConnectorConfigError, ConnectorError, type Connector, type ServiceConnectors, type UpstreamIdentity } from '@rapidauth/connectors';
import { AccountEntity, IdentityEntity, type Database } from '@rapidauth/database';
import { LoginThrottle, UpstreamIdentities, upstreamSubjectKey } from '@rapidauth/identity';
import { TooManyRequestsError, UnsupportedProviderError, type AppClient } from '@rapidauth/oauth';
import { FormLoginError } from '../../../libs/oauth/src/login/form-login.error';
import { FormLogins } from '../../../libs/oauth/src/login/form-logins';
import { PrometheusMetrics } from '../../../libs/observability/src/metrics/prometheus-metrics';
import { MemoryRateLimiter } from '../../../libs/oauth/src/rate-limit/rate-limiter';
import { RateLimits } from '../../../libs/oauth/src/rate-limit/rate-limits';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { sampleSum } from '../../support/metrics-exposition';
import { createTenant, provisionerOn } from '../../support/tenant';

const PASSWORD = 'the right password';

/**
 * The form-login path the login page and the password grant share, against a scripted upstream
 * connector, on both backends: lockout at the gateway for upstream logins, the upstream's answers
 * mapped to catalogue codes, the identity found or created.
 */
describe.each(BACKENDS)('form logins (%s)', (_label, kind) => {
  let database: Database;
  let environmentId: string;
  let throttle: LoginThrottle;
  let connector: Connector;
  let opened: jest.Mock;
  let upstreamLogin: jest.Mock;
  let ownLogin: jest.Mock;
  let serviceId: string;
  let metrics: PrometheusMetrics;

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    environmentId = (await createTenant(provisionerOn(database.dataSource))).environment.id;
    throttle = new LoginThrottle(database.dataSource);
  });

  afterAll(() => database?.close());

  beforeEach(() => {
    serviceId = randomUUID();
    upstreamLogin = jest.fn();
    ownLogin = jest.fn();
    connector = {
      service: { id: serviceId, type: 'ldap', organizationId: randomUUID(), environmentId: null, config: { allowedAttributes: ['groups'] }, secrets: {}, updatedAt: new Date() },
      formLogin: { login: upstreamLogin },
      close: async () => undefined,
    };
    opened = jest.fn(async () => connector);
    metrics = new PrometheusMetrics('test');
  });

  const formLogins = (loginPerMinute = 1000) =>
    new FormLogins(
      { open: opened } as unknown as ServiceConnectors,
      new RateLimits(new MemoryRateLimiter(), { rateLimits: { tokenPerSecond: 0, loginPerMinute, authorizePerMinute: 0 } } as AppConfig, metrics),
      throttle,
      new UpstreamIdentities(database.dataSource),
      metrics,
    );
  const client = () => ({ environmentId, service: { id: serviceId, type: 'ldap', stored: { id: serviceId } } }) as unknown as AppClient;
  const attempt = (password = PASSWORD, ip = '192.0.2.10', now = new Date()) => ({ client: client(), username: ' Bob ', password, ip, now });
  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => 'signed in',
      (error: unknown) => (error instanceof FormLoginError ? error.code : error instanceof TooManyRequestsError ? 'RATE_LIMITED' : `unexpected ${error}`),
    );
  const failures = async () => {
    const rows = await database.dataSource.query(`SELECT "failures" FROM "login_throttle" WHERE "key" = $1`, [upstreamSubjectKey(serviceId, 'bob')]);
    return rows[0]?.failures ?? 0;
  };
  const bob = (attributes: Record<string, unknown> = {}): UpstreamIdentity => ({ providerUid: `uid-${serviceId}`, username: 'bob', attributes });
  const refuse = (code: ConnectorError['code'], retryAfterSeconds?: number) => async () => {
    throw new ConnectorError(code, 'refused', { detail: 'upstream said no', retryAfterSeconds });
  };
  const answer = async (credentials: { password: string }) => {
    if (credentials.password !== PASSWORD) throw new ConnectorError('INVALID_CREDENTIALS', 'wrong username or password');
    return bob({ groups: ['staff'], homeDirectory: '/home/bob' });
  };

  it('signs an upstream user in: the identity created with the allowed attributes, the failures it saw given back', async () => {
    upstreamLogin.mockImplementation(answer);
    expect(await outcome(formLogins().login(attempt('wrong')))).toBe('INVALID_CREDENTIALS');
    expect(await failures()).toBe(1);
    const { user } = await formLogins().login(attempt());
    expect(await failures()).toBe(0);
    expect(upstreamLogin).toHaveBeenLastCalledWith({ username: ' Bob ', password: PASSWORD }, expect.objectContaining({ environmentId, ip: '192.0.2.10' }));
    const identity = await database.dataSource.manager.findOneByOrFail(IdentityEntity, { id: user.identityId });
    expect(identity).toMatchObject({ accountId: user.accountId, provider: serviceId, providerUid: `uid-${serviceId}`, environmentId });
    expect(identity.profile).toEqual({ groups: ['staff'], id: `uid-${serviceId}`, audience: serviceId });
    // A directory login is a password login (RFC 8176 pwd) of the service's identity.
    expect(user).toMatchObject({ provider: serviceId, providerUid: `uid-${serviceId}` });
    expect(await formLogins().login(attempt())).toEqual({ user, claims: { provider: serviceId, providerUid: `uid-${serviceId}`, amr: ['pwd'] } });
  });

  it('locks after 5 failures by service and normalised username, without asking the upstream again', async () => {
    upstreamLogin.mockImplementation(answer);
    const now = new Date();
    for (let i = 0; i < 5; i++) expect(await outcome(formLogins().login(attempt('wrong', `198.51.100.${i}`, now)))).toBe('INVALID_CREDENTIALS');
    expect(await outcome(formLogins().login(attempt(PASSWORD, '198.51.100.99', now)))).toBe('IDENTITY_TEMPORARILY_LOCKED');
    expect(upstreamLogin).toHaveBeenCalledTimes(5);
    // The lock is this service's: the same username at another service is not locked.
    serviceId = randomUUID();
    connector = { ...connector, service: { ...connector.service, id: serviceId } };
    expect(await outcome(formLogins().login(attempt(PASSWORD, '198.51.100.99', now)))).toBe('signed in');
  });

  it('answers UPSTREAM_UNAVAILABLE with a retry delay and counts no failure for an upstream that cannot be asked', async () => {
    upstreamLogin.mockImplementation(refuse('UPSTREAM_UNAVAILABLE', 7));
    for (let i = 0; i < 8; i++) {
      const refused = await formLogins().login(attempt()).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(FormLoginError);
      expect(refused).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', unavailable: true, retryAfterSeconds: 7 });
    }
    expect(await failures()).toBe(0);
    upstreamLogin.mockImplementation(refuse('UPSTREAM_UNAVAILABLE'));
    expect(await formLogins().login(attempt()).catch((error: FormLoginError) => error.retryAfterSeconds)).toBe(5);
    upstreamLogin.mockImplementation(answer);
    expect(await outcome(formLogins().login(attempt()))).toBe('signed in');
  });

  it("passes the upstream's own refusals on, counting those that judged the password", async () => {
    upstreamLogin.mockImplementation(refuse('UPSTREAM_REJECTED'));
    expect(await outcome(formLogins().login(attempt()))).toBe('UPSTREAM_REJECTED');
    expect(await failures()).toBe(1);
    upstreamLogin.mockImplementation(refuse('IDENTITY_TEMPORARILY_LOCKED'));
    expect(await outcome(formLogins().login(attempt()))).toBe('IDENTITY_TEMPORARILY_LOCKED');
    expect(await failures()).toBe(1);
    upstreamLogin.mockImplementation(refuse('ACCOUNT_DISABLED'));
    expect(await outcome(formLogins().login(attempt()))).toBe('ACCOUNT_DISABLED');
    expect(await failures()).toBe(0);
  });

  it('refuses an account disabled at the gateway after the upstream accepted the password', async () => {
    upstreamLogin.mockImplementation(answer);
    const { accountId } = (await formLogins().login(attempt())).user;
    await database.dataSource.manager.update(AccountEntity, { id: accountId }, { disabled: true });
    expect(await outcome(formLogins().login(attempt()))).toBe('ACCOUNT_DISABLED');
  });

  it('holds upstream logins to the sign-in rate limit before the upstream is asked', async () => {
    upstreamLogin.mockImplementation(answer);
    const limited = formLogins(2);
    expect(await outcome(limited.login(attempt()))).toBe('signed in');
    expect(await outcome(limited.login(attempt()))).toBe('signed in');
    expect(await outcome(limited.login(attempt()))).toBe('RATE_LIMITED');
    expect(upstreamLogin).toHaveBeenCalledTimes(2);
    const exposition = await metrics.exposition();
    expect(sampleSum(exposition, 'rapidauth_logins_total', { connector_type: 'ldap', outcome: 'success' })).toBe(2);
    expect(sampleSum(exposition, 'rapidauth_logins_total', { connector_type: 'ldap', outcome: 'RATE_LIMITED' })).toBe(1);
    expect(sampleSum(exposition, 'rapidauth_rate_limited_total', { limit: 'login' })).toBe(1);
  });

  it('counts each login by the service type and its catalogue code', async () => {
    upstreamLogin.mockImplementation(answer);
    await outcome(formLogins().login(attempt('wrong')));
    upstreamLogin.mockImplementation(refuse('UPSTREAM_UNAVAILABLE'));
    await outcome(formLogins().login(attempt()));
    const exposition = await metrics.exposition();
    expect(sampleSum(exposition, 'rapidauth_logins_total', { connector_type: 'ldap', outcome: 'INVALID_CREDENTIALS' })).toBe(1);
    expect(sampleSum(exposition, 'rapidauth_logins_total', { connector_type: 'ldap', outcome: 'UPSTREAM_UNAVAILABLE' })).toBe(1);
    expect(sampleSum(exposition, 'rapidauth_logins_total')).toBe(2);
  });

  it("leaves the gateway's own identities to their connector: no second lockout count", async () => {
    connector = { service: connector.service, ownLogin: { login: ownLogin }, close: async () => undefined };
    const user = { accountId: 'a', identityId: 'i', provider: 'local', providerUid: 'bob' };
    ownLogin.mockResolvedValue(user);
    expect(await formLogins().login(attempt())).toEqual({ user, claims: { provider: 'local', providerUid: 'bob', amr: ['pwd'] } });
    expect(ownLogin).toHaveBeenCalledWith({ username: ' Bob ', password: PASSWORD }, expect.objectContaining({ environmentId, ip: '192.0.2.10' }));
    expect(await database.dataSource.query(`SELECT 1 FROM "login_throttle" WHERE "key" = $1`, [upstreamSubjectKey(serviceId, 'bob')])).toEqual([]);
  });

  it('answers UNSUPPORTED_PROVIDER for a type without a connector', async () => {
    opened.mockRejectedValue(new ConnectorConfigError([{ field: 'type', message: 'saml-post services cannot be opened yet' }]));
    await expect(formLogins().login(attempt())).rejects.toBeInstanceOf(UnsupportedProviderError);
  });
});
