import { promisify } from 'node:util';
import { decrypt } from 'xml-encryption';
import { checkSignatureAlgorithms } from './signature-algorithms';
import { attribute, element, elements, isIn, parseXml, SAML_NS, SamlRefused, type XmlElement } from './saml-xml';

// The rules of a SAML response that node-saml does not enforce, or not as strictly (docs/saml.md):
// `decodeResponse` and `checkEnvelope` run before its signature check, `readAssertion` after it,
// on the signed assertion alone.

/** The HTTP-POST binding's form field, base64 of at most 192 KiB of XML. */
export const MAX_RESPONSE_CHARS = 256 * 1024;
/** SAML 2.0 Profiles §4.1.4.3: clocks of the IdP and ours differ by up to this much. */
export const CLOCK_SKEW_MS = 60_000;
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const MAX_ID_CHARS = 256;

/** What an assertion must say, wherever it came from. */
export interface AssertionExpectations {
  /** Our entity id: the Audience required. */
  readonly entityId: string;
  readonly idpEntityId?: string;
  readonly now: Date;
}

/** What this login's response must say. */
export interface ResponseExpectations extends AssertionExpectations {
  readonly acsUrl: string;
  /** The ID of the AuthnRequest this login sent: the response must answer it (no IdP-initiated login). */
  readonly requestId: string;
  readonly decryptionKey?: string;
}

/** The IdP answered with a status other than Success (the user could not or would not sign in). */
export class SamlStatusNotSuccess extends Error {}

/** The SAMLResponse form field as XML text; never inflated (the ACS takes the POST binding only). */
export function decodeResponse(field: unknown): string {
  if (typeof field !== 'string' || field === '') throw new SamlRefused('SAMLResponse is missing');
  if (field.length > MAX_RESPONSE_CHARS) throw new SamlRefused(`SAMLResponse is larger than ${MAX_RESPONSE_CHARS} characters`);
  const compact = field.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw new SamlRefused('SAMLResponse is not base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compact, 'base64'));
  } catch {
    throw new SamlRefused('SAMLResponse is not UTF-8 text');
  }
}

const decryptAssertion = promisify(decrypt);

/**
 * The response around the assertion: one Response holding exactly one Assertion or
 * EncryptedAssertion as its child and none anywhere else (signature wrapping), for our ACS and
 * this login's request, from the configured IdP, signed with accepted algorithms only (the
 * decrypted assertion too).
 * @throws SamlStatusNotSuccess, SamlRefused
 */
export async function checkEnvelope(xml: string, expected: ResponseExpectations): Promise<void> {
  const document = parseXml(xml, 'the response');
  const response = document.documentElement;
  if (!isIn(response, SAML_NS.samlp, 'Response')) throw new SamlRefused('the document is not a SAML 2.0 Response');
  const status = attribute(element('samlp:Status/samlp:StatusCode', response), 'Value');
  if (status !== SUCCESS) throw new SamlStatusNotSuccess(`the IdP answered status ${status ?? 'missing'}`);
  // By local name: node-saml selects by local name, so an element of any namespace counts.
  if (elements("//*[local-name()='Response']", document).length !== 1) throw new SamlRefused('a Response is nested in the Response');
  const assertions = elements("//*[local-name()='Assertion' or local-name()='EncryptedAssertion']", document);
  if (assertions.length !== 1 || assertions[0].parentNode !== response) throw new SamlRefused(`the response holds ${assertions.length} assertions, not one child assertion`);
  if (attribute(response, 'Destination') !== expected.acsUrl) throw new SamlRefused('the response Destination is not our ACS');
  if (attribute(response, 'InResponseTo') !== expected.requestId) throw new SamlRefused('the response does not answer this login request');
  const issuer = element('saml:Issuer', response);
  if (expected.idpEntityId !== undefined && issuer && issuer.textContent !== expected.idpEntityId) throw new SamlRefused('the response Issuer is not idpEntityId');
  checkSignatureAlgorithms(document);
  if (isIn(assertions[0], SAML_NS.saml, 'EncryptedAssertion')) await checkEncrypted(assertions[0].toString(), expected);
}

async function checkEncrypted(encrypted: string, expected: ResponseExpectations): Promise<void> {
  if (expected.decryptionKey === undefined) throw new SamlRefused('the assertion is encrypted and no decryptionKey is configured');
  let xml: string;
  try {
    xml = await decryptAssertion(encrypted, { key: expected.decryptionKey, disallowDecryptionWithInsecureAlgorithm: true });
  } catch {
    throw new SamlRefused('the encrypted assertion does not decrypt with decryptionKey');
  }
  const document = parseXml(xml, 'the decrypted assertion');
  if (!isIn(document.documentElement, SAML_NS.saml, 'Assertion')) throw new SamlRefused('the encrypted content is not an Assertion');
  if (elements("//*[local-name()='Assertion' or local-name()='EncryptedAssertion']", document).length !== 1) throw new SamlRefused('the decrypted assertion holds another assertion');
  checkSignatureAlgorithms(document);
}

/** What the signed assertion says, once every rule held. */
export interface VerifiedAssertion {
  readonly id: string;
  readonly nameId: string;
  readonly nameIdFormat?: string;
  /** When the last of its validity windows closes, clock skew included: the replay cache keeps its ID until then. */
  readonly acceptableUntil: Date;
  readonly attributes: Record<string, string | string[]>;
}

/**
 * Reads the assertion whose signature node-saml verified (`xml` is the signed element only, so
 * nothing outside the signature is read) and applies the Web SSO profile's rules (SAML 2.0
 * Profiles §4.1.4.3): Issuer, a bearer SubjectConfirmation (for our ACS and this request when the
 * assertion answers one, a ResponseExpectations), its and the Conditions' time windows, and our
 * entity id in every AudienceRestriction.
 * @throws SamlRefused
 */
export function readAssertion(xml: string, expected: AssertionExpectations | ResponseExpectations): VerifiedAssertion {
  const assertion = parseXml(xml, 'the signed assertion').documentElement;
  if (!isIn(assertion, SAML_NS.saml, 'Assertion')) throw new SamlRefused('the signed element is not an Assertion');
  const id = attribute(assertion, 'ID');
  if (!id || id.length > MAX_ID_CHARS) throw new SamlRefused('the assertion ID is missing or too long');
  const issuer = element('saml:Issuer', assertion)?.textContent;
  if (!issuer) throw new SamlRefused('the assertion has no Issuer');
  if (expected.idpEntityId !== undefined && issuer !== expected.idpEntityId) throw new SamlRefused('the assertion Issuer is not idpEntityId');
  const subject = element('saml:Subject', assertion);
  const nameId = subject && element('saml:NameID', subject);
  if (!subject || !nameId?.textContent) throw new SamlRefused('the assertion has no NameID');
  const confirmedUntil = bearerConfirmation(subject, expected);
  const conditionsUntil = checkConditions(assertion, expected);
  return {
    id,
    nameId: nameId.textContent,
    nameIdFormat: attribute(nameId, 'Format'),
    acceptableUntil: new Date(Math.max(confirmedUntil, conditionsUntil ?? 0) + CLOCK_SKEW_MS),
    attributes: readAttributes(assertion),
  };
}

function instant(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new SamlRefused(`${what} is not a dateTime`);
  return ms;
}

/**
 * The NotOnOrAfter of a bearer confirmation that is still valid: for a response to a request, one
 * for our ACS and that request, its window required; for a token of no request (SAML-WRAP), any
 * bearer one whose window, if it has one, holds.
 */
function bearerConfirmation(subject: XmlElement, expected: AssertionExpectations | ResponseExpectations): number {
  const now = expected.now.getTime();
  const answering = 'requestId' in expected ? expected : undefined;
  for (const confirmation of elements('saml:SubjectConfirmation', subject)) {
    if (attribute(confirmation, 'Method') !== BEARER) continue;
    const data = element('saml:SubjectConfirmationData', confirmation);
    const until = instant(attribute(data, 'NotOnOrAfter'), 'SubjectConfirmationData NotOnOrAfter');
    const timely = attribute(data, 'NotBefore') === undefined && (until === undefined ? !answering : now - CLOCK_SKEW_MS < until);
    const ours = !answering || (attribute(data, 'Recipient') === answering.acsUrl && attribute(data, 'InResponseTo') === answering.requestId);
    if (timely && ours) return until ?? 0;
  }
  throw new SamlRefused('no bearer SubjectConfirmation for our ACS and this request is valid now');
}

/** The Conditions' window, with skew; our entity id in every AudienceRestriction. Returns its NotOnOrAfter. */
function checkConditions(assertion: XmlElement, expected: AssertionExpectations): number | undefined {
  const conditions = element('saml:Conditions', assertion);
  if (!conditions) throw new SamlRefused('the assertion has no Conditions');
  const now = expected.now.getTime();
  const notBefore = instant(attribute(conditions, 'NotBefore'), 'Conditions NotBefore');
  const notOnOrAfter = instant(attribute(conditions, 'NotOnOrAfter'), 'Conditions NotOnOrAfter');
  if (notBefore !== undefined && now + CLOCK_SKEW_MS < notBefore) throw new SamlRefused('the assertion is not valid yet');
  if (notOnOrAfter !== undefined && now - CLOCK_SKEW_MS >= notOnOrAfter) throw new SamlRefused('the assertion has expired');
  const restrictions = elements('saml:AudienceRestriction', conditions);
  const ours = (restriction: XmlElement) => elements('saml:Audience', restriction).some((audience) => audience.textContent === expected.entityId);
  if (restrictions.length === 0 || !restrictions.every(ours)) throw new SamlRefused('the assertion is not for our entity id');
  return notOnOrAfter;
}

/** Every attribute of every AttributeStatement: one value as a string, several as a list. */
function readAttributes(assertion: XmlElement): Record<string, string | string[]> {
  const read = new Map<string, string[]>();
  for (const statement of elements('saml:AttributeStatement/saml:Attribute', assertion)) {
    const name = attribute(statement, 'Name');
    if (!name) continue;
    const values = elements('saml:AttributeValue', statement).map((value) => value.textContent ?? '');
    read.set(name, [...(read.get(name) ?? []), ...values]);
  }
  return Object.fromEntries([...read].map(([name, values]) => [name, values.length === 1 ? values[0] : values]));
}
