import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import type { SigningAlg } from '@rapidauth/database';
import { calculateJwkThumbprint, type JWK } from 'jose';

/** A new key pair: its public JWK (kid = RFC 7638 thumbprint) and its PKCS#8 private key. */
export async function generateKeyMaterial(alg: SigningAlg): Promise<{ kid: string; publicJwk: JWK; privatePkcs8: string }> {
  const { publicKey, privateKey } =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return {
    kid,
    publicJwk: { ...jwk, kid, alg, use: 'sig' },
    privatePkcs8: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

export function privateKeyFromPem(pem: string): KeyObject {
  return createPrivateKey(pem);
}

export function publicKeyFromJwk(jwk: JWK): KeyObject {
  return createPublicKey({ key: jwk as never, format: 'jwk' });
}
