import { createServer, type Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { ConnectorRegistry, type Connector, type OpenedService, type UpstreamIdentity } from '@rapidauth/connectors';
import type { Database } from '@rapidauth/database';
import type { LocalIdentities } from '@rapidauth/identity';
import { AssertionReplays } from '../../../libs/connectors/src/saml/assertion-replays.repository';
import { openSamlWrap } from '../../../libs/connectors/src/saml-wrap/saml-wrap.connector';
import { openMigratedDatabase } from '../../support/migrated-database';
import { makeKeyPair, SamlIdp, wrapTokenAssertion, type TokenOptions } from '../../support/saml-idp';
import { freePort } from '../../support/server-process';
import { samlServiceRow } from './saml-harness';
import { outcome } from './opened-service';

/**
 * The SAML-WRAP connector against a local stand-in of a WRAP API (OAuth WRAP 0.9 §5.1) whose
 * tokens are SAML assertions signed as samlify signs them: the SAML rules without a request.
 */
const registry = new ConnectorRegistry();
const SCOPE = 'https://rp.example.test/';
const ALICE = { username: 'alice@example.com', password: 'alice-password' };

describe('SAML-WRAP connector against a local WRAP API', () => {
  let database: Database;
  let serviceId: string;
  let server: Server;
  let url: string;
  const idp = new SamlIdp();
  /** What the stand-in answers a right password with: a token of these options, or this exact token. */
  let token: (request: URLSearchParams) => string;
  let received: URLSearchParams[];

  beforeAll(async () => {
    database = await openMigratedDatabase('postgres');
    serviceId = (await samlServiceRow(database)).serviceId;
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const form = new URLSearchParams(body);
        received.push(form);
        if (form.get('wrap_name') !== ALICE.username || form.get('wrap_password') !== ALICE.password) return void response.writeHead(401).end('wrap_error=invalid');
        response.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded' });
        response.end(new URLSearchParams({ wrap_access_token: token(form), wrap_access_token_expires_in: '300' }).toString());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/wrap`;
  });
  beforeEach(() => {
    received = [];
    token = () => wrapTokenAssertion(idp, { nameId: ALICE.username, audience: SCOPE });
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.close();
  });

  const connector = (config: Record<string, unknown> = {}): Connector => {
    const validated = registry.validate('saml-wrap', { redirectUris: [], allowedAttributes: [], providerUri: url, wrapScope: SCOPE, certificate: idp.certificate, ...config });
    const opened: OpenedService = { id: serviceId, type: 'saml-wrap', organizationId: 'org-1', environmentId: null, config: validated.config, secrets: validated.secrets, updatedAt: new Date() };
    return openSamlWrap(opened, { localIdentities: {} as LocalIdentities, publicUrl: 'https://auth.example.test', assertionReplays: new AssertionReplays(database.dataSource), logger: new Logger('saml-wrap') });
  };
  const login = (made: Connector, credentials = ALICE) => outcome(made.formLogin!.login(credentials, { environmentId: 'env-1', ip: '127.0.0.1', now: new Date() }));
  const answering = (options: Partial<TokenOptions>) => (token = () => wrapTokenAssertion(idp, { nameId: ALICE.username, audience: SCOPE, ...options }));

  it('signs in with the form credentials: NameID as providerUid, the attributes, the token kept for the vault', async () => {
    answering({ attributes: { groups: ['staff'] } });
    const identity = (await login(connector())) as UpstreamIdentity;
    expect(identity).toMatchObject({ providerUid: ALICE.username, attributes: { groups: 'staff' } });
    expect(identity.tokens?.wrap_access_token.value).toContain('<saml:Assertion');
    expect(Object.fromEntries(received[0])).toEqual({ wrap_name: ALICE.username, wrap_password: ALICE.password, wrap_scope: SCOPE });
  });

  it('accepts the token base64-encoded, and with the configured idpEntityId', async () => {
    token = () => Buffer.from(wrapTokenAssertion(idp, { nameId: ALICE.username, audience: SCOPE })).toString('base64');
    expect(await login(connector({ idpEntityId: idp.entityId }))).toMatchObject({ providerUid: ALICE.username });
  });

  it('answers a 401 as INVALID_CREDENTIALS', async () => {
    expect(await login(connector(), { ...ALICE, password: 'wrong' })).toBe('INVALID_CREDENTIALS');
  });

  it('answers an unreachable WRAP API as UPSTREAM_UNAVAILABLE', async () => {
    expect(await login(connector({ providerUri: `http://127.0.0.1:${await freePort()}/wrap` }))).toBe('UPSTREAM_UNAVAILABLE');
  });

  it.each([
    ['unsigned', { sign: false }],
    ['signed with another certificate', { signWith: makeKeyPair('attacker.example.test') }],
    ['for another audience', { audience: 'https://other-rp.example.test/' }],
    ['expired', { notOnOrAfter: new Date(Date.now() - 5 * 60_000) }],
  ] as const)('refuses a token %s', async (_case, options) => {
    answering(options as Partial<TokenOptions>);
    expect(await login(connector())).toBe('UPSTREAM_REJECTED');
  });

  it('refuses a token of another Issuer than idpEntityId', async () => {
    expect(await login(connector({ idpEntityId: 'https://other-idp.example.test/metadata' }))).toBe('UPSTREAM_REJECTED');
  });

  it('refuses a NameID changed after signing', async () => {
    answering({ nameId: 'mallory@example.com' });
    const signed = token;
    token = (form) => signed(form).replace('>mallory@example.com<', `>${ALICE.username}<`);
    expect(await login(connector())).toBe('UPSTREAM_REJECTED');
  });

  it('refuses a replayed token, also at another instance', async () => {
    const once = wrapTokenAssertion(idp, { nameId: ALICE.username, audience: SCOPE });
    token = () => once;
    expect(await login(connector())).toMatchObject({ providerUid: ALICE.username });
    expect(await login(connector())).toBe('UPSTREAM_REJECTED');
  });

  it('refuses garbage and wrapped tokens', async () => {
    const signed = wrapTokenAssertion(idp, { nameId: ALICE.username, audience: SCOPE });
    for (const bad of ['%%%', 'PGZvbz4=', `<!DOCTYPE x>${signed}`, `<x>${signed}</x>`, signed.replace('</saml:Assertion>', `${signed}</saml:Assertion>`)]) {
      token = () => bad;
      expect(await login(connector())).toBe('UPSTREAM_REJECTED');
    }
  });
});
