import { createHash, timingSafeEqual } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, jwtVerify, type JWK } from 'jose';

/** RFC 9449 §5.1 `dpop_signing_alg_values_supported`: asymmetric algorithms only (§4.3 point 5). */
export const DPOP_SIGNING_ALGS = ['ES256', 'RS256', 'PS256', 'EdDSA'] as const;

/** §4.3 point 11: how far `iat` may be from our clock, either way. */
export const DPOP_IAT_SKEW_SECONDS = 60;

/** A proof is a few hundred bytes (an RSA-4096 key under 2 KiB); more is not a proof. */
const MAX_PROOF_LENGTH = 8192;
const MAX_JTI_LENGTH = 255;

/** What the request the proof came with must match (§4.3 points 8–12). */
export interface DpopExpectation {
  htm: string;
  /** The request's URL as the public sees it, without query and fragment. */
  htu: string;
  /** At resources: the access token presented, whose hash `ath` must be (§4.3 point 12). */
  accessToken?: string;
  now: Date;
}

/** A proof that passed every check of §4.3 but the ones needing state (replay, nonce). */
export interface DpopProof {
  /** RFC 7638 SHA-256 thumbprint of the proof's key (§6.1 `cnf.jkt`). */
  jkt: string;
  jti: string;
  iat: number;
  nonce?: string;
}

/** A proof refused; `reason` is for logs and `error_description`, never names a secret. */
export class DpopProofError extends Error {}

/** §4.3 point 1: exactly one `DPoP` header. Undefined when the request carried none. */
export function singleDpopHeader(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length !== 1) throw new DpopProofError('exactly one DPoP header is allowed');
    return value[0];
  }
  return value;
}

/** §4.3: the stateless checks of a DPoP proof JWT, then its key's thumbprint. */
export async function checkDpopProof(proof: string, expect: DpopExpectation): Promise<DpopProof> {
  // A comma means two headers folded into one (§4.3 point 1); a JWS has none.
  if (proof.length === 0 || proof.length > MAX_PROOF_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(proof)) {
    throw new DpopProofError('the DPoP proof is not a compact JWS');
  }
  const jwk = publicJwk(proof);
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: [...DPOP_SIGNING_ALGS] }));
  } catch {
    throw new DpopProofError('the DPoP proof has a wrong typ, alg or signature');
  }
  const { htm, htu, iat, jti, ath, nonce } = payload;
  if (htm !== expect.htm) throw new DpopProofError('the DPoP proof htm does not match the request method');
  if (typeof htu !== 'string' || !sameUri(htu, expect.htu)) throw new DpopProofError('the DPoP proof htu does not match the request URL');
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new DpopProofError('the DPoP proof has no iat');
  if (Math.abs(expect.now.getTime() / 1000 - iat) > DPOP_IAT_SKEW_SECONDS) throw new DpopProofError('the DPoP proof iat is too far from now');
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) throw new DpopProofError('the DPoP proof has no valid jti');
  if (expect.accessToken !== undefined && (typeof ath !== 'string' || !sameText(ath, accessTokenHash(expect.accessToken)))) {
    throw new DpopProofError('the DPoP proof ath does not match the access token');
  }
  if (nonce !== undefined && typeof nonce !== 'string') throw new DpopProofError('the DPoP proof nonce is not a string');
  return { jkt: await calculateJwkThumbprint(jwk, 'sha256'), jti, iat, ...(nonce !== undefined && { nonce }) };
}

/** §6.1 / §4.2 `ath`: base64url(SHA-256(ASCII access token)). */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

/** §4.3 point 4/6: the header's `jwk` is a public key; a private member refuses the proof outright. */
function publicJwk(proof: string): JWK {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw new DpopProofError('the DPoP proof header is not JSON');
  }
  const jwk = header.jwk;
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) throw new DpopProofError('the DPoP proof carries no jwk');
  if (['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'].some((member) => member in jwk)) {
    throw new DpopProofError('the DPoP proof jwk must be a public key');
  }
  return jwk;
}

/** htu without query and fragment (§4.2), compared after RFC 3986 §6.2.2–6.2.3 normalization (URL parsing does it). */
function sameUri(htu: string, expected: string): boolean {
  if (htu.includes('?') || htu.includes('#')) return false;
  let url: URL;
  try {
    url = new URL(htu);
  } catch {
    return false;
  }
  const wanted = new URL(expected);
  return url.origin === wanted.origin && url.pathname === wanted.pathname;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
