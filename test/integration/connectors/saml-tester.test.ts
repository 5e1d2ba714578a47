import { createServer, type Server } from 'node:http';
import type { Database } from '@rapidauth/database';
import { samlTester } from '../../../libs/connectors/src/saml/saml-tester';
import { openMigratedDatabase } from '../../support/migrated-database';
import { makeKeyPair } from '../../support/saml-idp';
import { freePort } from '../../support/server-process';
import { SamlHarness } from './saml-harness';

/** The SAML connection test against a local SSO URL: certificate, sso, spKeyPair. */
describe('SAML connection tester', () => {
  let database: Database;
  let saml: SamlHarness;
  let server: Server;
  let ssoUrl: string;

  beforeAll(async () => {
    database = await openMigratedDatabase('postgres');
    saml = await SamlHarness.on(database);
    server = createServer((_request, response) => response.writeHead(405).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ssoUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/sso`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.close();
  });

  const checks = async (config: Record<string, unknown>) => {
    const results = await saml.connector('saml-post', { providerUri: ssoUrl, ...config }).tester!.test();
    return Object.fromEntries(results.map((check) => [check.name, check.ok]));
  };

  it('passes a good config: a valid IdP certificate, an answering SSO URL, a matching key pair', async () => {
    expect(await checks(saml.spKeyPair)).toEqual({ certificate: true, sso: true, spKeyPair: true });
    expect(await checks({})).toEqual({ certificate: true, sso: true, spKeyPair: true });
  });

  it('fails an expired IdP certificate', async () => {
    expect((await checks({ certificate: makeKeyPair('expired.example.test', { expired: true }).certificate })).certificate).toBe(false);
  });

  it('fails an SSO URL nobody answers', async () => {
    expect((await checks({ providerUri: `http://127.0.0.1:${await freePort()}/sso` })).sso).toBe(false);
  });

  it('fails a stored key pair that no longer matches (saving refuses one; a test of the opened service still checks)', async () => {
    const connector = saml.connector('saml-post', { providerUri: ssoUrl, ...saml.spKeyPair });
    const mismatched = { ...connector.service, secrets: { decryptionKey: makeKeyPair('other.example.test').key } };
    const results = await samlTester(mismatched).test();
    expect(results.find((check) => check.name === 'spKeyPair')?.ok).toBe(false);
  });
});
