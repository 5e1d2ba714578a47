import fc from 'fast-check';
import { IdentityEntity } from '@rapidauth/database';
import { authorizationScheme } from '@rapidauth/oauth';
import { accountCall, signedInUser } from '../../support/account-api';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { anyText, encodeForm, longText, randomFields, runs } from '../../support/fuzz';
import { createTenant } from '../../support/tenant';

/** The account endpoints that take no parameter: any parameter at all is refused. */
const BODYLESS = [
  ['DELETE', '/v3/auth/identity'],
  ['DELETE', '/v3/auth/account'],
  ['POST', '/v3/auth/mfa/totp'],
  ['DELETE', '/v3/auth/mfa/totp'],
  ['POST', '/v3/auth/mfa/recovery-codes'],
] as const;

/** A JSON body holding at least one key: some parameter the endpoints do not take, or a `code` of the wrong type. */
const jsonBody = fc.oneof(
  fc.dictionary(anyText(24), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 5 }),
  fc.record({ code: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 })) }),
);

/**
 * The account endpoints (docs/gateway.md#account-self-service) under property tests: whatever the
 * body, the path or the Authorization header, never a 5xx; every refusal is JSON with `error`,
 * `error_description` and `code`; and the account, its identities and its enrolment stay as they were.
 */
describe('account endpoints under property tests (fast-check)', () => {
  jest.setTimeout(180_000);
  let testbed: AdminTestbed;
  let user: Awaited<ReturnType<typeof signedInUser>>;
  let before: string;

  const state = async () => {
    const dataSource = testbed.gateway.running.runtime.database.dataSource;
    const identities = await dataSource.manager.find(IdentityEntity, { where: { accountId: user.uid }, order: { id: 'ASC' } });
    const factors = await dataSource.query(`SELECT "id", "secret_sealed", "confirmed_at" FROM "mfa_factor" WHERE "account_id" = $1`, [user.uid]);
    const families = await dataSource.query(`SELECT "id", "revoked_at" FROM "refresh_token_family" WHERE "account_id" = $1 ORDER BY "id"`, [user.uid]);
    return JSON.stringify({ identities, factors, families });
  };
  const refused = (answer: Awaited<ReturnType<typeof accountCall>>, what: string) => {
    if (answer.status < 400 || answer.status >= 500) throw new Error(`${what}: answered ${answer.status} ${JSON.stringify(answer.body)}`);
    for (const name of ['error', 'error_description', 'code']) {
      if (typeof answer.body[name] !== 'string' || answer.body[name] === '') throw new Error(`${what}: ${answer.status} without ${name}: ${JSON.stringify(answer.body)}`);
    }
    if (answer.status === 413 && answer.body.code !== 'REQUEST_TOO_LARGE') throw new Error(`${what}: 413 without REQUEST_TOO_LARGE`);
  };
  const send = (method: string, path: string, body: unknown, headers?: Record<string, string>, token: string | null = user.tokens.access_token) =>
    accountCall(testbed.gateway.url, method, path, token, body, headers);

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    const tenant = await createTenant(testbed.gateway.provisioner);
    user = await signedInUser(testbed, tenant, 'fuzzy');
    // An unconfirmed enrolment, which a stray confirmation must not confirm.
    expect((await send('POST', '/v3/auth/mfa/totp', undefined)).status).toBe(200);
    before = await state();
  });

  afterAll(() => testbed?.stop());

  it('refuses any JSON body or form fields on the endpoints that take none', async () => {
    const form = fc.tuple(anyText(24), anyText(40), randomFields).map(([name, value, more]) => encodeForm([[`x${name}`, value], ...more]));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...BODYLESS), fc.oneof(jsonBody.map((body) => ({ body, form: false })), form.map((body) => ({ body, form: true }))), async ([method, path], { body, form: isForm }) => {
        const answer = await send(method, path, isForm ? body : JSON.stringify(body), { 'content-type': isForm ? 'application/x-www-form-urlencoded' : 'application/json' });
        refused(answer, `${method} ${path}`);
      }),
      { numRuns: runs(150) },
    );
  });

  it('refuses confirmations that cannot be right: wrong types, extra fields, control characters, sizes', async () => {
    const code = fc.oneof(anyText(12), longText(60, 70), longText(64 * 1024, 66 * 1024)).filter((text) => !/^[0-9]{6}$/.test(text));
    const body = fc.oneof(
      jsonBody.map((json) => ({ json })),
      code.map((value) => ({ json: { code: value } })),
      fc.tuple(code, randomFields).map(([value, more]) => ({ form: encodeForm([['code', value], ...more]) })),
    );
    await fc.assert(
      fc.asyncProperty(body, async (generated) => {
        const answer =
          'form' in generated
            ? await send('POST', '/v3/auth/mfa/totp/confirm', generated.form, { 'content-type': 'application/x-www-form-urlencoded' })
            : await send('POST', '/v3/auth/mfa/totp/confirm', JSON.stringify(generated.json));
        refused(answer, 'POST /v3/auth/mfa/totp/confirm');
      }),
      { numRuns: runs(150) },
    );
  });

  it('answers any identity id in the path that is not one of the account’s with a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyText(40), fc.uuid()), async (id) => {
        const path = `/v3/auth/identities/${encodeURIComponent(id.replace(/[\ud800-\udfff]/g, '\ufffd'))}`;
        refused(await send('DELETE', path, undefined), `DELETE ${path}`);
      }),
      { numRuns: runs(150) },
    );
  });

  it('refuses any other Authorization header with 401 on every endpoint', async () => {
    const header = fc.oneof(
      fc.string({ unit: 'grapheme-ascii', maxLength: 80 }),
      fc.string({ unit: 'grapheme-ascii', maxLength: 80 }).map((text) => `Bearer ${text}`),
      fc.constantFrom('Bearer', 'Bearer ', 'bearer x.y.z', 'Basic Zm9vOmJhcg==', `Bearer ${user.tokens.refresh_token}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...BODYLESS, ['GET', '/v3/auth/account'] as const), header, async ([method, path], authorization) => {
        const answer = await send(method, path, undefined, { authorization }, null);
        refused(answer, `${method} ${path} with ${JSON.stringify(authorization)}`);
        // There HTTP Basic is a sign-in's client authentication (enrolment at login), read with its body: none here is 400.
        const signInEnrolment = method === 'POST' && path === '/v3/auth/mfa/totp' && authorizationScheme(authorization) === 'basic';
        const expected = signInEnrolment ? 400 : 401;
        if (answer.status !== expected) throw new Error(`${method} ${path}: ${answer.status} instead of ${expected}`);
      }),
      { numRuns: runs(150) },
    );
  });

  it('changed nothing: the identities, the unconfirmed enrolment and the logins are as they were', async () => {
    expect(await state()).toBe(before);
  });
});
