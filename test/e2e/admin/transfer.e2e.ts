import { randomUUID } from 'node:crypto';
import { DEFAULT_IDENTITY_METHOD_SETTINGS } from '@rapidauth/identity';
import { SignJWT } from 'jose';
import { managementToken, rootToken, startAdminTestbed, type AdminAnswer, type AdminTestbed } from '../../support/admin-api';
import { installationSecrets, type GatewayInstance } from '../../support/gateway-instance';
import { basicAuth, postForm } from '../../support/requests';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';
import { comparable } from '../../support/transfer-document';
import { startCapturedGateway } from '../observability/captured-gateway';

const SHARED_SECRET = 'the adaptor shared secret, long enough 0123456789';
const IMPORTED_SHARED_SECRET = 'the importer gives another shared secret 9876543210';
const PASSWORD = 'transfer viewer has a long password';
const CUSTOM_TOKEN_SECRET = 'the source backend signs custom tokens with this 0123456789';
const IMPORTED_CUSTOM_TOKEN_SECRET = 'the target backend signs custom tokens with another 9876543210';
const BACKEND = 'https://backend.globex.example';
/** Identity methods changed at the source: every section but phone and mfa differs from the defaults. */
const METHODS_PATCH = {
  anonymous: { enabled: true, ttlSeconds: 3600 },
  email: { enabled: true, requireVerification: false },
  customToken: { enabled: true, secret: CUSTOM_TOKEN_SECRET, issuer: BACKEND, maxAgeSeconds: 600 },
  otp: { length: 8, maxAttempts: 3 },
  freshLoginSeconds: 120,
  authorizedOrigins: ['https://shop.globex.example'],
  templates: { emailOtp: { subject: 'Your Globex code: {{code}}' } },
};

type Json = Record<string, any>;

/**
 * Export on one installation, import on another (two gateways, two fresh databases): the dry run's
 * plan, conflicts, one transaction, secrets newly issued and working at the second installation's
 * token endpoint, and nothing secret in the document or in the logs.
 */
describe('admin API: organization export and import across installations', () => {
  let source: AdminTestbed;
  let scratch: ScratchDatabase;
  let target: GatewayInstance;
  let targetRoot: string;
  let lines: string[];
  /** Every secret the source organization was given or issued; none may be in a document. */
  const secrets: string[] = [SHARED_SECRET, CUSTOM_TOKEN_SECRET];
  let document: Json;
  let customRef: string;
  let environmentRef: string;
  /** The source environment's identity methods as GET answers them. */
  let methods: Json;

  const targetApi = async (method: string, path: string, body?: unknown, bearer: string = targetRoot): Promise<AdminAnswer> => {
    const response = await fetch(`${target.adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
  };
  const importInto = (body: Json) => targetApi('POST', '/v1/organizations/import', body);
  const tokenAt = tokenAtGateway;
  const rowCounts = async () => {
    const [row] = await target.running.runtime.database.dataSource.query(
      `SELECT (SELECT count(*) FROM organization) AS organizations, (SELECT count(*) FROM app) AS apps, (SELECT count(*) FROM environment) AS environments,
              (SELECT count(*) FROM auth_service) AS services, (SELECT count(*) FROM client) AS clients, (SELECT count(*) FROM admin_group) AS groups,
              (SELECT count(*) FROM authority) AS authorities, (SELECT count(*) FROM data_link) AS links`,
    );
    return row as Record<string, string>;
  };

  beforeAll(async () => {
    source = await startAdminTestbed();
    scratch = await createScratchDatabase({ migrated: true });
    ({ gateway: target, lines } = await startCapturedGateway({
      databaseUrl: scratch.url,
      secrets: installationSecrets(),
      env: { LOG_LEVEL: 'debug', LOG_FORMAT: 'json' },
    }));
    targetRoot = await rootToken(target);

    const ok = async (answer: Promise<AdminAnswer>, status = 201) => {
      const { status: got, body } = await answer;
      if (got !== status) throw new Error(`set-up: ${got} ${JSON.stringify(body)}`);
      return body;
    };
    const organization = await ok(source.api('POST', '/v1/organizations', { name: 'globex', displayName: 'Globex Corp' }));
    secrets.push(organization.clientSecret);
    const app = await ok(source.api('POST', `/v1/organizations/${organization.id}/apps`, { name: 'shop', displayName: 'Shop' }));
    const environment = await ok(source.api('POST', `/v1/apps/${app.id}/environments`, { name: 'production', customScopes: ['orders:read'] }));
    secrets.push(environment.appSecret);
    const backend = await ok(
      source.api('POST', `/v1/environments/${environment.id}/clients`, { name: 'Backend', type: 'confidential', grantTypes: ['client_credentials'] }),
    );
    secrets.push(backend.clientSecret);
    await ok(
      source.api('POST', `/v1/environments/${environment.id}/clients`, {
        name: 'Mobile',
        type: 'public',
        applicationType: 'native',
        redirectUris: ['com.globex.shop:/callback'],
        dpopBoundAccessTokens: true,
        dpopNonceRequired: true,
      }),
    );
    const custom = await ok(
      source.api('POST', '/v1/auth-services', {
        name: 'Adaptor',
        type: 'custom',
        scope: { environmentId: environment.id },
        config: { redirectUris: ['com.globex.shop:/callback'], allowedAttributes: ['groups'], providerUri: 'http://127.0.0.1:9/adaptor', sharedSecret: SHARED_SECRET },
      }),
    );
    customRef = custom.id;
    await ok(
      source.api('PUT', `/v1/environments/${environment.id}/identity`, { enabledServices: [environment.defaultServiceId, custom.id], defaultService: environment.defaultServiceId }),
      200,
    );
    const group = await ok(source.api('POST', '/v1/groups', { name: 'shop-admins', description: 'Run the shop', organizationId: organization.id }));
    await ok(source.api('POST', '/v1/authorities', { principal: { type: 'group', id: group.id }, role: 'admin', target: { type: 'app', id: app.id } }));
    await ok(
      source.api('POST', '/v1/authorities', { principal: { type: 'organization-client', id: organization.clientId }, role: 'viewer', target: { type: 'environment', id: environment.id } }),
    );
    await ok(
      source.api('POST', `/v1/environments/${environment.id}/data-links`, { name: 'orders', backendUrl: 'https://orders.example.com/api', authServiceId: custom.id, timeoutMs: 2000 }),
    );

    await ok(source.api('PATCH', `/v1/environments/${environment.id}/identity-methods`, METHODS_PATCH), 200);
    methods = await ok(source.api('GET', `/v1/environments/${environment.id}/identity-methods`), 200);
    environmentRef = environment.id;

    const exported = await source.api('GET', `/v1/organizations/${organization.id}/export`);
    expect(exported.status).toBe(200);
    document = exported.body;
  });

  afterAll(async () => {
    await source?.stop();
    await target?.stop();
    await scratch?.drop();
  });

  it('exports the version-1 document: refs, the built-in local service, data links, and nothing secret', () => {
    expect(document).toMatchObject({
      format: 'rapidauth.organization',
      version: 1,
      source: { issuer: source.gateway.url },
      organization: { name: 'globex', displayName: 'Globex Corp' },
      apps: [{ name: 'shop', displayName: 'Shop' }],
      environments: [{ name: 'production', customScopes: ['orders:read'], usergridCompatibility: false }],
      groups: [{ name: 'shop-admins', description: 'Run the shop' }],
      dataLinks: [{ name: 'orders', authService: customRef, timeoutMs: 2000, enabled: true }],
      omitted: ['secrets', 'accounts', 'identities', 'authenticationGrants', 'tokens', 'sessions', 'auditEvents'],
    });
    expect(document.authServices.map((service: Json) => [service.type, service.secretsOmitted])).toEqual([
      ['local', []],
      ['custom', ['sharedSecret']],
    ]);
    expect(document.clients.map((client: Json) => [client.name, client.type, client.disabled, client.dpopBoundAccessTokens, client.dpopNonceRequired])).toEqual([
      ['Backend', 'confidential', false, false, false],
      ['Mobile', 'public', false, true, true],
    ]);
    expect(document.authorities).toEqual(
      expect.arrayContaining([
        { principal: { type: 'admin', username: 'root' }, role: 'owner', target: { type: 'organization' } },
        { principal: { type: 'group', ref: document.groups[0].ref }, role: 'admin', target: { type: 'app', ref: document.apps[0].ref } },
        { principal: { type: 'organization-client' }, role: 'viewer', target: { type: 'environment', ref: document.environments[0].ref } },
      ]),
    );
    const text = JSON.stringify(document);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/hash|encrypted|"clientSecret"|"appSecret"|"(sharedSecret|secret)"\s*:/i);
  });

  it("exports each environment's identity methods as GET answers them, the custom-token secret only named", () => {
    expect(methods.customToken).toMatchObject({ enabled: true, secretSet: true, issuer: BACKEND });
    expect(document.environments[0].identityMethods).toEqual(methods);
    expect(document.environments[0].secretsOmitted).toEqual(['customToken.secret']);
  });

  it('answers 404 for an unknown organization and 403 to an admin without organizations:write', async () => {
    expect((await source.api('GET', `/v1/organizations/${randomUUID()}/export`)).status).toBe(404);
    const viewer = await targetApi('POST', '/v1/admins', { username: 'transfer-viewer', password: PASSWORD });
    await targetApi('POST', '/v1/authorities', { principal: { type: 'admin', id: viewer.body.id }, role: 'viewer', target: { type: 'platform' } });
    const token = await managementTokenAt(target.adminUrl, 'transfer-viewer');
    expect(await targetApi('POST', '/v1/organizations/import', { document, dryRun: true }, token)).toMatchObject({ status: 403, body: { code: 'ACCESS_DENIED' } });
  });

  it('dry-runs the import: the plan, no conflicts, the missing secret; nothing written', async () => {
    const before = await rowCounts();
    const dryRun = await importInto({ document, dryRun: true });
    expect(dryRun).toEqual({
      status: 200,
      body: {
        dryRun: true,
        conflicts: [],
        plan: { apps: 1, environments: 1, authServices: 2, clients: 2, groups: 1, authorities: 3, appSignatures: 0 },
        missingSecrets: [
          { ref: customRef, keys: ['sharedSecret'] },
          { ref: environmentRef, keys: ['customToken.secret'] },
        ],
      },
    });
    expect(await rowCounts()).toEqual(before);
  });

  it('imports in one go: new secrets work at the second installation, and its export equals the first', async () => {
    const imported = await importInto({
      document,
      secrets: { [customRef]: { sharedSecret: IMPORTED_SHARED_SECRET }, [environmentRef]: { 'customToken.secret': IMPORTED_CUSTOM_TOKEN_SECRET } },
    });
    expect(imported.status).toBe(201);
    const { organization, environments, clients, authServices } = imported.body;
    expect(organization).toMatchObject({ name: 'globex', clientId: expect.stringMatching(/^org_/), clientSecret: expect.any(String) });
    expect(environments).toEqual([
      { ref: environmentRef, id: expect.any(String), appKey: document.environments[0].appKey, appSecret: expect.any(String), missingSecrets: [] },
    ]);
    expect(clients.map((client: Json) => [client.clientId, typeof client.clientSecret])).toEqual([
      [document.clients[0].clientId, 'string'],
      [document.clients[1].clientId, 'undefined'],
    ]);
    expect(authServices.map((service: Json) => [service.type, service.enabled, service.missingSecrets])).toEqual([
      ['local', true, []],
      ['custom', true, []],
    ]);
    for (const secret of [organization.clientSecret, environments[0].appSecret, clients[0].clientSecret]) expect(secrets).not.toContain(secret);

    const management = await postForm(`${target.adminUrl}/management/token`, {
      grant_type: 'client_credentials',
      client_id: organization.clientId,
      client_secret: organization.clientSecret,
    });
    expect(management.status).toBe(200);
    expect((await tokenAt(target.url, environments[0].appKey, environments[0].appSecret)).status).toBe(200);
    expect((await tokenAt(target.url, clients[0].clientId, clients[0].clientSecret)).status).toBe(200);
    expect((await tokenAt(target.url, clients[0].clientId, secrets[3])).status).toBe(401);

    const again = await targetApi('GET', `/v1/organizations/${organization.id}/export`);
    expect(again.status).toBe(200);
    expect(comparable(again.body)).toEqual(comparable(document));
    expect(JSON.stringify(again.body)).not.toContain(IMPORTED_CUSTOM_TOKEN_SECRET);
    const stored = await targetApi('GET', `/v1/auth-services/${authServices[1].id}`);
    expect(stored.body.secretsSet).toEqual(['sharedSecret']);
    expect(await targetApi('GET', `/v1/environments/${environments[0].id}/identity-methods`)).toEqual({ status: 200, body: methods });
    // The given secret was sealed for the new environment: the target's backend tokens sign in, the source's do not.
    const login = (secret: string) => customLogin(target.url, environments[0], secret);
    expect((await login(IMPORTED_CUSTOM_TOKEN_SECRET)).status).toBe(200);
    expect(await login(CUSTOM_TOKEN_SECRET)).toMatchObject({ status: 400, body: { error: 'invalid_grant', code: 'INVALID_TOKEN' } });
  });

  it('with clientIds "keep", a second import conflicts (dry run 200, real run 409, nothing written); "new" then succeeds', async () => {
    const dryRun = await importInto({ document, dryRun: true });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body.conflicts.map((conflict: Json) => [conflict.path, conflict.code])).toEqual([
      ['document.organization.name', 'NAME_TAKEN'],
      ['document.environments.0.appKey', 'APP_KEY_TAKEN'],
      ['document.clients.0.clientId', 'CLIENT_ID_TAKEN'],
      ['document.clients.1.clientId', 'CLIENT_ID_TAKEN'],
    ]);

    const before = await rowCounts();
    const refused = await importInto({ document, name: 'globex-copy' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'conflict', code: 'IMPORT_CONFLICT' });
    expect(refused.body.conflicts.map((conflict: Json) => conflict.code)).toEqual(['APP_KEY_TAKEN', 'CLIENT_ID_TAKEN', 'CLIENT_ID_TAKEN']);
    expect(await rowCounts()).toEqual(before);

    const copy = await importInto({ document, name: 'globex-copy', clientIds: 'new' });
    expect(copy.status).toBe(201);
    expect(copy.body.environments[0].appKey).not.toBe(document.environments[0].appKey);
    expect(copy.body.clients[0].clientId).not.toBe(document.clients[0].clientId);
    // No secret given: the custom service cannot reach its adaptor, so it starts disabled.
    expect(copy.body.authServices[1]).toMatchObject({ type: 'custom', enabled: false, missingSecrets: ['sharedSecret'] });
    expect((await tokenAt(target.url, copy.body.clients[0].clientId, copy.body.clients[0].clientSecret)).status).toBe(200);
    // Nor could HS256 custom tokens be checked: that login is off, everything else as exported.
    expect(copy.body.environments[0].missingSecrets).toEqual(['customToken.secret']);
    const copied = await targetApi('GET', `/v1/environments/${copy.body.environments[0].id}/identity-methods`);
    expect(copied.body).toEqual({ ...methods, customToken: { ...methods.customToken, enabled: false, secretSet: false } });
    expect(await customLogin(target.url, copy.body.environments[0], CUSTOM_TOKEN_SECRET)).toMatchObject({ status: 403, body: { code: 'PROVIDER_DISABLED' } });
  });

  it('imports a document from before identity methods with the defaults', async () => {
    const older = withDocument((copy) => {
      for (const environment of copy.environments) {
        delete environment.identityMethods;
        delete environment.secretsOmitted;
      }
    });
    const dryRun = await importInto({ document: older, name: 'globex-older', clientIds: 'new', dryRun: true });
    expect(dryRun.body).toMatchObject({ conflicts: [], missingSecrets: [{ ref: customRef, keys: ['sharedSecret'] }] });
    const imported = await importInto({ document: older, name: 'globex-older', clientIds: 'new' });
    expect(imported.status).toBe(201);
    expect(imported.body.environments[0].missingSecrets).toEqual([]);
    const stored = await targetApi('GET', `/v1/environments/${imported.body.environments[0].id}/identity-methods`);
    expect(stored).toEqual({ status: 200, body: DEFAULT_IDENTITY_METHOD_SETTINGS });
  });

  it('names an admin unknown here as a conflict', async () => {
    const stranger = { ...document, authorities: [{ principal: { type: 'admin', username: 'nobody-here' }, role: 'viewer', target: { type: 'organization' } }] };
    const dryRun = await importInto({ document: stranger, name: 'globex-stranger', clientIds: 'new', dryRun: true });
    expect(dryRun.body.conflicts).toEqual([{ path: 'document.authorities.0.principal.username', code: 'UNKNOWN_ADMIN', message: expect.any(String) }]);
    expect((await importInto({ document: stranger, name: 'globex-stranger', clientIds: 'new' })).status).toBe(409);
  });

  it('lets a platform admin import only authorities of admins holding nothing it lacks; it owns what it imports', async () => {
    const admin = await targetApi('POST', '/v1/admins', { username: 'transfer-admin', password: PASSWORD });
    await targetApi('POST', '/v1/authorities', { principal: { type: 'admin', id: admin.body.id }, role: 'admin', target: { type: 'platform' } });
    const token = await managementTokenAt(target.adminUrl, 'transfer-admin');
    const asAdmin = (body: Json) => targetApi('POST', '/v1/organizations/import', body, token);

    const refused = await asAdmin({ document, name: 'globex-by-admin', clientIds: 'new', dryRun: true });
    expect(refused.body.conflicts).toEqual([{ path: 'document.authorities.0.principal.username', code: 'ADMIN_BEYOND_IMPORTER', message: expect.any(String) }]);
    const withoutRoot = { ...document, authorities: document.authorities.filter((authority: Json) => authority.principal.type !== 'admin') };
    const imported = await asAdmin({ document: withoutRoot, name: 'globex-by-admin', clientIds: 'new' });
    expect(imported.status).toBe(201);
    const owners = await targetApi('GET', `/v1/authorities?targetType=organization&targetId=${imported.body.organization.id}`);
    expect(owners.body.rows.filter((row: Json) => row.principal.type === 'admin')).toEqual([expect.objectContaining({ principal: { type: 'admin', id: admin.body.id }, role: 'owner' })]);
  });

  it('of two concurrent imports of one name, one is created and the other is a 409', async () => {
    const race = () => importInto({ document, name: 'globex-race', clientIds: 'new' });
    const answers = await Promise.all([race(), race()]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(answers.find((answer) => answer.status === 409)!.body.code).toBe('IMPORT_CONFLICT');
  });

  const withDocument = (change: (copy: Json) => void) => {
    const copy = structuredClone(document);
    change(copy);
    return copy;
  };

  it.each<[string, () => Json, string, string]>([
    ['an unknown body field', () => ({ document, dryRun: true, extra: 1 }), 'INVALID_PARAMETER', 'extra'],
    ['an unknown document field', () => ({ document: { ...document, extra: 1 }, dryRun: true }), 'INVALID_PARAMETER', 'document.extra'],
    ['an unknown client field', () => ({ document: withDocument((copy) => (copy.clients[0].secretHash = 'x')), dryRun: true }), 'INVALID_PARAMETER', 'document.clients.0.secretHash'],
    ['another version', () => ({ document: { ...document, version: 2 }, dryRun: true }), 'UNSUPPORTED_EXPORT_VERSION', 'document.version'],
    ['another format', () => ({ document: { ...document, format: 'keycloak.realm' }, dryRun: true }), 'UNSUPPORTED_EXPORT_VERSION', 'document.format'],
    ['a dangling ref', () => ({ document: withDocument((copy) => (copy.clients[0].environment = 'nowhere')), dryRun: true }), 'INVALID_PARAMETER', 'document.clients.0.environment'],
    [
      'a broken client rule',
      () => ({ document: withDocument((copy) => (copy.clients[1].grantTypes = ['client_credentials'])), dryRun: true }),
      'INVALID_PARAMETER',
      'document.clients.1.grantTypes',
    ],
    ['a secret in a config', () => ({ document: withDocument((copy) => (copy.authServices[1].config.sharedSecret = SHARED_SECRET)), dryRun: true }), 'INVALID_PARAMETER', 'document.authServices.1.config.sharedSecret'],
    ['a secrets key naming no secret setting', () => ({ document, dryRun: true, secrets: { [customRef]: { providerUri: 'http://127.0.0.1:8/x' } } }), 'INVALID_PARAMETER', 'secrets.<custom service ref>.providerUri'],
    ['secrets for no service of the document', () => ({ document, dryRun: true, secrets: { nowhere: { sharedSecret: IMPORTED_SHARED_SECRET } } }), 'INVALID_PARAMETER', 'secrets.nowhere'],
    ['a reserved name', () => ({ document, dryRun: true, name: 'oauth' }), 'INVALID_PARAMETER', 'name'],
    [
      'an identity-method value PATCH refuses',
      () => ({ document: withDocument((copy) => (copy.environments[0].identityMethods.freshLoginSeconds = 0)), dryRun: true }),
      'INVALID_PARAMETER',
      'document.environments.0.identityMethods.freshLoginSeconds',
    ],
    [
      'an unknown identity-method setting',
      () => ({ document: withDocument((copy) => (copy.environments[0].identityMethods.otp.digits = 6)), dryRun: true }),
      'INVALID_PARAMETER',
      'document.environments.0.identityMethods.otp.digits',
    ],
    [
      'a custom-token secret in the document',
      () => ({ document: withDocument((copy) => (copy.environments[0].identityMethods.customToken.secret = IMPORTED_CUSTOM_TOKEN_SECRET)), dryRun: true }),
      'INVALID_PARAMETER',
      'document.environments.0.identityMethods.customToken.secret',
    ],
    [
      'an environment secretsOmitted naming no secret',
      () => ({ document: withDocument((copy) => (copy.environments[0].secretsOmitted = ['appSecret'])), dryRun: true }),
      'INVALID_PARAMETER',
      'document.environments.0.secretsOmitted',
    ],
    [
      'a custom-token secret too short',
      () => ({ document, dryRun: true, secrets: { [environmentRef]: { 'customToken.secret': 'short' } } }),
      'INVALID_PARAMETER',
      'secrets.<environment ref>.customToken.secret',
    ],
    [
      'an environment secrets key naming no secret setting',
      () => ({ document, dryRun: true, secrets: { [environmentRef]: { sharedSecret: IMPORTED_SHARED_SECRET } } }),
      'INVALID_PARAMETER',
      'secrets.<environment ref>.sharedSecret',
    ],
  ])('refuses %s with a 400, writing nothing', async (_case, body, code, field) => {
    const before = await rowCounts();
    const answer = await importInto({ ...body(), dryRun: false });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe(code);
    expect(answer.body.fields.map((problem: Json) => problem.field)).toContain(field.replace('<custom service ref>', customRef).replace('<environment ref>', environmentRef));
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses malformed JSON (400) and a body over 10 MiB (413)', async () => {
    const post = (body: string) =>
      fetch(`${target.adminUrl}/v1/organizations/import`, { method: 'POST', headers: { authorization: `Bearer ${targetRoot}`, 'content-type': 'application/json' }, body });
    const malformed = await post('{"document": {');
    expect(malformed.status).toBe(400);
    const large = await post(JSON.stringify({ document: { ...document, padding: 'x'.repeat(10 * 1024 * 1024) } }));
    expect(large.status).toBe(413);
    expect(((await large.json()) as Json).code).toBe('REQUEST_TOO_LARGE');
  });

  it('audits both, and no log line holds an import secret or a newly issued one', async () => {
    const events = await targetApi('GET', '/v1/audit-events?action=organization.import&limit=100');
    expect(events.status).toBe(200);
    expect(events.body.rows.length).toBeGreaterThanOrEqual(3);
    const copy = events.body.rows.find((row: Json) => row.details.name === 'globex-copy');
    expect(copy.details.missingSecrets).toEqual([
      { ref: customRef, keys: ['sharedSecret'] },
      { ref: environmentRef, keys: ['customToken.secret'] },
    ]);
    expect(JSON.stringify(events.body)).not.toContain(IMPORTED_CUSTOM_TOKEN_SECRET);
    const exports = await source.api('GET', '/v1/audit-events?action=organization.export&limit=100');
    expect(exports.body.rows.length).toBeGreaterThanOrEqual(1);
    const logged = lines.join('\n');
    expect(logged).toContain('/v1/organizations/import');
    expect(logged).not.toContain(IMPORTED_SHARED_SECRET);
    expect(logged).not.toContain(IMPORTED_CUSTOM_TOKEN_SECRET);
    for (const secret of secrets) expect(logged).not.toContain(secret);
  });
});

const managementTokenAt = (adminUrl: string, username: string) => managementToken(adminUrl, { grant_type: 'password', username, password: PASSWORD });

/** The same round trip on PGlite, as `npm start` runs without DATABASE_URL: one installation, a copy under another name. */
describe('admin API: organization export and import on PGlite', () => {
  let testbed: AdminTestbed;

  beforeAll(async () => {
    testbed = await startAdminTestbed({ embedded: true });
  });

  afterAll(() => testbed?.stop());

  it('copies an organization with new ids and secrets; the copy exports alike', async () => {
    const organization = (await testbed.api('POST', '/v1/organizations', { name: 'initech' })).body;
    const app = (await testbed.api('POST', `/v1/organizations/${organization.id}/apps`, { name: 'tps' })).body;
    const environment = (await testbed.api('POST', `/v1/apps/${app.id}/environments`, { name: 'staging' })).body;
    await testbed.api('POST', `/v1/environments/${environment.id}/clients`, { name: 'Reports', type: 'confidential', grantTypes: ['client_credentials'] });
    expect((await testbed.api('PATCH', `/v1/environments/${environment.id}/identity-methods`, { anonymous: { enabled: true }, otp: { length: 8 } })).status).toBe(200);
    const exported = await testbed.api('GET', `/v1/organizations/${organization.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body.environments[0].identityMethods).toMatchObject({ anonymous: { enabled: true }, otp: { length: 8 } });

    const copy = await testbed.api('POST', '/v1/organizations/import', { document: exported.body, name: 'initech-copy', clientIds: 'new' });
    expect(copy.status).toBe(201);
    expect((await tokenAtGateway(testbed.gateway.url, copy.body.environments[0].appKey, copy.body.environments[0].appSecret)).status).toBe(200);
    expect((await tokenAtGateway(testbed.gateway.url, copy.body.clients[0].clientId, copy.body.clients[0].clientSecret)).status).toBe(200);
    const again = await testbed.api('GET', `/v1/organizations/${copy.body.organization.id}/export`);
    const { organization: _name, environments, clients, ...rest } = comparable(again.body);
    const { organization: _first, environments: firstEnvironments, clients: firstClients, ...firstRest } = comparable(exported.body);
    expect(rest).toEqual(firstRest);
    const withoutIds = (objects: Json[]) => objects.map(({ appKey: _appKey, clientId: _clientId, ...object }) => object);
    expect(withoutIds(environments)).toEqual(withoutIds(firstEnvironments));
    expect(withoutIds(clients)).toEqual(withoutIds(firstClients));
  });
});

/** A custom-token login (docs/gateway.md#custom-token-login) at the environment's appKey client, under `secret`. */
async function customLogin(gatewayUrl: string, environment: { appKey: string; appSecret: string }, secret: string): Promise<{ status: number; body: Json }> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ sub: 'transfer-user', aud: gatewayUrl, iss: BACKEND, jti: randomUUID(), iat: now, exp: now + 300 })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(secret));
  const response = await fetch(`${gatewayUrl}/v3/auth/custom`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...basicAuth(environment.appKey, environment.appSecret) },
    body: JSON.stringify({ client_id: environment.appKey, token }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

function tokenAtGateway(gatewayUrl: string, clientId: string, secret: string): Promise<Response> {
  return postForm(`${gatewayUrl}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(clientId, secret));
}
