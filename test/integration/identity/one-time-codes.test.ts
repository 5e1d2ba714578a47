import { randomBytes } from 'node:crypto';
import type { Database } from '@rapidauth/database';
import { DEFAULT_ONE_TIME_CODE_POLICY, IdentityError, OneTimeCodeRepository, OneTimeCodes, type OneTimeCodePolicy, type OneTimeCodePurpose } from '@rapidauth/identity';
import { SecretHasher } from '@rapidauth/vault';
import { identityOutcome as outcome } from '../../support/identity-outcome';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { createTenant, provisionerOn } from '../../support/tenant';

/** A code of another value and the same length: each digit moved by one. */
const wrong = (code: string, shift = 1) => code.replace(/[0-9]/g, (digit) => String((Number(digit) + shift) % 10));
const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

/** Why a verification or an issue was refused: its code with attemptsLeft or retryAfter, or 'resolved'. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; attemptsLeft?: number; retryAfter?: Date }> {
  try {
    await promise;
    return { code: 'resolved' };
  } catch (error) {
    if (!(error instanceof IdentityError)) throw error;
    return { code: error.code, ...(error.attemptsLeft !== undefined && { attemptsLeft: error.attemptsLeft }), ...(error.retryAfter && { retryAfter: error.retryAfter }) };
  }
}

/** The one-time-code store against guessing and resend abuse, on both backends. */
describe.each(BACKENDS)('one-time codes (%s)', (_label, kind) => {
  let database: Database;
  let codes: OneTimeCodes;
  let environmentId: string;
  let destinations = 0;

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    codes = new OneTimeCodes(database.dataSource, new SecretHasher(randomBytes(32)));
    environmentId = (await createTenant(provisionerOn(database.dataSource))).environment.id;
  });

  afterAll(() => database?.close());

  /** A destination of the test's own, so no other test's sends count against it. */
  const fresh = (purpose: OneTimeCodePurpose = 'email-login') => ({ environmentId, purpose, destination: `user${++destinations}@example.com` });
  const issue = (to: ReturnType<typeof fresh>, now: Date, policy: Partial<OneTimeCodePolicy> = {}, extra: { payload?: Record<string, unknown> } = {}) =>
    codes.issue({ ...to, ...extra, now, policy: { ...DEFAULT_ONE_TIME_CODE_POLICY, ...policy } });
  const verify = (to: ReturnType<typeof fresh>, code: unknown, now: Date) => codes.verify({ ...to, code, now });
  const row = async (id: string) =>
    (await database.dataSource.query(`SELECT "attempts", "consumed_at", "code_hash" FROM "one_time_code" WHERE "id" = $1`, [id]))[0] as {
      attempts: number;
      consumed_at: Date | null;
      code_hash: string;
    };

  it('issues digits of the policy length, stores only their HMAC, and verifies the code once', async () => {
    const to = fresh();
    const now = new Date();
    const issued = await issue(to, now, { length: 8 }, { payload: { pendingSignup: { displayName: 'Ada' } } });
    expect(issued.code).toMatch(/^[0-9]{8}$/);
    expect(issued.expiresAt).toEqual(at(now, 300));
    expect(issued.resendAfter).toEqual(at(now, 30));
    const stored = await row(issued.id);
    expect(stored.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await database.dataSource.query(`SELECT * FROM "one_time_code" WHERE "id" = $1`, [issued.id]))).not.toContain(issued.code);

    const verified = await verify(to, issued.code, at(now, 10));
    expect(verified).toEqual({ id: issued.id, accountId: null, identityId: null, payload: { pendingSignup: { displayName: 'Ada' } }, issuedAt: now });
    expect(await refusal(verify(to, issued.code, at(now, 11)))).toEqual({ code: 'INVALID_OTP', attemptsLeft: 0 });
  });

  it('counts each wrong guess: attemptsLeft goes down to 0, then even the right code is refused', async () => {
    const to = fresh();
    const now = new Date();
    const issued = await issue(to, now);
    const left: Array<number | undefined> = [];
    for (let i = 1; i <= 5; i++) left.push((await refusal(verify(to, wrong(issued.code, i), now))).attemptsLeft);
    expect(left).toEqual([4, 3, 2, 1, 0]);
    expect(await refusal(verify(to, issued.code, now))).toEqual({ code: 'INVALID_OTP', attemptsLeft: 0 });
    expect((await row(issued.id)).attempts).toBe(5);
  });

  it('refuses an expired code without counting, and a code of another purpose or destination', async () => {
    const to = fresh('password-reset');
    const now = new Date();
    const issued = await issue(to, now);
    expect(await refusal(verify({ ...to, purpose: 'email-login' }, issued.code, now))).toEqual({ code: 'INVALID_OTP', attemptsLeft: 0 });
    expect(await refusal(verify({ ...to, destination: 'someone.else@example.com' }, issued.code, now))).toEqual({ code: 'INVALID_OTP', attemptsLeft: 0 });
    expect(await refusal(verify(to, issued.code, issued.expiresAt))).toEqual({ code: 'INVALID_OTP', attemptsLeft: 0 });
    expect((await row(issued.id)).attempts).toBe(0);
  });

  it('refuses what cannot be a code without counting it', async () => {
    const to = fresh();
    const now = new Date();
    const issued = await issue(to, now);
    for (const code of ['123', '12345678901', '12a456', ' 123456', `${issued.code}\u0000`, 123456, null, ['123456'], '1'.repeat(64 * 1024)]) {
      expect(await refusal(verify(to, code, now))).toEqual({ code: 'INVALID_OTP' });
    }
    expect((await row(issued.id)).attempts).toBe(0);
    expect(await outcome(verify(to, issued.code, now))).toBe('resolved');
  });

  it('a new code voids the one before it', async () => {
    const to = fresh();
    const now = new Date();
    const first = await issue(to, now, { length: 10 });
    const second = await issue(to, at(now, 30), { length: 10 });
    expect(await refusal(verify(to, first.code, at(now, 31)))).toEqual({ code: 'INVALID_OTP', attemptsLeft: 4 });
    expect((await row(first.id)).consumed_at).toEqual(at(now, 30));
    expect(await outcome(verify(to, second.code, at(now, 32)))).toBe('resolved');
  });

  it('a voided code (its delivery failed) verifies no more', async () => {
    const to = fresh('phone-login');
    const now = new Date();
    const issued = await issue(to, now);
    await codes.void(issued.id, now);
    expect(await refusal(verify(to, issued.code, now))).toEqual({ code: 'INVALID_OTP', attemptsLeft: 0 });
  });

  it('20 parallel wrong guesses count exactly 20', async () => {
    const to = fresh();
    const now = new Date();
    const issued = await issue(to, now, { maxAttempts: 20 });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => refusal(verify(to, wrong(issued.code, 1 + (i % 9)), now))));
    expect(answers.every((answer) => answer.code === 'INVALID_OTP')).toBe(true);
    expect(answers.map((answer) => answer.attemptsLeft).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect((await row(issued.id)).attempts).toBe(20);
  });

  it('20 parallel wrong guesses at a code of 5 attempts: exactly 5 counted, the rest find nothing left', async () => {
    const to = fresh();
    const now = new Date();
    const issued = await issue(to, now);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => refusal(verify(to, wrong(issued.code, 1 + (i % 9)), now))));
    expect(answers.every((answer) => answer.code === 'INVALID_OTP')).toBe(true);
    expect(answers.map((answer) => answer.attemptsLeft).sort((a, b) => a! - b!)).toEqual([...Array(16).fill(0), 1, 2, 3, 4]);
    expect((await row(issued.id)).attempts).toBe(5);
  });

  it('the right code presented 10 times at once wins once; among wrong guesses it wins once too', async () => {
    const to = fresh();
    const now = new Date();
    const issued = await issue(to, now, { maxAttempts: 10 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => outcome(verify(to, issued.code, now))));
    expect(answers.filter((answer) => answer === 'resolved')).toHaveLength(1);
    expect(answers.filter((answer) => answer === 'INVALID_OTP')).toHaveLength(9);

    const again = await issue(to, at(now, 30), { maxAttempts: 10 });
    const mixed = await Promise.all(Array.from({ length: 10 }, (_, i) => outcome(verify(to, i === 4 ? again.code : wrong(again.code, 1 + (i % 9)), at(now, 31)))));
    expect(mixed.filter((answer) => answer === 'resolved')).toHaveLength(1);
    expect(mixed[4]).toBe('resolved');
  });

  it('a resend before resendAfterSeconds is RATE_LIMITED until then, and creates nothing', async () => {
    const to = fresh();
    const now = new Date();
    const first = await issue(to, now);
    expect(await refusal(issue(to, at(now, 29)))).toEqual({ code: 'RATE_LIMITED', retryAfter: at(now, 30) });
    // The refused resend voided nothing: the first code still works.
    expect((await row(first.id)).consumed_at).toBeNull();
    expect(await outcome(issue(to, at(now, 30)))).toBe('resolved');
  });

  it('sends past maxSendsPerHour are RATE_LIMITED until the oldest of the hour leaves it', async () => {
    const to = fresh();
    const now = new Date();
    for (let i = 0; i < 3; i++) await issue(to, at(now, i * 60), { maxSendsPerHour: 3 });
    expect(await refusal(issue(to, at(now, 600), { maxSendsPerHour: 3 }))).toEqual({ code: 'RATE_LIMITED', retryAfter: at(now, 3600) });
    expect(await outcome(issue(to, at(now, 3601), { maxSendsPerHour: 3 }))).toBe('resolved');
  });

  it('parallel sends respect the hourly limit exactly, one live code left', async () => {
    const to = fresh('phone-login');
    const now = new Date();
    const answers = await Promise.all(Array.from({ length: 12 }, () => refusal(issue(to, now, { resendAfterSeconds: 0, maxSendsPerHour: 4 }))));
    expect(answers.filter((answer) => answer.code === 'resolved')).toHaveLength(4);
    expect(answers.filter((answer) => answer.code === 'RATE_LIMITED')).toEqual(Array(8).fill({ code: 'RATE_LIMITED', retryAfter: at(now, 3600) }));
    const [counts] = await database.dataSource.query(
      `SELECT count(*)::int AS "sent", count(*) FILTER (WHERE "consumed_at" IS NULL)::int AS "live" FROM "one_time_code" WHERE "destination" = $1`,
      [to.destination],
    );
    expect(counts).toEqual({ sent: 4, live: 1 });
  });

  it('parallel resends within the wait: one passes', async () => {
    const to = fresh();
    const now = new Date();
    const answers = await Promise.all(Array.from({ length: 8 }, () => outcome(issue(to, now))));
    expect(answers.filter((answer) => answer === 'resolved')).toHaveLength(1);
    expect(answers.filter((answer) => answer === 'RATE_LIMITED')).toHaveLength(7);
  });

  it('the cleanup deletes codes an hour past their expiry, and keeps those the hourly limit still counts', async () => {
    const now = new Date(Date.now() + 10 * 86_400_000);
    const gone = await issue(fresh(), at(now, -7200));
    const counted = await issue(fresh(), at(now, -3000));
    const live = await issue(fresh(), now);
    const repository = new OneTimeCodeRepository(database.dataSource);
    let deleted = 0;
    for (let batch = await repository.deleteExpired(now, 2); batch > 0; batch = await repository.deleteExpired(now, 2)) deleted += batch;
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await row(gone.id)).toBeUndefined();
    expect(await row(counted.id)).toBeDefined();
    expect(await row(live.id)).toBeDefined();
  });
});
