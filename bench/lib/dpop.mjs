// DPoP proofs (RFC 9449 §4.2) as a client makes them: one ES256 key per client, a fresh proof
// (new jti, current iat) for every request.
import { randomUUID } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

/** A new ES256 key pair: the private key, the public JWK (the proofs' `jwk` header) and its RFC 7638 thumbprint (`cnf.jkt`). */
export async function dpopKey() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  return { privateKey, jwk, thumbprint: await calculateJwkThumbprint(jwk) };
}

/** A proof of the request `htm` `htu` (the URL without query or fragment) signed by `key`. */
export function dpopProof(key, htm, htu) {
  return new SignJWT({ htm, htu, iat: Math.floor(Date.now() / 1000), jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
    .sign(key.privateKey);
}
