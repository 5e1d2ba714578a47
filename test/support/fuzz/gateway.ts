import fc from 'fast-check';
import { startScratchGateway, type GatewayInstance } from '../gateway-instance';
import { createBackendJob, createTenant } from '../tenant';
import { testRedisUrl } from '../test-servers';
import { anyText, endpoint, extraHeaders, GRANT_TYPES, longText, malformedBasic, randomFields } from './arbitraries';
import {
  basicCredentials,
  formProbe,
  noCredentials,
  postCredentials,
  printable,
  runs,
  TABLES,
  type Credentials,
  type Endpoint,
  type Exchange,
  type Field,
  type Probe,
} from './requests';

/** The custom scopes of the fuzzed tenant's environment. */
export const customScopes = ['orders:read', 'orders:write', 'https://api.example.com/reports.read', 'x'];

/**
 * One gateway for a fuzz suite, started in this process by the calling describe block's beforeAll
 * (a tenant with `customScopes`, a client_secret_post client for client_credentials, a public
 * client and an access token) and stopped by its afterAll; with the requests and arbitraries that
 * need it. `fixture` is filled in by beforeAll: read it inside the tests.
 */
export function fuzzGateway() {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let registered: { clientId: string; clientSecret: string };
  let publicClientId: string;
  let accessToken: string;
  let accessKid: string;

  const send = async (probe: Probe): Promise<Exchange> => {
    const response = await fetch(`${gateway.url}${probe.path}`, { method: 'POST', headers: probe.headers, body: probe.body, redirect: 'manual' });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      wwwAuthenticate: response.headers.get('www-authenticate'),
      cacheControl: response.headers.get('cache-control'),
      text: await response.text(),
    };
  };

  /** Row count and a digest of every row, per table. */
  const snapshot = async (): Promise<Record<string, string>> => {
    const state: Record<string, string> = {};
    for (const table of TABLES) {
      const [row] = (await gateway.running.runtime.database.dataSource.query(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "${table}" t`,
      )) as Array<{ rows: number; digest: string }>;
      state[table] = `${row.rows} rows, ${row.digest}`;
    }
    return state;
  };

  /** Runs a property whose requests are all invalid, and checks that they changed nothing. */
  const assertUnchanged = async (property: fc.IAsyncProperty<[Probe]>, numRuns: number) => {
    const before = await snapshot();
    await fc.assert(property, { numRuns: runs(numRuns) });
    expect(await snapshot()).toEqual(before);
  };

  const probes = (arbitrary: fc.Arbitrary<Probe>) => arbitrary.map(printable);

  // Credentials of the running gateway.
  const envBasic = () => basicCredentials(tenant.environment.appKey, tenant.appSecret, 'basic appKey');
  const envPost = () => postCredentials(tenant.environment.appKey, tenant.appSecret, 'post appKey');
  const realIds = () =>
    fc.constantFrom(tenant.environment.appKey, `${tenant.environment.appKey}.${tenant.localService.id}`, registered.clientId, tenant.organization.clientId, publicClientId);
  /** Ids: real ones, look-alikes and garbage. */
  const anyId = () =>
    fc.oneof(
      realIds(),
      fc.constantFrom('ak_nobody', `${tenant.environment.appKey}.`, `.${tenant.localService.id}`, `${tenant.environment.appKey}.not-a-uuid`, `${tenant.environment.appKey}.${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`),
      anyText(30),
      longText(190, 260),
    );
  /**
   * Secrets that are never right (a real secret is 43 base64url characters). In a header they
   * stay short enough for Node's 16 KiB header limit (that limit has a property of its own).
   */
  const wrongSecret = (maxLength = 1000) =>
    fc.oneof(
      anyText(60),
      fc.constant(''),
      longText(40, maxLength),
      fc.constant(tenant.appSecret.slice(0, -1)),
      fc.constant(`${tenant.appSecret}x`),
      fc.constant(tenant.appSecret.toUpperCase()),
    );
  /** An empty `client_secret` in the body counts as none (RFC 6749 §2.3.1), which authenticates the public client. */
  const notPublicWithoutSecret = ([id, secret]: [string, string]) => !(id === publicClientId && secret === '');
  /** Credentials that never authenticate. */
  const wrongCredentials = (): fc.Arbitrary<Credentials> =>
    fc.oneof(
      fc.constant(noCredentials),
      fc.tuple(anyId(), wrongSecret()).map(([id, secret]) => basicCredentials(id, secret, 'basic wrong secret')),
      fc.tuple(anyId(), wrongSecret(6000)).filter(notPublicWithoutSecret).map(([id, secret]) => postCredentials(id, secret, 'post wrong secret')),
      // client_id alone authenticates a public client, which may revoke: not that one here.
      anyId()
        .filter((id) => id !== publicClientId)
        .map((id) => ({ ...noCredentials, label: 'client_id only', fields: [['client_id', id]] as Field[], others: [id] })),
      malformedBasic(anyId(), wrongSecret()),
      // Right secrets, wrong method or wrong client.
      fc.constantFrom(
        basicCredentials(registered.clientId, registered.clientSecret, 'basic for a client_secret_post client'),
        postCredentials(publicClientId, tenant.appSecret, 'post for a public client'),
        basicCredentials(tenant.environment.appKey, registered.clientSecret, "basic appKey with another client's secret"),
        postCredentials(`${tenant.environment.appKey}.${tenant.localService.id}x`, tenant.appSecret, 'post appKey.serviceId with a bad service id'),
      ),
    );
  /** Real credentials of every kind the endpoint accepts. */
  const goodCredentials = (path: Endpoint): fc.Arbitrary<Credentials> => {
    const common = [
      envBasic(),
      envPost(),
      basicCredentials(`${tenant.environment.appKey}.${tenant.localService.id}`, tenant.appSecret, 'basic appKey.serviceId'),
      postCredentials(registered.clientId, registered.clientSecret, 'post registered client'),
    ];
    if (path === '/oauth/introspect') common.push(basicCredentials(tenant.organization.clientId, tenant.organizationSecret, 'basic organization client'));
    if (path === '/oauth/revoke') common.push({ ...noCredentials, label: 'public client_id', fields: [['client_id', publicClientId]], others: [publicClientId] });
    return fc.constantFrom(...common);
  };
  /** What makes the request otherwise valid, per endpoint. */
  const baseFields = (path: Endpoint): Field[] => (path === '/oauth/token' ? [['grant_type', 'client_credentials']] : [['token', 'not-a-token']]);

  beforeAll(async () => {
    gateway = await startScratchGateway({
      // The rate limiters run (in Redis, on fuzzed keys) but never refuse: hundreds of requests a
      // second are the point here, and rate-limits.e2e.ts tests the limits themselves.
      env: { REDIS_URL: testRedisUrl(), TOKEN_RATE_LIMIT: '1000000', LOGIN_RATE_LIMIT: '1000000' },
    });
    tenant = await createTenant(gateway.provisioner, { customScopes });
    const { client, clientSecret } = await createBackendJob(gateway.provisioner, tenant.environment.id);
    registered = { clientId: client.clientId, clientSecret: clientSecret! };
    const { client: publicClient } = await gateway.provisioner.createClient({
      environmentId: tenant.environment.id,
      name: 'SPA',
      type: 'public',
      redirectUris: ['https://app.example.com/cb'],
    });
    publicClientId = publicClient.clientId;

    const issued = await send(formProbe('setup', '/oauth/token', [['grant_type', 'client_credentials'], ['scope', 'orders:read']], envBasic()));
    expect(issued.status).toBe(200);
    accessToken = (JSON.parse(issued.text) as { access_token: string }).access_token;
    accessKid = (JSON.parse(Buffer.from(accessToken.split('.')[0], 'base64url').toString()) as { kid: string }).kid;
  });

  afterAll(() => gateway?.stop());

  /** Random fields (and sometimes a real grant_type) with credentials that never authenticate. */
  const randomFieldProbes = () =>
    fc
      .tuple(
        endpoint,
        fc.option(fc.constantFrom(...GRANT_TYPES), { nil: undefined }),
        randomFields,
        wrongCredentials(),
        fc.boolean(),
        fc.constantFrom('', '; charset=utf-8', '; charset=ISO-8859-1', '; charset=UTF-8; x=y'),
        extraHeaders,
      )
      .map(([path, grantType, fields, credentials, raw, parameters, headers]) =>
        formProbe(grantType ? 'valid grant_type with garbage' : 'random fields', path, grantType ? [['grant_type', grantType], ...fields] : fields, credentials, {
          raw,
          contentType: `application/x-www-form-urlencoded${parameters}`,
          extraHeaders: headers,
        }),
      );

  const fixture = {
    get tenant() {
      return tenant;
    },
    get registered() {
      return registered;
    },
    get publicClientId() {
      return publicClientId;
    },
    get accessToken() {
      return accessToken;
    },
    get accessKid() {
      return accessKid;
    },
  };

  return { fixture, send, assertUnchanged, probes, envBasic, envPost, realIds, wrongSecret, wrongCredentials, goodCredentials, baseFields, randomFieldProbes };
}
