import { deflateRawSync } from 'node:zlib';
import { V1_ENTITY_ID, type UpstreamIdentity } from '@rapidauth/connectors';
import type { Database } from '@rapidauth/database';
import { openMigratedDatabase } from '../../support/migrated-database';
import { alterResponse, makeKeyPair, responseXml } from '../../support/saml-idp';
import { PUBLIC_URL, SamlHarness } from './saml-harness';
import { assertionWrappings, responseWrappings } from './saml-wrapping';

/**
 * The SAML connector (node-saml plus our own rules, docs/saml.md) against samlify as a real IdP:
 * both bindings, signed requests, encrypted assertions, and every refusal in a test of its own.
 */
const ALICE = 'alice@example.com';
const MALLORY = 'mallory@example.com';
const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe('SAML connector against a samlify IdP', () => {
  let database: Database;
  let saml: SamlHarness;

  beforeAll(async () => {
    database = await openMigratedDatabase('postgres');
    saml = await SamlHarness.on(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  describe('signs in', () => {
    it('by the Redirect binding: NameID as providerUid, every attribute statement, RelayState the login state', async () => {
      const connector = saml.connector('saml-redirect');
      const login = await saml.begin(connector);
      expect(login.step.kind).toBe('redirect');
      expect(login.received).toMatchObject({
        id: login.kept.requestId,
        relayState: login.request.state,
        issuer: `${PUBLIC_URL}/v2/saml/${saml.serviceId}/metadata`,
        acsUrl: `${PUBLIC_URL}/saml/${saml.serviceId}/acs`,
        nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      });
      const response = await saml.idp.respond(login.metadata, login.received, { nameId: ALICE, attributes: { groups: ['staff', 'admins'], givenName: 'Alice' } });
      expect(await login.finish(response)).toEqual({
        providerUid: ALICE,
        username: ALICE,
        email: ALICE,
        attributes: { groups: ['staff', 'admins'], givenName: 'Alice' },
      });
    });

    it('by the POST binding: an auto-posting form of SAMLRequest and RelayState to the SSO URL', async () => {
      const connector = saml.connector('saml-post');
      const login = await saml.begin(connector);
      expect(login.step).toMatchObject({ kind: 'post', action: saml.idp.ssoUrl, fields: { RelayState: login.request.state } });
      expect(login.received.id).toBe(login.kept.requestId);
      expect(await login.finish(await saml.idp.respond(login.metadata, login.received, { nameId: ALICE }))).toMatchObject({ providerUid: ALICE });
    });

    it.each(['saml-redirect', 'saml-post'] as const)('with %s AuthnRequests signed, which the IdP verifies against the SP metadata', async (type) => {
      const signing = saml.connector(type, { ...saml.spKeyPair, signAuthnRequests: true });
      const login = await saml.begin(signing, { wantAuthnRequestsSigned: true });
      expect(await login.finish(await saml.idp.respond(login.metadata, login.received, { nameId: ALICE }))).toMatchObject({ providerUid: ALICE });
      // The same IdP refuses a request that is not signed, so the check above is real.
      await expect(saml.begin(saml.connector(type), { wantAuthnRequestsSigned: true })).rejects.toThrow();
    });

    it('with the assertion encrypted to spCertificate, decrypted with decryptionKey', async () => {
      const connector = saml.connector('saml-post', saml.spKeyPair);
      const login = await saml.begin(connector);
      const response = await saml.idp.respond(login.metadata, login.received, { nameId: ALICE, encrypt: true });
      expect(responseXml(response)).toContain('EncryptedAssertion');
      expect(responseXml(response)).not.toContain(ALICE);
      expect(await login.finish(response)).toMatchObject({ providerUid: ALICE });
    });

    it('with only the Response signed (its signature covers the assertion), or both', async () => {
      expect(await saml.signIn(saml.connector(), { sign: 'response' })).toMatchObject({ providerUid: ALICE });
      expect(await saml.signIn(saml.connector(), { sign: 'both' })).toMatchObject({ providerUid: ALICE });
    });

    it('with RSA-SHA512 signatures', async () => {
      expect(await saml.signIn(saml.connector(), { signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512' })).toMatchObject({ providerUid: ALICE });
    });

    it('with the v1 entity id as Issuer and Audience when spEntityIdVersion is v1', async () => {
      const connector = saml.connector('saml-post', { spEntityIdVersion: 'v1' });
      const login = await saml.begin(connector);
      expect(login.received.issuer).toBe(V1_ENTITY_ID);
      expect(await login.finish(await saml.idp.respond(login.metadata, login.received, { nameId: ALICE }))).toMatchObject({ providerUid: ALICE });
    });

    it('when the Issuer is idpEntityId', async () => {
      expect(await saml.signIn(saml.connector('saml-post', { idpEntityId: saml.idp.entityId }))).toMatchObject({ providerUid: ALICE });
    });

    it('within the 60 s clock skew on either side', async () => {
      const late = { ConditionsNotOnOrAfter: minutesFromNow(-0.5), SubjectConfirmationDataNotOnOrAfter: minutesFromNow(-0.5), ConditionsNotBefore: minutesFromNow(-5) };
      expect(await saml.signIn(saml.connector(), { values: late })).toMatchObject({ providerUid: ALICE });
      expect(await saml.signIn(saml.connector(), { values: { ConditionsNotBefore: minutesFromNow(0.5) } })).toMatchObject({ providerUid: ALICE });
    });
  });

  describe('metadata', () => {
    it('names the entity id of the route version, the ACS, the NameID format and the SP certificate for signing and encryption', () => {
      const connector = saml.connector('saml-post', { ...saml.spKeyPair, signAuthnRequests: true });
      const v2 = connector.spMetadata!('v2');
      expect(v2).toContain(`entityID="${PUBLIC_URL}/v2/saml/${saml.serviceId}/metadata"`);
      expect(v2).toContain(`Location="${PUBLIC_URL}/saml/${saml.serviceId}/acs"`);
      expect(v2).toContain('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
      expect(v2).toContain('<NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</NameIDFormat>');
      expect(v2).toContain('WantAssertionsSigned="true"');
      expect(v2).toContain('AuthnRequestsSigned="true"');
      const certificate = saml.spKeys.certificate.replace(/-----[A-Z ]+-----|\s/g, '');
      expect(v2).toMatch(new RegExp(`use="signing"[\\s\\S]*${certificate.slice(0, 40).replace(/[+/]/g, '\\$&')}`));
      expect(v2).toMatch(/use="encryption"/);
      expect(connector.spMetadata!('v1')).toContain(`entityID="${V1_ENTITY_ID}"`);
    });

    it('says requests are unsigned and offers no key when the service has no SP key pair', () => {
      const metadata = saml.connector().spMetadata!('v2');
      expect(metadata).toContain('AuthnRequestsSigned="false"');
      expect(metadata).not.toContain('KeyDescriptor');
    });
  });

  describe('refuses', () => {
    const rejected = 'UPSTREAM_REJECTED';

    it('an unsigned response', async () => {
      expect(await saml.signIn(saml.connector(), { sign: 'none' })).toBe(rejected);
    });

    it('a response signed with another certificate, even one carried in KeyInfo', async () => {
      expect(await saml.signIn(saml.connector(), { signWith: makeKeyPair('attacker.example.test') })).toBe(rejected);
    });

    it('a NameID changed after signing', async () => {
      expect(await saml.signIn(saml.connector(), { nameId: MALLORY, change: (xml) => xml.replace(`>${MALLORY}<`, `>${ALICE}<`) })).toBe(rejected);
    });

    it.each(Object.entries(assertionWrappings(MALLORY, ALICE)))('%s signature wrapping of the assertion', async (_name, wrap) => {
      expect(await saml.signIn(saml.connector(), { nameId: MALLORY, change: wrap })).toBe(rejected);
    });

    it.each(Object.entries(responseWrappings(MALLORY, ALICE)))('%s signature wrapping of the Response', async (_name, wrap) => {
      expect(await saml.signIn(saml.connector(), { nameId: MALLORY, sign: 'response', change: wrap })).toBe(rejected);
    });

    it('to truncate a NameID at a comment: the identity is the whole signed value', async () => {
      const signedFor = `${ALICE}.evil.test`;
      const identity = await saml.signIn(saml.connector(), { nameId: signedFor, change: (xml) => xml.replace(`>${signedFor}<`, `>${ALICE}<!---->.evil.test<`) });
      expect((identity as UpstreamIdentity).providerUid).toBe(signedFor);
    });

    it('an expired assertion', async () => {
      const values = { ConditionsNotBefore: minutesFromNow(-10), ConditionsNotOnOrAfter: minutesFromNow(-2), SubjectConfirmationDataNotOnOrAfter: minutesFromNow(-2) };
      expect(await saml.signIn(saml.connector(), { values })).toBe(rejected);
    });

    it('an expired subject confirmation in a valid assertion', async () => {
      expect(await saml.signIn(saml.connector(), { values: { SubjectConfirmationDataNotOnOrAfter: minutesFromNow(-2) } })).toBe(rejected);
    });

    it('an assertion not valid yet', async () => {
      expect(await saml.signIn(saml.connector(), { values: { ConditionsNotBefore: minutesFromNow(5) } })).toBe(rejected);
    });

    it('another audience, including our other entity id version', async () => {
      expect(await saml.signIn(saml.connector(), { values: { Audience: 'https://other-sp.example.test/metadata' } })).toBe(rejected);
      expect(await saml.signIn(saml.connector(), { values: { Audience: V1_ENTITY_ID } })).toBe(rejected);
    });

    it('another Recipient', async () => {
      expect(await saml.signIn(saml.connector(), { values: { SubjectRecipient: `${PUBLIC_URL}/saml/another-service/acs` } })).toBe(rejected);
    });

    it('another Destination', async () => {
      expect(await saml.signIn(saml.connector(), { values: { Destination: `${PUBLIC_URL}/saml/another-service/acs` } })).toBe(rejected);
    });

    it('a subject confirmation that is not bearer', async () => {
      const template = (xml: string) => xml.replace('urn:oasis:names:tc:SAML:2.0:cm:bearer', 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key');
      expect(await saml.signIn(saml.connector(), { template })).toBe(rejected);
    });

    it('another Issuer than idpEntityId', async () => {
      expect(await saml.signIn(saml.connector('saml-post', { idpEntityId: 'https://other-idp.example.test/metadata' }))).toBe(rejected);
    });

    it('RSA-SHA1 signatures', async () => {
      expect(await saml.signIn(saml.connector(), { signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1' })).toBe(rejected);
    });

    it('an IdP-initiated response: no InResponseTo, or one answering a request of another login', async () => {
      const connector = saml.connector();
      const login = await saml.begin(connector);
      const unsolicited = await saml.idp.respond(login.metadata, { id: '' }, { nameId: ALICE });
      expect(await login.finish(unsolicited)).toBe(rejected);
      const other = await saml.begin(connector);
      expect(await login.finish(await saml.idp.respond(login.metadata, other.received, { nameId: ALICE }))).toBe(rejected);
    });

    it('a replayed response, on the same connector and on another instance sharing the database', async () => {
      const first = saml.connector();
      const login = await saml.begin(first);
      const response = await saml.idp.respond(login.metadata, login.received, { nameId: ALICE });
      expect(await login.finish(response)).toMatchObject({ providerUid: ALICE });
      expect(await login.finish(response)).toBe(rejected);
      const second = saml.connector();
      const replayed = await second.redirectLogin!.finish({ SAMLResponse: response, RelayState: login.request.state }, login.kept, login.request, { environmentId: 'env-1', ip: '127.0.0.1', now: new Date() }).catch((error) => error.code);
      expect(replayed).toBe(rejected);
    });

    it('a replay raced by two instances: exactly one signs in', async () => {
      const login = await saml.begin(saml.connector());
      const response = await saml.idp.respond(login.metadata, login.received, { nameId: ALICE });
      const instances = [saml.connector(), saml.connector(), saml.connector()];
      const outcomes = await Promise.all(
        instances.map((instance) =>
          instance.redirectLogin!.finish({ SAMLResponse: response }, login.kept, login.request, { environmentId: 'env-1', ip: '127.0.0.1', now: new Date() }).then(
            () => 'signed in',
            (error) => error.code,
          ),
        ),
      );
      expect(outcomes.sort()).toEqual([rejected, rejected, 'signed in']);
    });

    it('a response with a DOCTYPE', async () => {
      const change = (xml: string) => `<!DOCTYPE Response [<!ENTITY user "${ALICE}">]>${xml}`;
      expect(await saml.signIn(saml.connector(), { change })).toBe(rejected);
    });

    it('a response larger than 256 KiB', async () => {
      expect(await saml.signIn(saml.connector(), { attributes: { padding: 'x'.repeat(200 * 1024) } })).toBe(rejected);
    });

    it('garbage: no SAMLResponse, not base64, not XML, a deflated (Redirect binding) payload, not a Response', async () => {
      const connector = saml.connector();
      const login = await saml.begin(connector);
      const response = await saml.idp.respond(login.metadata, login.received, { nameId: ALICE });
      const garbage = [
        undefined,
        '',
        '%%% not base64 %%%',
        Buffer.from('hello, not xml').toString('base64'),
        Buffer.from('<samlp:Response><unclosed></samlp:Response>').toString('base64'),
        deflateRawSync(Buffer.from(responseXml(response))).toString('base64'),
        alterResponse(response, (xml) => xml.replace(/samlp:Response/g, 'samlp:ArtifactResponse')),
        Buffer.from([0xff, 0xfe, 0x00, 0x3c]).toString('base64'),
      ];
      for (const field of garbage) expect(await login.finish(field)).toBe(rejected);
      // None of them spent the login: the genuine response still signs in.
      expect(await login.finish(response)).toMatchObject({ providerUid: ALICE });
    });

    it('an encrypted assertion when no decryptionKey is configured', async () => {
      const keyed = saml.connector('saml-post', saml.spKeyPair);
      const login = await saml.begin(keyed);
      const response = await saml.idp.respond(login.metadata, login.received, { nameId: ALICE, encrypt: true });
      const keyless = saml.connector();
      const outcome = await keyless.redirectLogin!.finish({ SAMLResponse: response }, login.kept, login.request, { environmentId: 'env-1', ip: '127.0.0.1', now: new Date() }).catch((error) => error.code);
      expect(outcome).toBe(rejected);
    });

    it('a RelayState that is not this login state', async () => {
      const login = await saml.begin(saml.connector());
      expect(await login.finish(await saml.idp.respond(login.metadata, login.received, { nameId: ALICE }), 'another-state')).toBe(rejected);
    });

    it.each(['AuthnFailed', 'RequestDenied'])('a %s status as ACCESS_DENIED', async (status) => {
      const values = { StatusCode: `urn:oasis:names:tc:SAML:2.0:status:Responder" /><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:${status}` };
      const template = (xml: string) =>
        xml.replace('<samlp:StatusCode Value="{StatusCode}"/>', `<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:${status}"/></samlp:StatusCode>`);
      expect(await saml.signIn(saml.connector(), { template, values: { StatusCode: values.StatusCode } })).toBe('ACCESS_DENIED');
    });
  });
});
