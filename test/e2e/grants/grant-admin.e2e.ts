import { GrantsInstallation } from './grants-setup';

/** The admin API of authentication grants: validation, binding rules, lists and who sees what. */
describe('authentication grants: admin API', () => {
  const installation = new GrantsInstallation();
  let tenant: Awaited<ReturnType<GrantsInstallation['tenant']>>;
  let other: Awaited<ReturnType<GrantsInstallation['tenant']>>;

  const create = (body: Record<string, unknown>, bearer?: string) => installation.api('POST', '/v1/authentication-grants', body, bearer);
  const binding = () => ({ principalDomainId: tenant.environment.id, principalId: tenant.uid, clientId: tenant.confidential.clientId });
  const fieldsOf = (body: Record<string, any>) => (body.fields as { field: string }[]).map((problem) => problem.field);

  beforeAll(async () => {
    await installation.start();
    tenant = await installation.tenant();
    other = await installation.tenant('other');
  });

  afterAll(() => installation.stop());

  it('binds a principal and a client of one environment only, naming the offending field', async () => {
    const foreignPrincipal = await create({ ...binding(), principalId: other.uid });
    expect(foreignPrincipal).toMatchObject({ status: 400, body: { code: 'UNKNOWN_PRINCIPAL', fields: [{ field: 'principalId' }] } });
    const foreignClient = await create({ ...binding(), clientId: other.confidential.clientId });
    expect(foreignClient).toMatchObject({ status: 400, body: { code: 'CLIENT_OUTSIDE_DOMAIN', fields: [{ field: 'clientId' }] } });
    const foreignAppKey = await create({ ...binding(), clientId: other.environment.appKey });
    expect(foreignAppKey).toMatchObject({ status: 400, body: { code: 'CLIENT_OUTSIDE_DOMAIN' } });
    const organizationClient = await create({ ...binding(), clientId: tenant.organization.clientId });
    expect(organizationClient).toMatchObject({ status: 400, body: { code: 'CLIENT_OUTSIDE_DOMAIN' } });
    const unknownDomain = await create({ ...binding(), principalDomainId: '6f1c1c4e-6f5b-4c7e-9a51-0f0e3c1b2a77' });
    expect(unknownDomain).toMatchObject({ status: 400, body: { code: 'UNKNOWN_PRINCIPAL_DOMAIN', fields: [{ field: 'principalDomainId' }] } });

    // A registered client may be named by its row id too (callers may pass the row id instead of the client_id).
    const byRowId = await create({ ...binding(), clientId: tenant.confidential.id });
    expect(byRowId).toMatchObject({ status: 201, body: { clientId: tenant.confidential.clientId } });
    const ownAppKey = await create({ ...binding(), clientId: tenant.environment.appKey });
    expect(ownAppKey).toMatchObject({ status: 201, body: { clientId: tenant.environment.appKey } });
  });

  it('validates fields one by one, accepts the reference spelling domainPrincipalId, and keeps key and secret read-only', async () => {
    const invalid = await create({ principalId: 'nobody', clientId: '', allowOpenDriverAuthentication: 'yes', secret: 'chosen' });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'INVALID_PARAMETER' } });
    expect(fieldsOf(invalid.body)).toEqual(expect.arrayContaining(['principalDomainId', 'principalId', 'clientId', 'allowOpenDriverAuthentication', 'secret']));

    const aliased = await create({ domainPrincipalId: tenant.environment.id, principalId: tenant.uid, clientId: tenant.confidential.clientId });
    expect(aliased).toMatchObject({ status: 201, body: { principalDomainId: tenant.environment.id } });
    const conflicting = await create({ ...binding(), domainPrincipalId: other.environment.id });
    expect(conflicting).toMatchObject({ status: 400, body: { fields: [{ field: 'domainPrincipalId' }] } });

    const id = aliased.body.id;
    for (const field of ['key', 'secret']) {
      const attempt = await installation.api('PATCH', `/v1/authentication-grants/${id}`, { [field]: 'mine', title: 'changed' });
      expect(attempt).toMatchObject({ status: 400, body: { code: 'READ_ONLY_FIELD', fields: [{ field }] } });
    }
    expect((await installation.api('GET', `/v1/authentication-grants/${id}`)).body).toMatchObject({ title: null, key: aliased.body.key });
    const moved = await installation.api('PATCH', `/v1/authentication-grants/${id}`, { principalId: other.uid });
    expect(moved).toMatchObject({ status: 400, body: { code: 'INVALID_PARAMETER' } });
    expect(fieldsOf(moved.body)).toEqual(['principalId']);
    const renamed = await installation.api('PATCH', `/v1/authentication-grants/${id}`, { title: 'Renamed', description: 'Front desk' });
    expect(renamed).toMatchObject({ status: 200, body: { title: 'Renamed', description: 'Front desk', enabled: true } });
    expect(renamed.body).not.toHaveProperty('secret');
  });

  it('lists with limit, skip and an allow-listed JSON sort, and queries by field equality', async () => {
    const { environment, uid, confidential } = await installation.tenant('lister');
    const titles = ['delta', 'alpha', 'echo', 'charlie', 'bravo'];
    const ids: Record<string, string> = {};
    for (const title of titles) {
      const { body } = await create({ title, principalDomainId: environment.id, principalId: uid, clientId: confidential.clientId, enabled: title !== 'echo' && title !== 'alpha' });
      ids[title] = body.id;
    }
    const page = await installation.api('GET', `/v1/authentication-grants?limit=2&skip=1&sort=${encodeURIComponent('{"title":-1}')}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ limit: 2, skip: 1 });
    // Root sees every grant of the installation; this tenant's are a slice of them.
    const all = await installation.api('POST', '/v1/authentication-grants/query', { query: { principalDomainId: environment.id }, sort: { title: -1 } });
    expect(all.body.rows.map((row: { title: string }) => row.title)).toEqual(['echo', 'delta', 'charlie', 'bravo', 'alpha']);
    expect(all.body.total).toBe(5);

    const paged = await installation.api('POST', '/v1/authentication-grants/query', { query: { principalDomainId: environment.id }, sort: { title: 1 }, limit: 2, skip: 2 });
    expect(paged.body).toMatchObject({ total: 5, limit: 2, skip: 2, rows: [{ title: 'charlie' }, { title: 'delta' }] });
    const disabled = await installation.api('POST', '/v1/authentication-grants/query', { query: { enabled: false, principalId: uid }, sort: { title: 1 } });
    expect(disabled.body.rows.map((row: { id: string }) => row.id)).toEqual([ids.alpha, ids.echo]);
    const byTitle = await installation.api('POST', '/v1/authentication-grants/query', { query: { title: 'bravo', clientId: confidential.clientId } });
    expect(byTitle.body).toMatchObject({ total: 1, rows: [{ id: ids.bravo }] });
    expect(byTitle.body.rows[0]).not.toHaveProperty('secret');

    for (const sort of ['{"secretHash":1}', '{title', '{"title":"down"}', '[]']) {
      const refused = await installation.api('GET', `/v1/authentication-grants?sort=${encodeURIComponent(sort)}`);
      expect(refused).toMatchObject({ status: 400, body: { code: 'INVALID_SORT' } });
    }
    expect(await installation.api('POST', '/v1/authentication-grants/query', { query: { key: 'ag_x' } })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_QUERY', fields: [{ field: 'query.key' }] },
    });
    expect((await installation.api('GET', '/v1/authentication-grants?limit=101')).status).toBe(400);
    expect((await installation.api('GET', '/v1/authentication-grants')).body).toMatchObject({ limit: 25, skip: 0 });
  });

  it("shows an organization's admin only its own grants: others are absent from lists and 404 one by one", async () => {
    const { body: mine } = await create(binding());
    const foreign = await installation.managementToken({
      grant_type: 'client_credentials',
      client_id: other.organization.clientId,
      client_secret: other.organizationSecret,
    });
    const { body: theirs } = await create({ principalDomainId: other.environment.id, principalId: other.uid, clientId: other.confidential.clientId }, foreign);
    expect(theirs).toMatchObject({ principalDomainId: other.environment.id, createdBy: other.organization.clientId });

    const listed = await installation.api('GET', '/v1/authentication-grants?limit=100', undefined, foreign);
    expect(listed.body.rows.map((row: { id: string }) => row.id)).toEqual([theirs.id]);
    expect(listed.body.total).toBe(1);
    const queried = await installation.api('POST', '/v1/authentication-grants/query', { query: { principalDomainId: tenant.environment.id } }, foreign);
    expect(queried.body).toMatchObject({ total: 0, rows: [] });
    for (const [method, path] of [
      ['GET', ''],
      ['PATCH', ''],
      ['POST', '/disable'],
      ['POST', '/enable'],
      ['POST', '/rotate'],
      ['DELETE', ''],
    ]) {
      const attempt = await installation.api(method, `/v1/authentication-grants/${mine.id}${path}`, method === 'PATCH' ? { title: 'x' } : undefined, foreign);
      expect(attempt.status).toBe(404);
    }
    // An environment it may not read is hidden on create too, before its principal or client is looked at.
    expect((await create(binding(), foreign)).status).toBe(404);
    expect((await create({ ...binding(), principalId: other.uid }, foreign)).status).toBe(404);
    expect((await installation.api('GET', `/v1/authentication-grants/${mine.id}`)).body).toMatchObject({ title: null, enabled: true });
  });

  it('lets an operator disable and rotate but not create, change or delete', async () => {
    const { body: grant } = await create(binding());
    const { body: operator } = await installation.api('POST', '/v1/admins', { username: 'grant-operator', password: 'operator has a strong one' });
    await installation.api('POST', '/v1/authorities', { principal: { type: 'admin', id: operator.id }, role: 'operator', target: { type: 'environment', id: tenant.environment.id } });
    const token = await installation.managementToken({ grant_type: 'password', username: 'grant-operator', password: 'operator has a strong one' });

    expect((await installation.api('GET', `/v1/authentication-grants/${grant.id}`, undefined, token)).status).toBe(200);
    const visible = await installation.api('POST', '/v1/authentication-grants/query', { query: { principalDomainId: tenant.environment.id } }, token);
    expect(visible.body.total).toBeGreaterThan(0);
    expect((await installation.api('POST', `/v1/authentication-grants/${grant.id}/disable`, undefined, token)).body).toMatchObject({ enabled: false });
    expect((await installation.api('POST', `/v1/authentication-grants/${grant.id}/rotate`, undefined, token)).body).toMatchObject({ secret: expect.any(String) });
    expect((await installation.api('POST', `/v1/authentication-grants/${grant.id}/enable`, undefined, token)).status).toBe(403);
    expect((await installation.api('PATCH', `/v1/authentication-grants/${grant.id}`, { title: 'x' }, token)).status).toBe(403);
    expect((await installation.api('DELETE', `/v1/authentication-grants/${grant.id}`, undefined, token)).status).toBe(403);
    expect((await create(binding(), token)).status).toBe(403);
  });
});
