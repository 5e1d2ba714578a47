import { randomBytes } from 'node:crypto';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { generateKeyMaterial, privateKeyFromPem, publicKeyFromJwk } from '../keys/key-material';
import type { LoadedKey } from '../keys/signing-keys';
import { signJwt } from './jwt-signer';

async function key(alg: 'ES256' | 'RS256'): Promise<LoadedKey> {
  const material = await generateKeyMaterial(alg);
  return {
    kid: material.kid,
    alg,
    publicJwk: material.publicJwk,
    publicKey: publicKeyFromJwk(material.publicJwk),
    privateKey: privateKeyFromPem(material.privatePkcs8),
    activatesAt: new Date(),
    deactivatedAt: null,
  };
}

describe('signJwt (node:crypto) verified by jose', () => {
  it.each(['ES256', 'RS256'] as const)('produces %s JWTs that jose verifies against the JWKS', async (alg) => {
    const signing = await key(alg);
    const now = Math.floor(Date.now() / 1000);
    const token = signJwt({ iss: 'https://issuer.example', sub: 'u1', iat: now, exp: now + 60, jti: 'j1' }, signing, 'at+jwt');
    expect(decodeProtectedHeader(token)).toEqual({ alg, kid: signing.kid, typ: 'at+jwt' });
    const jwks = createLocalJWKSet({ keys: [signing.publicJwk] });
    const { payload } = await jwtVerify(token, jwks, { issuer: 'https://issuer.example', algorithms: [alg], typ: 'at+jwt' });
    expect(payload).toMatchObject({ sub: 'u1', jti: 'j1' });
  });

  it('is rejected by jose when a bit of the signature or payload changes', async () => {
    const signing = await key('ES256');
    const token = signJwt({ sub: 'u1', n: randomBytes(4).toString('hex') }, signing);
    const [h, p, s] = token.split('.');
    const tamperedPayload = Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url');
    await expect(compactVerify(`${h}.${tamperedPayload}.${s}`, signing.publicKey)).rejects.toThrow();
    const signature = Buffer.from(s, 'base64url');
    signature[5] ^= 1;
    await expect(compactVerify(`${h}.${p}.${signature.toString('base64url')}`, signing.publicKey)).rejects.toThrow();
    await expect(compactVerify(token, (await key('ES256')).publicKey)).rejects.toThrow();
  });
});
