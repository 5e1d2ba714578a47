import { createHash, createHmac } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { accessTokenHash, checkDpopProof, singleDpopHeader, DpopProofError } from './dpop-proof';
import { DpopNonces } from './dpop-nonces';

const HTU = 'https://id.example.com/oauth/token';
const NOW = new Date('2026-12-07T08:00:00Z');
const iat = Math.floor(NOW.getTime() / 1000);

interface Signer {
  alg: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signer(alg: 'ES256' | 'RS256' | 'PS256' | 'EdDSA'): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, privateKey, jwk: await exportJWK(publicKey) };
}

async function proof(key: Signer, payload: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ htm: 'POST', htu: HTU, iat, jti: `jti-${Math.random()}`, ...payload })
    .setProtectedHeader({ alg: key.alg, typ: 'dpop+jwt', jwk: key.jwk, ...header })
    .sign(key.privateKey);
}

const atTokenEndpoint = { htm: 'POST', htu: HTU, now: NOW };

async function refusal(jwt: string, expectation = atTokenEndpoint): Promise<string> {
  const error = await checkDpopProof(jwt, expectation).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DpopProofError);
  return (error as Error).message;
}

describe('checkDpopProof (RFC 9449 §4.3)', () => {
  let es256: Signer;
  beforeAll(async () => {
    es256 = await signer('ES256');
  });

  it.each(['ES256', 'RS256', 'PS256', 'EdDSA'] as const)('accepts a %s proof and answers its RFC 7638 thumbprint', async (alg) => {
    const key = await signer(alg);
    const checked = await checkDpopProof(await proof(key, { jti: 'one' }), atTokenEndpoint);
    expect(checked).toEqual({ jkt: await calculateJwkThumbprint(key.jwk, 'sha256'), jti: 'one', iat });
  });

  it('refuses another typ', async () => {
    expect(await refusal(await proof(es256, {}, { typ: 'JWT' }))).toMatch(/typ, alg or signature/);
  });

  it('refuses a symmetric or absent algorithm', async () => {
    const secret = Buffer.alloc(32, 7);
    const hs256 = await new SignJWT({ htm: 'POST', htu: HTU, iat, jti: 'x' }).setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: es256.jwk }).sign(secret);
    await refusal(hs256);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const none = `${encode({ alg: 'none', typ: 'dpop+jwt', jwk: es256.jwk })}.${encode({ htm: 'POST', htu: HTU, iat, jti: 'x' })}.${createHmac('sha256', secret).update('x').digest('base64url')}`;
    await refusal(none);
  });

  it('refuses a private jwk in the header', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = await exportJWK(privateKey);
    expect(await refusal(await proof({ alg: 'ES256', privateKey, jwk: privateJwk }))).toMatch(/public key/);
  });

  it('refuses a signature by another key than the header names', async () => {
    const other = await signer('ES256');
    await refusal(await proof({ ...other, jwk: es256.jwk }));
  });

  it('refuses htm and htu that do not match, and an htu with a query or fragment', async () => {
    expect(await refusal(await proof(es256, { htm: 'GET' }))).toMatch(/htm/);
    expect(await refusal(await proof(es256, { htu: 'https://id.example.com/oauth/introspect' }))).toMatch(/htu/);
    expect(await refusal(await proof(es256, { htu: `${HTU}?a=b` }))).toMatch(/htu/);
    expect(await refusal(await proof(es256, { htu: `${HTU}#f` }))).toMatch(/htu/);
    expect(await refusal(await proof(es256, { htu: 'not a url' }))).toMatch(/htu/);
  });

  it('compares htu after normalization (case of scheme and host, default port)', async () => {
    await expect(checkDpopProof(await proof(es256, { htu: 'HTTPS://ID.example.com:443/oauth/token' }), atTokenEndpoint)).resolves.toMatchObject({ iat });
  });

  it('refuses an iat more than 60 s away either way, and a missing one', async () => {
    await expect(checkDpopProof(await proof(es256, { iat: iat - 60 }), atTokenEndpoint)).resolves.toMatchObject({ iat: iat - 60 });
    expect(await refusal(await proof(es256, { iat: iat - 61 }))).toMatch(/iat/);
    expect(await refusal(await proof(es256, { iat: iat + 61 }))).toMatch(/iat/);
    expect(await refusal(await proof(es256, { iat: undefined }))).toMatch(/iat/);
  });

  it('refuses a missing, empty or overlong jti', async () => {
    expect(await refusal(await proof(es256, { jti: undefined }))).toMatch(/jti/);
    expect(await refusal(await proof(es256, { jti: '' }))).toMatch(/jti/);
    expect(await refusal(await proof(es256, { jti: 'j'.repeat(256) }))).toMatch(/jti/);
  });

  it('at a resource, requires ath = base64url(SHA-256(access token))', async () => {
    const token = 'eyJ.access.token';
    const ath = createHash('sha256').update(token).digest('base64url');
    expect(accessTokenHash(token)).toBe(ath);
    const atResource = { ...atTokenEndpoint, accessToken: token };
    await expect(checkDpopProof(await proof(es256, { ath }), atResource)).resolves.toMatchObject({ iat });
    expect(await refusal(await proof(es256), atResource)).toMatch(/ath/);
    expect(await refusal(await proof(es256, { ath: accessTokenHash('another') }), atResource)).toMatch(/ath/);
  });

  it('refuses garbage, folded headers and oversized proofs', async () => {
    for (const garbage of ['', 'garbage', 'a.b', `${await proof(es256)}, ${await proof(es256)}`, 'a'.repeat(10 * 1024), '\u0000.\u0000.\u0000']) {
      await refusal(garbage);
    }
  });
});

describe('singleDpopHeader', () => {
  it('takes one header, none, and refuses two', () => {
    expect(singleDpopHeader(undefined)).toBeUndefined();
    expect(singleDpopHeader('x')).toBe('x');
    expect(singleDpopHeader(['x'])).toBe('x');
    expect(() => singleDpopHeader(['x', 'y'])).toThrow(DpopProofError);
  });
});

describe('DpopNonces (§8, stateless)', () => {
  const nonces = new DpopNonces(Buffer.alloc(32, 1));

  it('accepts its nonce in its window and the next, not later, not from another installation', () => {
    const nonce = nonces.current(NOW);
    expect(nonces.accepts(nonce, NOW)).toBe(true);
    expect(nonces.accepts(nonce, new Date(NOW.getTime() + 300_000))).toBe(true);
    expect(nonces.accepts(nonce, new Date(NOW.getTime() + 600_000))).toBe(false);
    expect(new DpopNonces(Buffer.alloc(32, 2)).accepts(nonce, NOW)).toBe(false);
    expect(nonces.accepts(undefined, NOW)).toBe(false);
    expect(nonces.accepts(`${nonce}x`, NOW)).toBe(false);
  });
});
