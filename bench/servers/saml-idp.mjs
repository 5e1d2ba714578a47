// The SAML 2.0 IdP of scenario (h), in the runner's process (so on the loader's core, 1): samlify,
// as test/support/saml-idp.ts uses it, answering each AuthnRequest of the gateway with a signed
// (and, when asked, encrypted) login Response for that request's id. Its keys are made per run
// with `openssl`, as the e2e suites make theirs.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const { IdentityProvider, SamlLib, ServiceProvider, setSchemaValidator } = require('samlify');
setSchemaValidator(require('@authenio/samlify-node-xmllint'));

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

/** A fresh RSA-2048 key and its self-signed certificate (PEM), valid for two days. */
export function makeKeyPair(commonName) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-saml-keys-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', `/CN=${commonName}`], {
      cwd: dir,
      stdio: 'pipe',
    });
    const certificate = readFileSync(join(dir, 'cert.pem'), 'utf8');
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), certificate: certificate.slice(certificate.indexOf('-----BEGIN CERTIFICATE-----')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The AuthnRequest of an HTTP-Redirect binding URL (SAML 2.0 Bindings §3.4.4.1: DEFLATE, Base64,
 * URL-encoded): its ID and RelayState. Read without samlify's parser: its schema validation
 * (xmllint compiled to WebAssembly) would cost the loader's core more than the signing, and the
 * benchmark is of the gateway's ACS, not of an IdP's request handling.
 */
export function authnRequestOf(location) {
  const url = new URL(location);
  const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
  const id = /<(?:\w+:)?AuthnRequest\b[^>]*\sID="([^"]+)"/.exec(xml)?.[1];
  if (!id) throw new Error(`no AuthnRequest ID in ${location.slice(0, 200)}`);
  return { id, relayState: url.searchParams.get('RelayState') ?? '' };
}

/** samlify's IdP for the SP metadata `spMetadata` (the gateway's, fetched once), signing assertions, encrypting them when `encrypt`. */
export class BenchSamlIdp {
  entityId = 'https://idp.bench.example/metadata';
  ssoUrl = 'https://idp.bench.example/sso';
  sloUrl = 'https://idp.bench.example/slo';
  keys = makeKeyPair('idp.bench.example');

  /** `respond(requestId)` → the base64 SAMLResponse (HTTP-POST binding) for the SP of `spMetadata`. */
  responder(spMetadata, { encrypt }) {
    const idp = IdentityProvider({
      entityID: this.entityId,
      privateKey: this.keys.key,
      signingCert: this.keys.certificate,
      isAssertionEncrypted: encrypt,
      requestSignatureAlgorithm: RSA_SHA256,
      singleSignOnService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: this.ssoUrl }],
      singleLogoutService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: this.sloUrl }],
    });
    const sp = ServiceProvider({ metadata: spMetadata.replace(/WantAssertionsSigned="[^"]*"/, 'WantAssertionsSigned="true"'), wantMessageSigned: false });
    const acsUrl = /AssertionConsumerService[^>]*Location="([^"]+)"/.exec(spMetadata)?.[1];
    const audience = /entityID="([^"]+)"/.exec(spMetadata)?.[1];
    if (!acsUrl || !audience) throw new Error('bench (h): the SP metadata names no ACS or entity id');
    return async (requestId, nameId) => {
      const now = new Date();
      const until = new Date(now.getTime() + 5 * 60_000).toISOString();
      const id = `_${randomBytes(16).toString('hex')}`;
      const values = {
        ID: id,
        AssertionID: `_${randomBytes(16).toString('hex')}`,
        Destination: acsUrl,
        Audience: audience,
        SubjectRecipient: acsUrl,
        Issuer: this.entityId,
        IssueInstant: now.toISOString(),
        StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
        ConditionsNotBefore: now.toISOString(),
        ConditionsNotOnOrAfter: until,
        SubjectConfirmationDataNotOnOrAfter: until,
        NameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        NameID: nameId,
        InResponseTo: requestId,
        AuthnStatement: '',
      };
      const customTagReplacement = (template) => ({
        id,
        context: SamlLib.replaceTagsByValue(template.replace('{AttributeStatement}', ''), values),
      });
      const { context } = await idp.createLoginResponse(sp, { extract: { request: { id: requestId } } }, 'post', { email: nameId }, { customTagReplacement });
      return context;
    };
  }
}
