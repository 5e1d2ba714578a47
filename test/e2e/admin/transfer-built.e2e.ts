import { rmSync } from 'node:fs';
import { startBuiltServer } from '../../support/built-server';
import { basicAuth, postForm } from '../../support/requests';

const ADMIN = { username: 'transferowner', password: 'transfer owner password' };

type Json = Record<string, any>;

/** A fresh installation as `npm start` runs it, and its admin API as the bootstrap admin. */
async function installation() {
  const { server, admin, gateway, dataDir } = await startBuiltServer('rapidauth-transfer-', ADMIN);
  const { access_token: token } = (await (await postForm(`${admin}/management/token`, { grant_type: 'password', ...ADMIN })).json()) as { access_token: string };
  const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${admin}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  };
  const stop = async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { gateway, api, stop };
}

const clientCredentials = (gateway: string, clientId: string, secret: string) =>
  postForm(`${gateway}/oauth/token`, { grant_type: 'client_credentials', scope: 'orders:read' }, basicAuth(clientId, secret));

/**
 * The transfer between two installations as users run them (docs/admin-api.md, "Transfer"): two
 * built servers, each on its own embedded database, the document exported from one and imported
 * into the other over HTTP: the dry run plans it, the import issues new secrets that work at the
 * second gateway (the first's do not), and a second import of the same name conflicts.
 */
describe('organization transfer between two built installations', () => {
  let source: Awaited<ReturnType<typeof installation>>;
  let target: Awaited<ReturnType<typeof installation>>;

  beforeAll(async () => {
    [source, target] = await Promise.all([installation(), installation()]);
  });

  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
  });

  it('exports from one, dry-runs and imports into the other, whose new secrets work there', async () => {
    const created = async (answer: Promise<{ status: number; body: Json }>) => {
      const { status, body } = await answer;
      expect({ status, body }).toMatchObject({ status: 201 });
      return body;
    };
    const organization = await created(source.api('POST', '/v1/organizations', { name: 'initech' }));
    const app = await created(source.api('POST', `/v1/organizations/${organization.id}/apps`, { name: 'portal' }));
    const environment = await created(source.api('POST', `/v1/apps/${app.id}/environments`, { name: 'production', customScopes: ['orders:read'] }));
    const backend = await created(source.api('POST', `/v1/environments/${environment.id}/clients`, { name: 'Backend', type: 'confidential', grantTypes: ['client_credentials'] }));
    expect((await clientCredentials(source.gateway, backend.clientId, backend.clientSecret)).status).toBe(200);

    const exported = await source.api('GET', `/v1/organizations/${organization.id}/export`);
    expect(exported.status).toBe(200);
    const document = exported.body;
    expect(JSON.stringify(document)).not.toContain(backend.clientSecret);

    const dryRun = await target.api('POST', '/v1/organizations/import', { document, dryRun: true });
    expect(dryRun).toMatchObject({ status: 200, body: { dryRun: true, conflicts: [], plan: { apps: 1, environments: 1, clients: 1 } } });
    expect((await target.api('GET', '/v1/organizations')).body.total).toBe(0);

    const imported = await target.api('POST', '/v1/organizations/import', { document, clientIds: 'keep' });
    expect(imported.status).toBe(201);
    const [client] = imported.body.clients as Json[];
    expect(client.clientId).toBe(backend.clientId);
    expect(client.clientSecret).not.toBe(backend.clientSecret);
    expect((await clientCredentials(target.gateway, client.clientId, client.clientSecret)).status).toBe(200);
    expect((await clientCredentials(target.gateway, backend.clientId, backend.clientSecret)).status).toBe(401);

    const again = await target.api('POST', '/v1/organizations/import', { document, clientIds: 'keep' });
    expect(again).toMatchObject({ status: 409, body: { code: 'IMPORT_CONFLICT' } });
  });
});
