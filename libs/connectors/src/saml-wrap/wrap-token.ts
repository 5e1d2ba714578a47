import { SAML, ValidateInResponseTo } from '@node-saml/passport-saml';
import { CLOCK_SKEW_MS, MAX_RESPONSE_CHARS, readAssertion, type AssertionExpectations, type VerifiedAssertion } from '../saml/saml-response';
import { checkSignatureAlgorithms } from '../saml/signature-algorithms';
import { elements, isIn, parseXml, SAML_NS, SamlRefused } from '../saml/saml-xml';

/** node-saml set to check one signed assertion: our synthetic envelope is unsigned, so the assertion's own signature must verify. */
export function wrapVerifier(certificate: string, wrapScope: string): SAML {
  return new SAML({
    issuer: wrapScope,
    callbackUrl: wrapScope,
    idpCert: certificate,
    audience: wrapScope,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    validateInResponseTo: ValidateInResponseTo.never,
  });
}

/** The token as XML: the assertion itself, or its base64. */
function tokenXml(token: string): string {
  if (token.length > MAX_RESPONSE_CHARS) throw new SamlRefused(`the token is larger than ${MAX_RESPONSE_CHARS} characters`);
  const trimmed = token.trim();
  if (trimmed.startsWith('<')) return trimmed;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) throw new SamlRefused('the token is neither XML nor base64');
  return Buffer.from(trimmed, 'base64').toString('utf8');
}

/**
 * A SAML-WRAP token (OAuth WRAP 0.9 §5.1 `wrap_access_token`) holding one signed SAML 2.0
 * assertion, verified by the SAML rules (docs/saml.md) except those of a response to a request:
 * no Destination, Recipient or InResponseTo; Audience is `wrapScope`. It must expire.
 * @throws SamlRefused
 */
export async function verifyWrapToken(verifier: SAML, token: string, expected: AssertionExpectations): Promise<VerifiedAssertion> {
  const xml = tokenXml(token).replace(/^<\?xml[^>]*\?>\s*/, '');
  const document = parseXml(xml, 'the token');
  if (!isIn(document.documentElement, SAML_NS.saml, 'Assertion')) throw new SamlRefused('the token is not a SAML 2.0 Assertion');
  if (elements("//*[local-name()='Assertion' or local-name()='EncryptedAssertion' or local-name()='Response']", document).length !== 1) {
    throw new SamlRefused('the token holds more than the assertion');
  }
  checkSignatureAlgorithms(document);
  const envelope = `<samlp:Response xmlns:samlp="${SAML_NS.samlp}"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${xml}</samlp:Response>`;
  const { profile } = await verifier.validatePostResponseAsync({ SAMLResponse: Buffer.from(envelope, 'utf8').toString('base64') });
  if (!profile?.getAssertionXml) throw new SamlRefused('node-saml verified no assertion');
  const assertion = readAssertion(profile.getAssertionXml(), expected);
  if (assertion.acceptableUntil.getTime() <= expected.now.getTime()) throw new SamlRefused('the token has no NotOnOrAfter');
  return assertion;
}
