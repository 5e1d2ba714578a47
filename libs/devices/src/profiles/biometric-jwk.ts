import { calculateJwkThumbprint, importJWK } from 'jose';
import { DeviceError } from '../devices.errors';

const MEMBERS = new Set(['kty', 'crv', 'x', 'y', 'kid', 'use', 'alg']);
const COORDINATE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The public EC P-256 JWK (RFC 7518 §6.2.1) a profile registers for biometric refreshes, and its
 * RFC 7638 thumbprint; anything else (a private key's `d`, another curve, unknown members) is refused.
 */
export async function biometricPublicKey(jwk: unknown): Promise<{ jwk: Record<string, string>; jkt: string }> {
  const refuse = (message: string) => new DeviceError('INVALID_PARAMETER', message, { field: 'jwk' });
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw refuse('jwk must be a JSON Web Key object');
  const members = jwk as Record<string, unknown>;
  if ('d' in members) throw refuse('jwk must be a public key: it carries a private part (d)');
  for (const [name, value] of Object.entries(members)) {
    if (!MEMBERS.has(name)) throw refuse(`jwk member ${name.slice(0, 20)} is not allowed`);
    if (typeof value !== 'string') throw refuse(`jwk member ${name} must be a string`);
  }
  if (members.kty !== 'EC' || members.crv !== 'P-256') throw refuse('jwk must be an EC P-256 key');
  if (!COORDINATE.test(String(members.x)) || !COORDINATE.test(String(members.y))) throw refuse('jwk x and y must be 32-byte base64url coordinates');
  if (members.alg !== undefined && members.alg !== 'ES256') throw refuse('jwk alg must be ES256');
  const key = { kty: 'EC', crv: 'P-256', x: members.x as string, y: members.y as string };
  try {
    await importJWK(key, 'ES256');
  } catch {
    throw refuse('jwk is not a point on P-256');
  }
  return { jwk: key, jkt: await calculateJwkThumbprint(key, 'sha256') };
}
