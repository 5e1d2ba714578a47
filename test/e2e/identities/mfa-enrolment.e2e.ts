import { RecoveryCodes } from '@rapidauth/identity';
import { accountCall, agedLogin, signedInUser } from '../../support/account-api';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { createTenant } from '../../support/tenant';
import { codeFor } from '../../support/totp-codes';

const RECOVERY_CODE = /^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/;

/** Enrolling, confirming and removing a TOTP authenticator, and new recovery codes, over HTTP (docs/gateway.md#second-factor-enrolment). */
describe('second factor enrolment', () => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let users = 0;

  const call = (method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>) => accountCall(testbed.gateway.url, method, path, token, body, headers);
  const recoveryCodeRows = async (uid: string) =>
    (await testbed.gateway.running.runtime.database.dataSource.query(`SELECT count(*)::int AS "count" FROM "recovery_code" WHERE "account_id" = $1`, [uid]))[0].count as number;
  const mfaOf = async (token: string) => (await call('GET', '/v3/auth/account', token)).body.mfa;

  const signedIn = () => signedInUser(testbed, tenant, `mfa-user${++users}`);
  const enrolled = async () => {
    const user = await signedIn();
    const { body } = await call('POST', '/v3/auth/mfa/totp', user.tokens.access_token);
    const confirmed = await call('POST', '/v3/auth/mfa/totp/confirm', user.tokens.access_token, { code: await codeFor(body.secret) });
    expect(confirmed.status).toBe(200);
    return { ...user, secret: body.secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  };

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
  });

  afterAll(() => testbed?.stop());

  it("enrols: a base32 secret, its otpauth URI (issuer the app's name, label the username) and a QR code, never cached", async () => {
    const user = await signedIn();
    const answer = await call('POST', '/v3/auth/mfa/totp', user.tokens.access_token);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('pragma')).toBe('no-cache');
    expect(Object.keys(answer.body).sort()).toEqual(['otpauthUri', 'qrCodeSvg', 'secret']);
    expect(answer.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(answer.body.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(decodeURIComponent(uri.pathname)).toBe(`/${tenant.app.displayName}:${user.username}`);
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret: answer.body.secret, issuer: tenant.app.displayName });
    expect(answer.body.qrCodeSvg).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
    // Not confirmed yet: no second factor.
    expect(await mfaOf(user.tokens.access_token)).toEqual({ totp: false, recoveryCodesLeft: 0 });
  });

  it('takes the issuer from the environment’s mfa.issuer when set', async () => {
    const path = `/v1/environments/${tenant.environment.id}/identity-methods`;
    try {
      expect((await testbed.api('PATCH', path, { mfa: { issuer: 'Acme Bank' } })).status).toBe(200);
      const user = await signedIn();
      const { body } = await call('POST', '/v3/auth/mfa/totp', user.tokens.access_token);
      expect(new URL(body.otpauthUri).searchParams.get('issuer')).toBe('Acme Bank');
    } finally {
      await testbed.api('PATCH', path, { mfa: { issuer: null } });
    }
  });

  it('confirms with a right code: 10 recovery codes shown once; a wrong code is 400 INVALID_OTP and changes nothing', async () => {
    const user = await signedIn();
    const { body } = await call('POST', '/v3/auth/mfa/totp', user.tokens.access_token);
    const right = await codeFor(body.secret);
    const wrong = right === '000000' ? '000001' : '000000';
    const refused = await call('POST', '/v3/auth/mfa/totp/confirm', user.tokens.access_token, { code: wrong });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_OTP' });
    expect(await mfaOf(user.tokens.access_token)).toEqual({ totp: false, recoveryCodesLeft: 0 });

    const confirmed = await call('POST', '/v3/auth/mfa/totp/confirm', user.tokens.access_token, { code: right });
    expect(confirmed.status).toBe(200);
    expect(confirmed.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(confirmed.body)).toEqual(['recoveryCodes']);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
    for (const code of confirmed.body.recoveryCodes) expect(code).toMatch(RECOVERY_CODE);
    expect(await mfaOf(user.tokens.access_token)).toEqual({ totp: true, recoveryCodesLeft: 10 });

    // Confirmed: a second enrolment or confirmation is a conflict, and the factor stays.
    const again = await call('POST', '/v3/auth/mfa/totp', user.tokens.access_token);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'conflict', code: 'MFA_ALREADY_ENROLLED' });
    expect((await call('POST', '/v3/auth/mfa/totp/confirm', user.tokens.access_token, { code: await codeFor(body.secret, 1) })).body).toMatchObject({ code: 'MFA_ALREADY_ENROLLED' });
    expect(await mfaOf(user.tokens.access_token)).toEqual({ totp: true, recoveryCodesLeft: 10 });
  });

  it('refuses a confirmation without an enrolment (INVALID_OTP)', async () => {
    const user = await signedIn();
    const refused = await call('POST', '/v3/auth/mfa/totp/confirm', user.tokens.access_token, { code: '123456' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'INVALID_OTP' });
  });

  it('hands out new recovery codes that void the old ones', async () => {
    const user = await enrolled();
    const recoveryCodes = testbed.gateway.get(RecoveryCodes);
    await recoveryCodes.consume(user.uid, user.recoveryCodes[0]);
    expect((await mfaOf(user.tokens.access_token)).recoveryCodesLeft).toBe(9);

    const fresh = await call('POST', '/v3/auth/mfa/recovery-codes', user.tokens.access_token);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('cache-control')).toBe('no-store');
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    expect(fresh.body.recoveryCodes.filter((code: string) => user.recoveryCodes.includes(code))).toEqual([]);
    expect((await mfaOf(user.tokens.access_token)).recoveryCodesLeft).toBe(10);
    await expect(recoveryCodes.consume(user.uid, user.recoveryCodes[1])).rejects.toMatchObject({ code: 'INVALID_OTP' });
    await expect(recoveryCodes.consume(user.uid, fresh.body.recoveryCodes[0])).resolves.toBeUndefined();
  });

  it('refuses new recovery codes without a confirmed authenticator: 409 MFA_NOT_ENROLLED, none stored', async () => {
    const user = await signedIn();
    await call('POST', '/v3/auth/mfa/totp', user.tokens.access_token);
    const refused = await call('POST', '/v3/auth/mfa/recovery-codes', user.tokens.access_token);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'conflict', code: 'MFA_NOT_ENROLLED' });
    expect(await recoveryCodeRows(user.uid)).toBe(0);
  });

  it('removes the authenticator and its recovery codes (204, also when there is none); the user may enrol again', async () => {
    const user = await enrolled();
    const removed = await call('DELETE', '/v3/auth/mfa/totp', user.tokens.access_token);
    expect(removed.status).toBe(204);
    expect(removed.headers.get('cache-control')).toBe('no-store');
    expect(await mfaOf(user.tokens.access_token)).toEqual({ totp: false, recoveryCodesLeft: 0 });
    expect(await recoveryCodeRows(user.uid)).toBe(0);
    expect((await call('DELETE', '/v3/auth/mfa/totp', user.tokens.access_token)).status).toBe(204);
    expect((await call('POST', '/v3/auth/mfa/totp', user.tokens.access_token)).status).toBe(200);
  });

  it('a regeneration and a removal at once leave no recovery code without its authenticator', async () => {
    const user = await enrolled();
    const [regenerated, removed] = await Promise.all([
      call('POST', '/v3/auth/mfa/recovery-codes', user.tokens.access_token),
      call('DELETE', '/v3/auth/mfa/totp', user.tokens.access_token),
    ]);
    expect(removed.status).toBe(204);
    expect([200, 409]).toContain(regenerated.status);
    expect(await recoveryCodeRows(user.uid)).toBe(0);
  });

  it('needs a fresh login to enrol, remove or regenerate (TOKEN_TOO_OLD, nothing changed); confirming does not', async () => {
    const user = await enrolled();
    const stale = await agedLogin(testbed, tenant, user.tokens, 301);
    for (const [method, path] of [
      ['POST', '/v3/auth/mfa/totp'],
      ['DELETE', '/v3/auth/mfa/totp'],
      ['POST', '/v3/auth/mfa/recovery-codes'],
    ]) {
      const refused = await call(method, path, stale.access_token);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ error: 'insufficient_user_authentication', code: 'TOKEN_TOO_OLD' });
      expect(refused.headers.get('www-authenticate')).toContain('max_age="300"');
    }
    expect(await mfaOf(stale.access_token)).toEqual({ totp: true, recoveryCodesLeft: 10 });

    const other = await signedIn();
    const { body } = await call('POST', '/v3/auth/mfa/totp', other.tokens.access_token);
    const later = await agedLogin(testbed, tenant, other.tokens, 301);
    expect((await call('POST', '/v3/auth/mfa/totp/confirm', later.access_token, { code: await codeFor(body.secret) })).status).toBe(200);
  });

  it('refuses bad input with a 4xx and a code, never a 500, and keeps secrets and codes out of the audit log', async () => {
    const user = await signedIn();
    const { body: enrolment } = await call('POST', '/v3/auth/mfa/totp', user.tokens.access_token);
    const confirm = (body: unknown, headers?: Record<string, string>) => call('POST', '/v3/auth/mfa/totp/confirm', user.tokens.access_token, body, headers);
    const cases: Array<[unknown, Record<string, string> | undefined, number, string]> = [
      [{}, undefined, 400, 'MISSING_PARAMETER'],
      [{ code: '' }, undefined, 400, 'MISSING_PARAMETER'],
      [{ code: 123456 }, undefined, 400, 'INVALID_PARAMETER'],
      [{ code: ['123456'] }, undefined, 400, 'DUPLICATE_PARAMETER'],
      [{ code: '123456', extra: 'x' }, undefined, 400, 'INVALID_PARAMETER'],
      [{ code: '12345\u0000' }, undefined, 400, 'INVALID_PARAMETER'],
      [{ code: '1'.repeat(65) }, undefined, 400, 'INVALID_PARAMETER'],
      [{ code: '12345' }, undefined, 400, 'INVALID_OTP'],
      ['code=1&code=2', { 'content-type': 'application/x-www-form-urlencoded' }, 400, 'DUPLICATE_PARAMETER'],
      ['null', undefined, 400, 'MALFORMED_REQUEST'],
      [JSON.stringify({ code: 'x'.repeat(70 * 1024) }), undefined, 413, 'REQUEST_TOO_LARGE'],
    ];
    for (const [body, headers, status, code] of cases) {
      const refused = await confirm(body, headers);
      expect({ body, status: refused.status, code: refused.body.code }).toEqual({ body, status, code });
    }
    expect((await call('POST', '/v3/auth/mfa/totp', user.tokens.access_token, { secret: 'MINE' })).body).toMatchObject({ code: 'INVALID_PARAMETER' });
    expect(await mfaOf(user.tokens.access_token)).toEqual({ totp: false, recoveryCodesLeft: 0 });

    // A form works like JSON.
    const confirmed = await confirm(`code=${await codeFor(enrolment.secret)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(confirmed.status).toBe(200);
    const events = await testbed.api('GET', `/v1/audit-events?organizationId=${tenant.organization.id}&limit=100`);
    const ours = (events.body.rows as Array<Record<string, any>>).filter((event) => event.targetId === user.uid).map((event) => event.action);
    expect(ours.sort()).toEqual(['user.create', 'user.mfa_confirm', 'user.mfa_enrol']);
    const text = JSON.stringify(events.body);
    expect(text).not.toContain(enrolment.secret);
    for (const code of confirmed.body.recoveryCodes) expect(text).not.toContain(code);
  });
});
