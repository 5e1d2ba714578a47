import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { startCustomAdaptor, type CustomAdaptor } from '../../support/custom-adaptor';
import { Slapd, SUFFIX } from '../../support/slapd';
import { createTenant } from '../../support/tenant';

const SEED = readFileSync(join(__dirname, '../../support/ldap/directory.ldif'), 'utf8');
const PAGE = { redirectUris: ['https://app.example.com/callback'], allowedAttributes: ['mail'] };
const PROBE_PASSWORD = 'alice-password';

type Check = { name: string; ok: boolean; detail: string; ms: number };
const summary = (checks: Check[]) => checks.map(({ name, ok }) => `${name}:${ok}`);

/** Connection tests (dry runs) over the admin API, against a real slapd and the example adaptor. */
describe('admin API: auth service connection tests', () => {
  let testbed: AdminTestbed;
  let slapd: Slapd;
  let adaptor: CustomAdaptor;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const api = (method: string, path: string, body?: unknown, bearer?: string) => testbed.api(method, path, body, bearer);
  const ldapConfig = (config: Record<string, unknown> = {}) => ({
    ...PAGE,
    providerUri: slapd.ldapsUrl,
    caCertificate: slapd.certificates.ca,
    baseDn: `ou=people,${SUFFIX}`,
    bindDn: `cn=reader,${SUFFIX}`,
    bindPassword: 'reader-secret',
    ...config,
  });
  const scope = () => ({ environmentId: tenant.environment.id });
  const testNew = (body: Record<string, unknown>, bearer?: string) =>
    api('POST', '/v1/auth-services/test', { name: 'Corporate LDAP', type: 'ldap', scope: scope(), ...body }, bearer);
  const servicesListed = async () => (await api('GET', `/v1/auth-services?environmentId=${tenant.environment.id}&limit=100`)).body.rows.length as number;
  const auditActions = async () =>
    ((await api('GET', `/v1/audit-events?organizationId=${tenant.organization.id}&limit=100`)).body.rows as Array<{ action: string }>).map((row) => row.action);

  beforeAll(async () => {
    [slapd, adaptor, testbed] = await Promise.all([Slapd.start({ seed: SEED }), startCustomAdaptor(), startAdminTestbed()]);
    adaptor.addUser({ username: 'alice', password: 'alice adaptor password', id: 'u-1', email: 'alice@example.com' });
    tenant = await createTenant(testbed.gateway.provisioner);
  });

  afterAll(async () => {
    await Promise.all([testbed?.stop(), slapd?.destroy(), adaptor?.stop()]);
  });

  describe('a new LDAP config', () => {
    it('passes connect, tls, bind and search, and the probe signs the user in; nothing is saved', async () => {
      const servicesBefore = await servicesListed();
      const { status, body } = await testNew({ config: ldapConfig(), probe: { username: 'alice', password: PROBE_PASSWORD } });
      expect(status).toBe(200);
      expect(body.ok).toBe(true);
      expect(summary(body.checks)).toEqual(['connect:true', 'tls:true', 'bind:true', 'search:true', 'probe:true']);
      for (const check of body.checks as Check[]) {
        expect(typeof check.detail).toBe('string');
        expect(check.ms).toBeGreaterThanOrEqual(0);
      }
      expect(body.checks.find((check: Check) => check.name === 'tls').detail).toMatch(/127\.0\.0\.1|localhost/);
      const answer = JSON.stringify(body);
      expect(answer).not.toContain(PROBE_PASSWORD);
      expect(answer).not.toContain('reader-secret');

      expect(await servicesListed()).toBe(servicesBefore);
      const actions = await auditActions();
      expect(actions).toContain('auth_service.test');
      expect(actions).not.toContain('auth_service.create');
      expect(actions).not.toContain('auth_service.update');
      expect(JSON.stringify((await api('GET', `/v1/audit-events?organizationId=${tenant.organization.id}&limit=100`)).body)).not.toContain(PROBE_PASSWORD);
    });

    it('fails bind with a wrong bind password, and stops there', async () => {
      const { status, body } = await testNew({ config: ldapConfig({ bindPassword: 'not the reader secret' }) });
      expect(status).toBe(200);
      expect(body.ok).toBe(false);
      expect(summary(body.checks)).toEqual(['connect:true', 'tls:true', 'bind:false']);
      expect(JSON.stringify(body)).not.toContain('not the reader secret');
    });

    it('fails tls when the server certificate is not signed by the configured CA', async () => {
      const { body } = await testNew({ config: ldapConfig({ caCertificate: slapd.certificates.wrongCa }) });
      expect(body.ok).toBe(false);
      expect(summary(body.checks)).toEqual(['connect:true', 'tls:false']);
    });

    it('fails search when the baseDn does not exist', async () => {
      const { body } = await testNew({ config: ldapConfig({ baseDn: `ou=nowhere,${SUFFIX}` }) });
      expect(body.ok).toBe(false);
      expect(summary(body.checks)).toEqual(['connect:true', 'tls:true', 'bind:true', 'search:false']);
    });

    it('fails the probe with a wrong password, without echoing it', async () => {
      const { status, body } = await testNew({ config: ldapConfig(), probe: { username: 'alice', password: 'a wrong probe password' } });
      expect(status).toBe(200);
      expect(body.ok).toBe(false);
      expect(summary(body.checks)).toEqual(['connect:true', 'tls:true', 'bind:true', 'search:true', 'probe:false']);
      expect(JSON.stringify(body)).not.toContain('a wrong probe password');
    });

    it('refuses a config that does not validate with INVALID_SERVICE_CONFIG and its fields', async () => {
      const { status, body } = await testNew({ config: ldapConfig({ userSearchFilter: '(uid=alice)', surprise: true }) });
      expect(status).toBe(400);
      expect(body.code).toBe('INVALID_SERVICE_CONFIG');
      expect(body.fields.map((problem: { field: string }) => problem.field)).toEqual(expect.arrayContaining(['config.userSearchFilter', 'config.surprise']));
    });

    it('refuses a malformed probe as INVALID_PARAMETER', async () => {
      const { status, body } = await testNew({ config: ldapConfig(), probe: { username: 'alice' } });
      expect(status).toBe(400);
      expect(body.code).toBe('INVALID_PARAMETER');
    });
  });

  describe('a new custom adaptor config', () => {
    const custom = (sharedSecret: string) =>
      testNew({ name: 'Adaptor', type: 'custom', config: { ...PAGE, providerUri: adaptor.url, sharedSecret }, probe: { username: 'alice', password: 'alice adaptor password' } });

    it('passes connect, signature and the probe', async () => {
      const { status, body } = await custom(adaptor.sharedSecret);
      expect(status).toBe(200);
      expect(body.ok).toBe(true);
      expect(summary(body.checks)).toEqual(['connect:true', 'signature:true', 'probe:true']);
      expect(JSON.stringify(body)).not.toContain('alice adaptor password');
    });

    it('fails signature with another shared secret', async () => {
      const wrong = `another-secret-${'y'.repeat(32)}`;
      const { body } = await custom(wrong);
      expect(body.ok).toBe(false);
      expect(summary(body.checks)).toEqual(['connect:true', 'signature:false']);
      expect(JSON.stringify(body)).not.toContain(wrong);
    });
  });

  // Every upstream type has a tester (the OAuth2/OIDC, Facebook and SAML-WRAP ones: test/e2e/connectors/connection-testers.e2e.ts).
  it('refuses the built-in local service, which has no connection test, with UNSUPPORTED_PROVIDER', async () => {
    const local = await api('POST', `/v1/auth-services/${tenant.localService.id}/test`, {});
    expect(local).toMatchObject({ status: 400, body: { code: 'UNSUPPORTED_PROVIDER', error_description: expect.stringContaining('local') } });
  });

  describe('a stored service', () => {
    let serviceId: string;
    let stored: Record<string, unknown>;

    beforeAll(async () => {
      const created = await api('POST', '/v1/auth-services', { name: 'Stored LDAP', type: 'ldap', scope: scope(), config: ldapConfig() });
      expect(created.status).toBe(201);
      serviceId = created.body.id;
      stored = (await api('GET', `/v1/auth-services/${serviceId}`)).body;
    });

    it('is tested with its stored secrets, and stays as it was', async () => {
      const { status, body } = await api('POST', `/v1/auth-services/${serviceId}/test`, { probe: { username: 'bob', password: 'bob-password' } });
      expect(status).toBe(200);
      expect(summary(body.checks)).toEqual(['connect:true', 'tls:true', 'bind:true', 'search:true', 'probe:true']);
      expect((await api('GET', `/v1/auth-services/${serviceId}`)).body).toEqual(stored);
      const events = (await api('GET', `/v1/audit-events?organizationId=${tenant.organization.id}&limit=100`)).body.rows as Array<{ action: string; target: unknown }>;
      expect(events.filter((event) => event.action === 'auth_service.update')).toEqual([]);
    });

    it('is tested with a config merged over the stored one, which is not saved', async () => {
      const { body } = await api('POST', `/v1/auth-services/${serviceId}/test`, { config: { baseDn: `ou=nowhere,${SUFFIX}` } });
      expect(summary(body.checks)).toEqual(['connect:true', 'tls:true', 'bind:true', 'search:false']);
      const restored = await api('POST', `/v1/auth-services/${serviceId}/test`, { config: { bindPassword: 'not the reader secret' } });
      expect(summary(restored.body.checks)).toEqual(['connect:true', 'tls:true', 'bind:false']);
      expect((await api('GET', `/v1/auth-services/${serviceId}`)).body).toEqual(stored);
    });

    it('refuses an endpoint change without the secrets (400 naming them), and tests it with them', async () => {
      const moved = await api('POST', `/v1/auth-services/${serviceId}/test`, { config: { providerUri: slapd.ldapUrl, startTls: true } });
      expect(moved.status).toBe(400);
      expect(moved.body.fields).toEqual([expect.objectContaining({ field: 'config.bindPassword' })]);
      const given = await api('POST', `/v1/auth-services/${serviceId}/test`, { config: { providerUri: slapd.ldapUrl, startTls: true, bindPassword: 'reader-secret' } });
      expect(given.status).toBe(200);
      expect(given.body.ok).toBe(true);
      expect((await api('GET', `/v1/auth-services/${serviceId}`)).body).toEqual(stored);
    });

    it('refuses a merged config that does not validate with INVALID_SERVICE_CONFIG', async () => {
      const { status, body } = await api('POST', `/v1/auth-services/${serviceId}/test`, { config: { userSearchFilter: '(uid=bob)' } });
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 'INVALID_SERVICE_CONFIG', fields: [expect.objectContaining({ field: 'config.userSearchFilter' })] });
    });

    it('answers 404 for an unknown service', async () => {
      expect((await api('POST', '/v1/auth-services/00000000-0000-4000-8000-000000000000/test', {})).status).toBe(404);
    });

    it('refuses a viewer (403) and another organization (404), on both routes', async () => {
      await api('POST', '/v1/admins', { username: 'vera', password: 'vera has a strong one' });
      const vera = (await api('GET', '/v1/admins?limit=100')).body.rows.find((row: { username: string }) => row.username === 'vera');
      await api('POST', '/v1/authorities', { principal: { type: 'admin', id: vera.id }, role: 'viewer', target: { type: 'organization', id: tenant.organization.id } });
      const viewer = await testbed.token({ grant_type: 'password', username: 'vera', password: 'vera has a strong one' });
      expect((await api('POST', `/v1/auth-services/${serviceId}/test`, {}, viewer)).status).toBe(403);
      expect((await testNew({ config: ldapConfig() }, viewer)).status).toBe(403);

      const other = await createTenant(testbed.gateway.provisioner);
      const outsider = await testbed.token({ grant_type: 'client_credentials', client_id: other.organization.clientId, client_secret: other.organizationSecret });
      expect((await api('POST', `/v1/auth-services/${serviceId}/test`, {}, outsider)).status).toBe(404);
      expect((await testNew({ config: ldapConfig() }, outsider)).status).toBe(404);
    });
  });
});
