import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as validator from '@authenio/samlify-node-xmllint';
import type { RedirectStep } from '@rapidauth/connectors';

// samlify's type declarations pull the DOM library into every compilation (changing the global
// `fetch` types), so it is loaded untyped, described by the little used here.
type SamlifyEntity = {
  parseLoginRequest(sp: unknown, binding: string, request: object): Promise<unknown>;
  createLoginResponse(sp: unknown, requestInfo: object, binding: string, user: object, options: object): Promise<unknown>;
};
const { IdentityProvider, SamlLib, ServiceProvider, setSchemaValidator } = require('samlify') as {
  IdentityProvider(settings: object): SamlifyEntity;
  ServiceProvider(settings: object): unknown;
  SamlLib: {
    replaceTagsByValue(template: string, values: Record<string, string>): string;
    constructSAMLSignature(options: object): string;
  };
  setSchemaValidator(validator: object): void;
};

setSchemaValidator(validator);

/** An RSA key and its self-signed certificate, both PEM. */
export interface KeyPair {
  readonly key: string;
  readonly certificate: string;
}

/**
 * A fresh RSA key pair made by `openssl` for this run; `expired` dates the certificate in 2020
 * (`openssl ca` is the 3.0 tool that takes explicit dates).
 */
export function makeKeyPair(commonName: string, { expired = false } = {}): KeyPair {
  const dir = mkdtempSync(join(tmpdir(), 'saml-keys-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    if (expired) {
      writeFileSync(join(dir, 'index.txt'), '');
      writeFileSync(join(dir, 'serial'), '01\n');
      writeFileSync(join(dir, 'ca.cnf'), '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nserial=serial\nnew_certs_dir=.\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n');
      openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'req.csr', '-subj', `/CN=${commonName}`);
      openssl('ca', '-batch', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'key.pem', '-in', 'req.csr', '-out', 'cert.pem', '-startdate', '20200101000000Z', '-enddate', '20200102000000Z');
    } else {
      openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', `/CN=${commonName}`);
    }
    const certificate = readFileSync(join(dir, 'cert.pem'), 'utf8');
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), certificate: certificate.slice(certificate.indexOf('-----BEGIN CERTIFICATE-----')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The AuthnRequest as the IdP read it from the SP's step. */
export interface ReceivedRequest {
  readonly id: string;
  readonly relayState: string;
  readonly issuer: string;
  readonly acsUrl: string;
  readonly nameIdFormat?: string;
}

/** Which elements the IdP signs; `none` strips every signature from a signed response. */
export type Signing = 'assertion' | 'response' | 'both' | 'none';

export interface ResponseOptions {
  readonly nameId: string;
  readonly attributes?: Readonly<Record<string, string | readonly string[]>>;
  readonly sign?: Signing;
  readonly encrypt?: boolean;
  /** An XML Signature algorithm URI (default RSA-SHA256). */
  readonly signatureAlgorithm?: string;
  /** Sign with this pair instead of the IdP's own (a certificate the SP does not trust). */
  readonly signWith?: KeyPair;
  /** Template values to replace (`Audience`, `SubjectRecipient`, `Destination`, `InResponseTo`, `StatusCode`, …). */
  readonly values?: Readonly<Record<string, string>>;
  /** Changes to the raw template before values are filled in (e.g. a SubjectConfirmation method). */
  readonly template?: (template: string) => string;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function attributeStatement(attributes: Readonly<Record<string, string | readonly string[]>>): string {
  const entries = Object.entries(attributes);
  if (!entries.length) return '';
  const values = (value: string | readonly string[]) =>
    (typeof value === 'string' ? [value] : value).map((one) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(one)}</saml:AttributeValue>`).join('');
  return `<saml:AttributeStatement>${entries.map(([name, value]) => `<saml:Attribute Name="${escapeXml(name)}">${values(value)}</saml:Attribute>`).join('')}</saml:AttributeStatement>`;
}

/** The SP's metadata as samlify should read it for a response signed as `sign` asks. */
function spFor(spMetadata: string, sign: Signing) {
  const assertionSigned = sign === 'assertion' || sign === 'both' || sign === 'none';
  const metadata = spMetadata.replace(/WantAssertionsSigned="[^"]*"/, `WantAssertionsSigned="${assertionSigned}"`);
  return ServiceProvider({ metadata, wantMessageSigned: sign === 'response' || sign === 'both' });
}

/**
 * A real SAML 2.0 IdP (samlify, schema-validated by samlify-node-xmllint) in this process: it
 * reads the SP's AuthnRequest from the step `begin` built (either binding, verifying its
 * signature when `wantAuthnRequestsSigned`) and answers with responses signed, encrypted or
 * altered as a test asks. Its keys are made for each run.
 */
export class SamlIdp {
  readonly entityId = 'https://idp.example.test/metadata';
  readonly ssoUrl: string;
  readonly keys = makeKeyPair('idp.example.test');

  constructor(options: { ssoUrl?: string } = {}) {
    this.ssoUrl = options.ssoUrl ?? 'https://idp.example.test/sso';
  }

  get certificate(): string {
    return this.keys.certificate;
  }

  private idp(options: { signWith?: KeyPair; encrypt?: boolean; signatureAlgorithm?: string; wantAuthnRequestsSigned?: boolean } = {}) {
    const keys = options.signWith ?? this.keys;
    return IdentityProvider({
      entityID: this.entityId,
      privateKey: keys.key,
      signingCert: keys.certificate,
      isAssertionEncrypted: options.encrypt ?? false,
      wantAuthnRequestsSigned: options.wantAuthnRequestsSigned ?? false,
      requestSignatureAlgorithm: options.signatureAlgorithm ?? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      singleSignOnService: [
        { Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: this.ssoUrl },
        { Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: this.ssoUrl },
      ],
    });
  }

  /** Reads the AuthnRequest of `step` as the IdP's SSO endpoint would; refuses an unsigned one when `wantAuthnRequestsSigned`. */
  async receive(step: RedirectStep, spMetadata: string, { wantAuthnRequestsSigned = false } = {}): Promise<ReceivedRequest> {
    const sp = ServiceProvider({ metadata: spMetadata });
    const idp = this.idp({ wantAuthnRequestsSigned });
    let parsed: { extract: Record<string, any> };
    let relayState: string | undefined;
    if (step.kind === 'redirect') {
      const url = new URL(step.location);
      if (`${url.origin}${url.pathname}` !== this.ssoUrl) throw new Error(`the request went to ${url.origin}${url.pathname}`);
      const query = Object.fromEntries(url.searchParams);
      relayState = query.RelayState;
      // SAML 2.0 Bindings §3.4.4.1: the signature covers the query as sent, up to the Signature parameter.
      const octetString = url.search.slice(1).split('&').filter((parameter) => !parameter.startsWith('Signature=')).join('&');
      parsed = (await idp.parseLoginRequest(sp, 'redirect', { query, octetString })) as typeof parsed;
    } else {
      if (step.action !== this.ssoUrl) throw new Error(`the request was posted to ${step.action}`);
      relayState = step.fields.RelayState;
      parsed = (await idp.parseLoginRequest(sp, 'post', { body: step.fields })) as typeof parsed;
    }
    const request = parsed.extract.request ?? {};
    return {
      id: request.id,
      relayState: relayState ?? '',
      issuer: parsed.extract.issuer,
      acsUrl: request.assertionConsumerServiceUrl,
      nameIdFormat: parsed.extract.nameIDPolicy?.format,
    };
  }

  /** A login response (base64, the HTTP-POST binding's SAMLResponse) to `request`. */
  async respond(spMetadata: string, request: ReceivedRequest | { id: string }, options: ResponseOptions): Promise<string> {
    const sign = options.sign ?? 'assertion';
    const idp = this.idp({ signWith: options.signWith, encrypt: options.encrypt, signatureAlgorithm: options.signatureAlgorithm });
    const sp = spFor(spMetadata, sign);
    const now = new Date();
    const inFiveMinutes = new Date(now.getTime() + 5 * 60_000).toISOString();
    const acsUrl = (/AssertionConsumerService[^>]*Location="([^"]+)"/.exec(spMetadata) ?? [])[1];
    const audience = (/entityID="([^"]+)"/.exec(spMetadata) ?? [])[1];
    const id = `_${randomBytes(16).toString('hex')}`;
    const values: Record<string, string> = {
      ID: id,
      AssertionID: `_${randomBytes(16).toString('hex')}`,
      Destination: acsUrl,
      Audience: audience,
      SubjectRecipient: acsUrl,
      Issuer: this.entityId,
      IssueInstant: now.toISOString(),
      StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
      ConditionsNotBefore: now.toISOString(),
      ConditionsNotOnOrAfter: inFiveMinutes,
      SubjectConfirmationDataNotOnOrAfter: inFiveMinutes,
      NameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      NameID: options.nameId,
      InResponseTo: request.id,
      AuthnStatement: '',
      ...options.values,
    };
    const customTagReplacement = (template: string) => {
      const changed = (options.template ?? ((unchanged: string) => unchanged))(template);
      const withAttributes = changed.replace('{AttributeStatement}', attributeStatement(options.attributes ?? {}));
      return { id, context: SamlLib.replaceTagsByValue(withAttributes, values) };
    };
    const { context } = (await idp.createLoginResponse(sp, { extract: { request: { id: request.id } } }, 'post', { email: options.nameId }, { customTagReplacement })) as {
      context: string;
    };
    return sign === 'none' ? alterResponse(context, (xml) => xml.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, '')) : context;
  }
}

/** What a SAML-WRAP token's assertion says. */
export interface TokenOptions {
  readonly nameId: string;
  readonly audience: string;
  readonly issuer?: string;
  readonly notOnOrAfter?: Date;
  readonly attributes?: Readonly<Record<string, string | readonly string[]>>;
  /** false: the assertion unsigned. */
  readonly sign?: boolean;
  readonly signWith?: KeyPair;
}

/** A bare SAML 2.0 assertion as a WRAP API answers it (no Response, no request answered), signed by `idp` as samlify signs. */
export function wrapTokenAssertion(idp: SamlIdp, options: TokenOptions): string {
  const now = new Date();
  const until = (options.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000)).toISOString();
  const assertion =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="_${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${now.toISOString()}">` +
    `<saml:Issuer>${escapeXml(options.issuer ?? idp.entityId)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${escapeXml(options.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${until}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${now.toISOString()}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${escapeXml(options.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `${attributeStatement(options.attributes ?? {})}</saml:Assertion>`;
  if (options.sign === false) return assertion;
  const keys = options.signWith ?? idp.keys;
  return SamlLib.constructSAMLSignature({
    rawSamlMessage: assertion,
    referenceTagXPath: "/*[local-name(.)='Assertion']",
    privateKey: keys.key,
    signingCert: keys.certificate.replace(/-----[A-Z ]+-----|\s/g, ''),
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    isBase64Output: false,
    signatureConfig: { prefix: 'ds', location: { reference: "/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } },
  });
}

/** A base64 SAMLResponse with its XML changed by `change`. */
export function alterResponse(samlResponse: string, change: (xml: string) => string): string {
  return Buffer.from(change(Buffer.from(samlResponse, 'base64').toString('utf8')), 'utf8').toString('base64');
}

export const responseXml = (samlResponse: string) => Buffer.from(samlResponse, 'base64').toString('utf8');
