import { attribute, element, elements, SamlRefused, type XmlNode } from './saml-xml';

// What an IdP may sign with (docs/saml.md): SHA-1 and anything else xml-crypto would accept are
// refused before any signature is checked. ECDSA-SHA256 is on the list, but xml-crypto cannot verify
// it, so such a signature fails verification as any unverifiable one does.
const SIGNATURE_METHODS: readonly string[] = [
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
];
const DIGEST_METHODS: readonly string[] = ['http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2001/04/xmlenc#sha512'];
/** Exclusive C14N without comments: a comment in NameID is not signed and never splits its text (docs/saml.md). */
const EXCLUSIVE_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const TRANSFORMS: readonly string[] = ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', EXCLUSIVE_C14N];

/** Refuses a document any of whose XML signatures uses an algorithm off our lists. */
export function checkSignatureAlgorithms(document: XmlNode): void {
  for (const signature of elements('//ds:Signature', document)) {
    const signedInfo = element('ds:SignedInfo', signature);
    if (!signedInfo) throw new SamlRefused('a signature has no SignedInfo');
    const method = attribute(element('ds:SignatureMethod', signedInfo), 'Algorithm');
    if (!method || !SIGNATURE_METHODS.includes(method)) throw new SamlRefused(`signature algorithm ${method ?? 'missing'} is not accepted`);
    const canonicalization = attribute(element('ds:CanonicalizationMethod', signedInfo), 'Algorithm');
    if (canonicalization !== EXCLUSIVE_C14N) throw new SamlRefused(`canonicalization ${canonicalization ?? 'missing'} is not exclusive C14N`);
    for (const reference of elements('ds:Reference', signedInfo)) {
      const digest = attribute(element('ds:DigestMethod', reference), 'Algorithm');
      if (!digest || !DIGEST_METHODS.includes(digest)) throw new SamlRefused(`digest algorithm ${digest ?? 'missing'} is not accepted`);
      for (const transform of elements('ds:Transforms/ds:Transform', reference)) {
        const algorithm = attribute(transform, 'Algorithm');
        if (!algorithm || !TRANSFORMS.includes(algorithm)) throw new SamlRefused(`transform ${algorithm ?? 'missing'} is not accepted`);
      }
    }
  }
}
