import { randomBytes } from 'node:crypto';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { generateKeyMaterial, privateKeyFromPem, publicKeyFromJwk } from '../keys/key-material';
import type { LoadedKey } from '../keys/signing-keys';
import { signJwt, verifyJwt } from './jwt-signer';

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

describe('verifyJwt (node:crypto)', () => {
  const ours = (signing: LoadedKey) => async (kid: string) => (kid === signing.kid ? signing : undefined);
  const flip = (segment: string, byte: number) => {
    const bytes = Buffer.from(segment, 'base64url');
    bytes[byte] ^= 1;
    return bytes.toString('base64url');
  };

  it.each(['ES256', 'RS256'] as const)('accepts the %s JWTs jose signs, and its own', async (alg) => {
    const signing = await key(alg);
    const byJose = await new SignJWT({ jti: 'j1' }).setProtectedHeader({ alg, kid: signing.kid, typ: 'login-tx+jwt' }).sign(signing.privateKey);
    expect(await verifyJwt(byJose, { alg, typ: 'login-tx+jwt' }, ours(signing))).toEqual({ jti: 'j1' });
    expect(await verifyJwt(signJwt({ jti: 'j2' }, signing, 'login-tx+jwt'), { alg, typ: 'login-tx+jwt' }, ours(signing))).toEqual({ jti: 'j2' });
  });

  it('refuses forgeries: changed payload or signature, another key, another alg or typ, an unknown kid, crit, garbage', async () => {
    const signing = await key('ES256');
    const expected = { alg: 'ES256', typ: 'login-tx+jwt' } as const;
    const token = signJwt({ jti: 'j1' }, signing, 'login-tx+jwt');
    const [h, p, s] = token.split('.');
    const refused = async (candidate: string, keyFor = ours(signing)) => (await verifyJwt(candidate, expected, keyFor)) === undefined;
    expect(await refused(token)).toBe(false);
    expect(await refused(`${h}.${Buffer.from(JSON.stringify({ jti: 'j2' })).toString('base64url')}.${s}`)).toBe(true);
    expect(await refused(`${h}.${p}.${flip(s, 5)}`)).toBe(true);
    expect(await refused(`${h}.${p}.${s}${s}`)).toBe(true);
    expect(await refused(signJwt({ jti: 'j1' }, await key('ES256'), 'login-tx+jwt'))).toBe(true);
    expect(await refused(token, async () => undefined)).toBe(true);
    expect(await refused(signJwt({ jti: 'j1' }, signing, 'at+jwt'))).toBe(true);
    const rsa = await key('RS256');
    expect(await refused(signJwt({ jti: 'j1' }, rsa, 'login-tx+jwt'), async () => rsa)).toBe(true);
    const withCrit = await new SignJWT({ jti: 'j1' })
      .setProtectedHeader({ alg: 'ES256', kid: signing.kid, typ: 'login-tx+jwt', crit: ['x-ext'], 'x-ext': 1 })
      .sign(signing.privateKey, { crit: { 'x-ext': true } });
    expect(await refused(withCrit)).toBe(true);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', kid: signing.kid, typ: 'login-tx+jwt' })).toString('base64url')}.${p}.`;
    expect(await refused(unsigned)).toBe(true);
    for (const garbage of ['', 'a.b.c', `${h}.${p}`, `${h}.!!.${s}`, `${Buffer.from('[1]').toString('base64url')}.${p}.${s}`]) expect(await refused(garbage)).toBe(true);
  });
});
