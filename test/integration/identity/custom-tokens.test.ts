import { createSecretKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { Database } from '@rapidauth/database';
import { CustomTokenReplays, CustomTokens, IdentityError, MAX_CUSTOM_TOKEN_LENGTH, type CustomTokenPolicy } from '@rapidauth/identity';
import { SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { createTenant, provisionerOn } from '../../support/tenant';

const ISSUER = 'https://id.example.com';
const AUDIENCES = [ISSUER, `${ISSUER}/oauth/token`];
const SECRET = new TextEncoder().encode('a backend secret of at least 32 characters!');
const NOW = new Date('2026-12-03T12:00:00Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

const hs256: CustomTokenPolicy = { algorithm: 'HS256', key: SECRET, issuer: null, maxAgeSeconds: 3600, audiences: AUDIENCES };

/** The claims a well-behaved backend sends, minted at NOW. */
const claims = (overrides: JWTPayload = {}): JWTPayload => ({
  sub: 'user-42',
  aud: ISSUER,
  iat: seconds(NOW),
  exp: seconds(NOW) + 600,
  jti: randomUUID(),
  ...overrides,
});

const sign = (payload: JWTPayload, alg: string, key: Uint8Array | KeyObject, header: Record<string, unknown> = {}) =>
  new SignJWT(payload).setProtectedHeader({ alg, ...header }).sign(key);

/** Why verify refused: its code and message, or 'resolved'. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; message?: string }> {
  try {
    await promise;
    return { code: 'resolved' };
  } catch (error) {
    if (!(error instanceof IdentityError)) throw error;
    return { code: error.code, message: error.message };
  }
}

/** Custom tokens (RFC 7523 §3) as the jwt-bearer grant and /v3/auth/custom verify them, on both backends. */
describe.each(BACKENDS)('custom tokens (%s)', (_label, kind) => {
  let database: Database;
  let tokens: CustomTokens;
  let environmentId: string;

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    tokens = new CustomTokens(new CustomTokenReplays(database.dataSource));
    environmentId = (await createTenant(provisionerOn(database.dataSource))).environment.id;
  });

  afterAll(() => database?.close());

  const verify = (token: unknown, policy: CustomTokenPolicy = hs256, now = NOW) => tokens.verify(environmentId, token, policy, now);

  it('accepts a token under the HS256 secret and names its sub and displayName', async () => {
    await expect(verify(await sign(claims({ displayName: 'Ada' }), 'HS256', SECRET))).resolves.toEqual({ providerUid: 'user-42', displayName: 'Ada' });
    await expect(verify(await sign(claims({ aud: [`${ISSUER}/oauth/token`] }), 'HS256', SECRET))).resolves.toEqual({ providerUid: 'user-42' });
  });

  it.each([
    ['RS256', generateKeyPairSync('rsa', { modulusLength: 2048 })],
    ['ES256', generateKeyPairSync('ec', { namedCurve: 'P-256' })],
  ] as const)('accepts a %s token under the public key', async (algorithm, pair) => {
    const policy: CustomTokenPolicy = { ...hs256, algorithm, key: pair.publicKey };
    await expect(verify(await sign(claims(), algorithm, pair.privateKey), policy)).resolves.toEqual({ providerUid: 'user-42' });
  });

  it('refuses a second use of one jti, and of 10 parallel uses accepts exactly one', async () => {
    const token = await sign(claims(), 'HS256', SECRET);
    expect(await refusal(verify(token))).toEqual({ code: 'resolved' });
    expect(await refusal(verify(token))).toEqual({ code: 'INVALID_TOKEN', message: 'this custom token was already used (its jti is single use)' });

    const raced = await sign(claims(), 'HS256', SECRET);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => refusal(verify(raced))));
    expect(outcomes.filter((outcome) => outcome.code === 'resolved')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.code === 'INVALID_TOKEN')).toHaveLength(9);
  });

  it('keeps the jti until the token could no longer be accepted (exp plus the clock tolerance)', async () => {
    const jti = randomUUID();
    await verify(await sign(claims({ jti }), 'HS256', SECRET));
    const [row] = await database.dataSource.query(`SELECT "expires_at" FROM "custom_token_replay" WHERE "environment_id" = $1 AND "jti" = $2`, [environmentId, jti]);
    expect(new Date(row.expires_at)).toEqual(new Date((seconds(NOW) + 600 + 60) * 1000));
  });

  it('counts a jti per environment: another environment may accept the same one', async () => {
    const other = (await createTenant(provisionerOn(database.dataSource))).environment.id;
    const token = await sign(claims(), 'HS256', SECRET);
    await expect(tokens.verify(environmentId, token, hs256, NOW)).resolves.toBeDefined();
    await expect(tokens.verify(other, token, hs256, NOW)).resolves.toBeDefined();
  });

  describe('refusals: INVALID_TOKEN, naming no part of the token', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaPolicy: CustomTokenPolicy = { ...hs256, algorithm: 'RS256', key: rsa.publicKey };
    const rsaPublicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;

    const cases: Array<[string, () => Promise<unknown>, CustomTokenPolicy, string | RegExp]> = [
      ['another secret', () => sign(claims(), 'HS256', new TextEncoder().encode('another secret of at least 32 characters!!')), hs256, "the custom token's signature does not verify with the environment's key"],
      ['alg none', async () => new UnsecuredJWT(claims()).encode(), hs256, 'the custom token must be signed with HS256'],
      ['HS256 where RS256 is configured', () => sign(claims(), 'HS256', SECRET), rsaPolicy, 'the custom token must be signed with RS256'],
      // The classic confusion: an HMAC keyed with the public key's PEM, presented to an RS256 environment.
      ['HS256 keyed with the public key', () => sign(claims(), 'HS256', createSecretKey(Buffer.from(rsaPublicPem))), rsaPolicy, 'the custom token must be signed with RS256'],
      ['expired', () => sign(claims({ iat: seconds(NOW) - 1200, exp: seconds(NOW) - 61 }), 'HS256', SECRET), hs256, 'the custom token has expired'],
      ['exp beyond iat + maxAgeSeconds', () => sign(claims({ exp: seconds(NOW) + 3601 }), 'HS256', SECRET), hs256, /exp lies more than 3600 s/],
      // Older than maxAgeSeconds: expired by its age, whatever its exp says.
      ['issued more than maxAgeSeconds ago', () => sign(claims({ iat: seconds(NOW) - 3700, exp: seconds(NOW) + 60 }), 'HS256', SECRET), hs256, 'the custom token has expired'],
      ['issued in the future', () => sign(claims({ iat: seconds(NOW) + 120, exp: seconds(NOW) + 600 }), 'HS256', SECRET), hs256, "the custom token's iat claim is missing or not acceptable"],
      ['another audience', () => sign(claims({ aud: 'https://elsewhere.example' }), 'HS256', SECRET), hs256, "the custom token's aud claim is missing or not acceptable"],
      ['no sub', () => sign(claims({ sub: undefined }), 'HS256', SECRET), hs256, "the custom token's sub claim is missing or not acceptable"],
      ['no jti', () => sign(claims({ jti: undefined }), 'HS256', SECRET), hs256, "the custom token's jti claim is missing or not acceptable"],
      ['no exp', () => sign(claims({ exp: undefined }), 'HS256', SECRET), hs256, "the custom token's exp claim is missing or not acceptable"],
      ['no iat', () => sign(claims({ iat: undefined }), 'HS256', SECRET), hs256, "the custom token's iat claim is missing or not acceptable"],
      ['another issuer', () => sign(claims({ iss: 'https://evil.example' }), 'HS256', SECRET), { ...hs256, issuer: 'https://backend.example' }, "the custom token's iss claim is missing or not acceptable"],
      ['a sub with a control character', () => sign(claims({ sub: 'user\u0000' }), 'HS256', SECRET), hs256, /sub must be 1-255 characters/],
      ['a sub of 256 characters', () => sign(claims({ sub: 'u'.repeat(256) }), 'HS256', SECRET), hs256, /sub must be 1-255 characters/],
      ['a displayName that is not text', () => sign(claims({ displayName: { first: 'Ada' } }), 'HS256', SECRET), hs256, /displayName must be 1-200 characters/],
      ['not a JWT', async () => 'not.a.jwt', hs256, 'the custom token is not a well-formed signed JWT'],
      ['too long', async () => 'a'.repeat(MAX_CUSTOM_TOKEN_LENGTH + 1), hs256, `the custom token is longer than ${MAX_CUSTOM_TOKEN_LENGTH} characters`],
      ['absent', async () => undefined, hs256, 'a custom token is required'],
      ['not a string', async () => ['a', 'b'], hs256, 'a custom token is required'],
    ];

    it.each(cases)('%s', async (_name, make, policy, message) => {
      const token = await make();
      const refused = await refusal(verify(token, policy));
      expect(refused.code).toBe('INVALID_TOKEN');
      expect(refused.message).toMatch(message);
      if (typeof token === 'string' && token.length > 20) expect(refused.message).not.toContain(token.split('.')[1] ?? token);
    });

    it('records no jti for a refused token', async () => {
      const jti = randomUUID();
      await refusal(verify(await sign(claims({ jti, aud: 'https://elsewhere.example' }), 'HS256', SECRET)));
      const rows = await database.dataSource.query(`SELECT 1 FROM "custom_token_replay" WHERE "jti" = $1`, [jti]);
      expect(rows).toHaveLength(0);
    });
  });
});
