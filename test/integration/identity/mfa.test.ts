import { randomBytes } from 'node:crypto';
import { AccountEntity, type Database } from '@rapidauth/database';
import { IdentityError, MfaChallenges, RecoveryCodes, TOTP_SETTINGS, TotpFactors, type ChallengeSubject } from '@rapidauth/identity';
import { SEALED_PURPOSES, SecretHasher, Vault } from '@rapidauth/vault';
import { generate } from 'otplib';
import { identityOutcome as outcome } from '../../support/identity-outcome';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { createTenant, provisionerOn } from '../../support/tenant';

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);
/** The code an authenticator app shows for `secret` at `when`. */
const codeAt = (secret: string, when: Date) => generate({ secret, ...TOTP_SETTINGS, epoch: Math.floor(when.getTime() / 1000) });
/** Another six digits than `code`. */
const wrong = (code: string, shift = 1) => code.replace(/[0-9]/g, (digit) => String((Number(digit) + shift) % 10));

/** Why an MFA operation was refused: its code, and its field and attemptsLeft when it has them; or 'resolved'. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; field?: string; attemptsLeft?: number }> {
  try {
    await promise;
    return { code: 'resolved' };
  } catch (error) {
    if (!(error instanceof IdentityError)) throw error;
    return { code: error.code, ...(error.field && { field: error.field }), ...(error.attemptsLeft !== undefined && { attemptsLeft: error.attemptsLeft }) };
  }
}

/** The second factor's store (TOTP factors, recovery codes, pending logins) against replay and races, on both backends. */
describe.each(BACKENDS)('second factor (%s)', (_label, kind) => {
  let database: Database;
  let vault: Vault;
  let recoveryCodes: RecoveryCodes;
  let factors: TotpFactors;
  let challenges: MfaChallenges;
  let environmentId: string;

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    const hasher = new SecretHasher(randomBytes(32));
    vault = new Vault({ keyId: 'k1', key: randomBytes(32) });
    recoveryCodes = new RecoveryCodes(database.dataSource, hasher);
    factors = new TotpFactors(database.dataSource, vault, recoveryCodes);
    challenges = new MfaChallenges(database.dataSource, hasher);
    environmentId = (await createTenant(provisionerOn(database.dataSource))).environment.id;
  });

  afterAll(() => database?.close());

  /** An account of the test's own. */
  const account = async () => ({ id: (await database.dataSource.manager.save(AccountEntity, { environmentId })).id, environmentId });
  /** An account with a confirmed authenticator: its secret, its recovery codes, and when it confirmed. */
  const enrolled = async (now = new Date()) => {
    const owner = await account();
    const { secret } = await factors.beginEnrolment(owner, 'Acme', 'ada@example.com', now);
    const { recoveryCodes: codes } = await factors.confirm(owner.id, await codeAt(secret, now), now);
    return { accountId: owner.id, secret, codes, now };
  };
  const factorRow = async (accountId: string) =>
    (await database.dataSource.query(`SELECT "id", "secret_sealed", "confirmed_at", "last_used_step" FROM "mfa_factor" WHERE "account_id" = $1`, [accountId]))[0] as
      | { id: string; secret_sealed: string; confirmed_at: Date | null; last_used_step: string | null }
      | undefined;

  describe('TOTP factors', () => {
    it('shows an unconfirmed enrolment again (the same secret), never a confirmed one', async () => {
      const owner = await account();
      const now = new Date();
      expect(await factors.pendingEnrolment(owner.id, 'Acme', 'ada@example.com')).toBeUndefined();
      const enrolment = await factors.beginEnrolment(owner, 'Acme', 'ada@example.com', now);
      expect(await factors.pendingEnrolment(owner.id, 'Acme', 'ada@example.com')).toEqual(enrolment);
      await factors.confirm(owner.id, await codeAt(enrolment.secret, now), now);
      expect(await factors.pendingEnrolment(owner.id, 'Acme', 'ada@example.com')).toBeUndefined();
    });

    it('enrols (secret, otpauth URI, QR code), confirms with a first code (ten recovery codes), then verifies codes', async () => {
      const owner = await account();
      const now = new Date();
      const enrolment = await factors.beginEnrolment(owner, 'Acme Corp', 'ada@example.com', now);
      expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(enrolment.otpauthUri).toBe(`otpauth://totp/Acme%20Corp:ada%40example.com?secret=${enrolment.secret}&issuer=Acme%20Corp`);
      expect(enrolment.qrCodeSvg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(await factors.status(owner.id)).toEqual({ totp: false, recoveryCodesLeft: 0 });
      expect(await refusal(factors.verify(owner.id, await codeAt(enrolment.secret, now), now))).toEqual({ code: 'INVALID_OTP', field: 'code' });

      const { recoveryCodes: codes } = await factors.confirm(owner.id, await codeAt(enrolment.secret, now), now);
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
      expect(await factors.status(owner.id)).toEqual({ totp: true, recoveryCodesLeft: 10 });
      expect((await factorRow(owner.id))?.confirmed_at).toEqual(now);

      expect(await outcome(factors.verify(owner.id, await codeAt(enrolment.secret, at(now, 30)), at(now, 30)))).toBe('resolved');
    });

    it('seals the secret for its factor: the column does not contain it, and it opens under the factor purpose only', async () => {
      const { accountId, secret } = await enrolled();
      const row = (await factorRow(accountId))!;
      const everything = JSON.stringify(await database.dataSource.query(`SELECT * FROM "mfa_factor" WHERE "account_id" = $1`, [accountId]));
      expect(everything).not.toContain(secret);
      expect(everything.toLowerCase()).not.toContain(secret.toLowerCase());
      expect(vault.open(row.secret_sealed, SEALED_PURPOSES.mfaFactor(row.id)).toString('utf8')).toBe(secret);
      expect(() => vault.open(row.secret_sealed, SEALED_PURPOSES.mfaFactor(accountId))).toThrow();
    });

    it('a new enrolment replaces an unconfirmed one; a confirmed one must be removed first', async () => {
      const owner = await account();
      const now = new Date();
      const first = await factors.beginEnrolment(owner, 'Acme', 'ada', now);
      const second = await factors.beginEnrolment(owner, 'Acme', 'ada', now);
      expect(second.secret).not.toBe(first.secret);
      expect(Number((await database.dataSource.query(`SELECT count(*) AS n FROM "mfa_factor" WHERE "account_id" = $1`, [owner.id]))[0].n)).toBe(1);
      const firstCode = await codeAt(first.secret, now);
      const secondCode = await codeAt(second.secret, now);
      if (firstCode !== secondCode) expect(await refusal(factors.confirm(owner.id, firstCode, now))).toEqual({ code: 'INVALID_OTP', field: 'code' });
      await factors.confirm(owner.id, secondCode, now);

      expect(await refusal(factors.beginEnrolment(owner, 'Acme', 'ada', now))).toEqual({ code: 'MFA_ALREADY_ENROLLED' });
      expect(await refusal(factors.confirm(owner.id, await codeAt(second.secret, at(now, 30)), at(now, 30)))).toEqual({ code: 'MFA_ALREADY_ENROLLED' });
      // The refused enrolment changed nothing: the confirmed secret still works.
      expect(await outcome(factors.verify(owner.id, await codeAt(second.secret, at(now, 30)), at(now, 30)))).toBe('resolved');
    });

    it('refuses a wrong code, a code without an enrolment, and what is not six digits', async () => {
      const { accountId, secret, now } = await enrolled();
      const later = at(now, 60);
      const right = await codeAt(secret, later);
      for (const code of [wrong(right), right.slice(1), `${right}0`, ` ${right}`, Number(right), null, ['x'], '9'.repeat(10_000)]) {
        expect(await refusal(factors.verify(accountId, code, later))).toEqual({ code: 'INVALID_OTP', field: 'code' });
      }
      expect(await refusal(factors.confirm((await account()).id, right, later))).toEqual({ code: 'INVALID_OTP', field: 'code' });
      expect(await outcome(factors.verify(accountId, right, later))).toBe('resolved');
    });

    it('accepts a code one step either side of now, each step once: the same code twice, or an older one, is refused', async () => {
      const { accountId, secret, now } = await enrolled();
      const t = at(now, 120);
      const current = await codeAt(secret, t);
      expect(await outcome(factors.verify(accountId, await codeAt(secret, at(t, -30)), t))).toBe('resolved');
      expect(await outcome(factors.verify(accountId, current, t))).toBe('resolved');
      expect(await refusal(factors.verify(accountId, current, t))).toEqual({ code: 'INVALID_OTP', field: 'code' });
      expect(await refusal(factors.verify(accountId, current, at(t, 20)))).toEqual({ code: 'INVALID_OTP', field: 'code' });
      expect(await outcome(factors.verify(accountId, await codeAt(secret, at(t, 30)), t))).toBe('resolved');
      expect(Number((await factorRow(accountId))?.last_used_step)).toBe(Math.floor(t.getTime() / 30_000) + 1);
      const far = await codeAt(secret, at(t, 90));
      expect(await refusal(factors.verify(accountId, far, t))).toEqual({ code: 'INVALID_OTP', field: 'code' });
    });

    it('the code that confirmed the enrolment does not verify again', async () => {
      const { accountId, secret, now } = await enrolled();
      expect(await refusal(factors.verify(accountId, await codeAt(secret, now), now))).toEqual({ code: 'INVALID_OTP', field: 'code' });
    });

    it('10 parallel verifications of one code: exactly one succeeds', async () => {
      const { accountId, secret, now } = await enrolled();
      const t = at(now, 60);
      const code = await codeAt(secret, t);
      const answers = await Promise.all(Array.from({ length: 10 }, () => outcome(factors.verify(accountId, code, t))));
      expect(answers.filter((answer) => answer === 'resolved')).toHaveLength(1);
      expect(answers.filter((answer) => answer === 'INVALID_OTP')).toHaveLength(9);
    });

    it('5 parallel confirmations with the right code: one gets the recovery codes, and they are the ones stored', async () => {
      const owner = await account();
      const now = new Date();
      const { secret } = await factors.beginEnrolment(owner, 'Acme', 'ada', now);
      const code = await codeAt(secret, now);
      const answers = await Promise.allSettled(Array.from({ length: 5 }, () => factors.confirm(owner.id, code, now)));
      const won = answers.filter((answer) => answer.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 'rejected').every((answer) => (answer as PromiseRejectedResult).reason instanceof IdentityError)).toBe(true);
      expect(await factors.status(owner.id)).toEqual({ totp: true, recoveryCodesLeft: 10 });
      const [first] = (won[0] as PromiseFulfilledResult<{ recoveryCodes: string[] }>).value.recoveryCodes;
      expect(await outcome(recoveryCodes.consume(owner.id, first, now))).toBe('resolved');
    });

    it('remove deletes the factor and the recovery codes; the account may enrol again', async () => {
      const { accountId, secret, now } = await enrolled();
      expect(await factors.remove(accountId)).toBe(true);
      expect(await factors.remove(accountId)).toBe(false);
      expect(await factors.status(accountId)).toEqual({ totp: false, recoveryCodesLeft: 0 });
      expect(Number((await database.dataSource.query(`SELECT count(*) AS n FROM "recovery_code" WHERE "account_id" = $1`, [accountId]))[0].n)).toBe(0);
      expect(await refusal(factors.verify(accountId, await codeAt(secret, at(now, 30)), at(now, 30)))).toEqual({ code: 'INVALID_OTP', field: 'code' });
      expect(await outcome(factors.beginEnrolment({ id: accountId, environmentId }, 'Acme', 'ada', now))).toBe('resolved');
    });

    it('an account deleted takes its factor and codes with it', async () => {
      const { accountId } = await enrolled();
      await database.dataSource.query(`DELETE FROM "account" WHERE "id" = $1`, [accountId]);
      expect(await factorRow(accountId)).toBeUndefined();
      expect(Number((await database.dataSource.query(`SELECT count(*) AS n FROM "recovery_code" WHERE "account_id" = $1`, [accountId]))[0].n)).toBe(0);
    });
  });

  describe('recovery codes', () => {
    it('stores only their HMAC; each works once, typed in any case, with or without the hyphen', async () => {
      const { accountId, codes, now } = await enrolled();
      const stored = JSON.stringify(await database.dataSource.query(`SELECT * FROM "recovery_code" WHERE "account_id" = $1`, [accountId]));
      for (const code of codes) {
        expect(stored).not.toContain(code);
        expect(stored).not.toContain(code.replace('-', ''));
      }
      expect(await outcome(recoveryCodes.consume(accountId, codes[0].toUpperCase(), now))).toBe('resolved');
      expect(await refusal(recoveryCodes.consume(accountId, codes[0], now))).toEqual({ code: 'INVALID_OTP', field: 'code' });
      expect(await outcome(recoveryCodes.consume(accountId, ` ${codes[1].replace('-', '')} `, now))).toBe('resolved');
      expect(await factors.status(accountId)).toEqual({ totp: true, recoveryCodesLeft: 8 });
    });

    it("refuses another account's code, a made-up one and what cannot be a code", async () => {
      const first = await enrolled();
      const second = await enrolled();
      for (const code of [second.codes[0], 'aaaaa-aaaaa', first.codes[0].slice(1), `${first.codes[0]}x`, 12345, null, 'ab'.repeat(10_000)]) {
        expect(await refusal(recoveryCodes.consume(first.accountId, code, first.now))).toEqual({ code: 'INVALID_OTP', field: 'code' });
      }
      expect(await factors.status(first.accountId)).toEqual({ totp: true, recoveryCodesLeft: 10 });
    });

    it('5 parallel uses of one code: exactly one succeeds', async () => {
      const { accountId, codes, now } = await enrolled();
      const answers = await Promise.all(Array.from({ length: 5 }, () => outcome(recoveryCodes.consume(accountId, codes[3], now))));
      expect(answers.filter((answer) => answer === 'resolved')).toHaveLength(1);
      expect(answers.filter((answer) => answer === 'INVALID_OTP')).toHaveLength(4);
      expect(await factors.status(accountId)).toEqual({ totp: true, recoveryCodesLeft: 9 });
    });

    it('regenerating voids every older code, used or not', async () => {
      const { accountId, codes, now } = await enrolled();
      await recoveryCodes.consume(accountId, codes[0], now);
      const fresh = await recoveryCodes.regenerate(accountId, now);
      expect(fresh).toHaveLength(10);
      expect(fresh.some((code) => codes.includes(code))).toBe(false);
      for (const old of codes.slice(0, 3)) expect(await refusal(recoveryCodes.consume(accountId, old, now))).toEqual({ code: 'INVALID_OTP', field: 'code' });
      expect(await factors.status(accountId)).toEqual({ totp: true, recoveryCodesLeft: 10 });
      expect(await outcome(recoveryCodes.consume(accountId, fresh[9], now))).toBe('resolved');
    });
  });

  describe('recovery codes of the authenticator (TotpFactors.regenerateRecoveryCodes)', () => {
    const storedCodes = async (accountId: string) =>
      ((await database.dataSource.query(`SELECT count(*)::int AS "count" FROM "recovery_code" WHERE "account_id" = $1`, [accountId]))[0] as { count: number }).count;

    it('makes ten new ones only for a confirmed authenticator: MFA_NOT_ENROLLED without one, or with an unconfirmed one', async () => {
      const { accountId, codes, now } = await enrolled();
      const fresh = await factors.regenerateRecoveryCodes(accountId, now);
      expect(fresh).toHaveLength(10);
      expect(await refusal(recoveryCodes.consume(accountId, codes[0], now))).toEqual({ code: 'INVALID_OTP', field: 'code' });

      const bare = await account();
      expect(await refusal(factors.regenerateRecoveryCodes(bare.id))).toEqual({ code: 'MFA_NOT_ENROLLED' });
      await factors.beginEnrolment(bare, 'Acme', 'bea');
      expect(await refusal(factors.regenerateRecoveryCodes(bare.id))).toEqual({ code: 'MFA_NOT_ENROLLED' });
      expect(await storedCodes(bare.id)).toBe(0);
    });

    it('regenerations racing a removal leave no code behind the removed authenticator', async () => {
      for (let round = 0; round < 5; round++) {
        const { accountId } = await enrolled();
        const answers = await Promise.all([
          outcome(factors.regenerateRecoveryCodes(accountId)),
          outcome(factors.remove(accountId)),
          outcome(factors.regenerateRecoveryCodes(accountId)),
        ]);
        expect(answers[1]).toBe('resolved');
        for (const answer of [answers[0], answers[2]]) expect(['resolved', 'MFA_NOT_ENROLLED']).toContain(answer);
        expect(await factorRow(accountId)).toBeUndefined();
        expect(await storedCodes(accountId)).toBe(0);
      }
    });
  });

  describe('challenges (mfa_token)', () => {
    const LOGIN = { identityId: '7b0c6a52-0a8e-4d1e-9d55-1c1f0d4a2b11', provider: 'local', amr: ['pwd'], scope: 'openid profile', authTime: 1_800_000_000, serviceId: 'local' };
    const challenge = async (now = new Date()) => {
      const owner = await account();
      const created = await challenges.create({ accountId: owner.id, environmentId, clientId: 'mobile-app', login: LOGIN, now });
      return { ...created, accountId: owner.id, now };
    };
    const row = async (accountId: string) =>
      (await database.dataSource.query(`SELECT * FROM "mfa_challenge" WHERE "account_id" = $1`, [accountId]))[0] as Record<string, unknown>;
    const right = async () => true;
    const wrongCode = async () => false;

    it('stores only the HMAC of the mfa_token; a right code answers the stored login once', async () => {
      const { mfaToken, expiresIn, accountId, now } = await challenge();
      expect(expiresIn).toBe(300);
      expect(mfaToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const stored = await row(accountId);
      expect(JSON.stringify(stored)).not.toContain(mfaToken);
      expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.expires_at).toEqual(at(now, 300));

      const seen: ChallengeSubject[] = [];
      const login = await challenges.attempt(mfaToken, async (subject) => (seen.push(subject), true), now);
      expect(login).toEqual(LOGIN);
      expect(seen).toEqual([{ accountId, environmentId, clientId: 'mobile-app', login: LOGIN }]);
      expect(await refusal(challenges.attempt(mfaToken, right, now))).toEqual({ code: 'INVALID_OTP', field: 'mfa_token', attemptsLeft: 0 });
    });

    it('finds a live challenge without counting an attempt; an unknown, exhausted, spent or expired one is no challenge', async () => {
      const { mfaToken, accountId, now } = await challenge();
      for (let i = 0; i < 3; i++) expect(await challenges.find(mfaToken, now)).toEqual({ accountId, environmentId, clientId: 'mobile-app', login: LOGIN });
      expect((await row(accountId)).attempts).toBe(0);
      const none = { code: 'INVALID_OTP', field: 'mfa_token', attemptsLeft: 0 };
      expect(await refusal(challenges.find(mfaToken, at(now, 300)))).toEqual(none);
      expect(await refusal(challenges.find('not-a-token', now))).toEqual(none);
      expect(await refusal(challenges.find(42, now))).toEqual(none);
      for (let i = 0; i < 5; i++) await refusal(challenges.attempt(mfaToken, wrongCode, now));
      expect(await refusal(challenges.find(mfaToken, now))).toEqual(none);
      const spent = await challenge();
      await challenges.attempt(spent.mfaToken, right, spent.now);
      expect(await refusal(challenges.find(spent.mfaToken, spent.now))).toEqual(none);
    });

    it("opens a challenge in the caller's transaction: rolled back with the account it names, committed with it", async () => {
      const now = new Date();
      let opened = '';
      const rolledBack = await refusal(
        database.dataSource.transaction(async (manager) => {
          const created = await manager.save(AccountEntity, { environmentId });
          opened = (await challenges.create({ accountId: created.id, environmentId, clientId: 'mobile-app', login: LOGIN, now }, manager)).mfaToken;
          throw new IdentityError('INVALID_CREDENTIALS', 'the login failed after all');
        }),
      );
      expect(rolledBack.code).toBe('INVALID_CREDENTIALS');
      expect(await refusal(challenges.find(opened, now))).toEqual({ code: 'INVALID_OTP', field: 'mfa_token', attemptsLeft: 0 });
      const committed = await database.dataSource.transaction(async (manager) => {
        const created = await manager.save(AccountEntity, { environmentId });
        return { accountId: created.id, ...(await challenges.create({ accountId: created.id, environmentId, clientId: 'mobile-app', login: LOGIN, now }, manager)) };
      });
      expect((await challenges.find(committed.mfaToken, now)).accountId).toBe(committed.accountId);
    });

    it('5 wrong codes end it: attemptsLeft 4 … 0, then even a right one is refused', async () => {
      const { mfaToken, accountId, now } = await challenge();
      const left: Array<number | undefined> = [];
      for (let i = 0; i < 5; i++) left.push((await refusal(challenges.attempt(mfaToken, wrongCode, now))).attemptsLeft);
      expect(left).toEqual([4, 3, 2, 1, 0]);
      expect(await refusal(challenges.attempt(mfaToken, right, now))).toEqual({ code: 'INVALID_OTP', field: 'mfa_token', attemptsLeft: 0 });
      expect((await row(accountId)).attempts).toBe(5);
    });

    it('a check refusing with INVALID_OTP is a wrong code; any other error goes through, the attempt still counted', async () => {
      const { mfaToken, accountId, now } = await challenge();
      const refusing = async (): Promise<boolean> => {
        throw new IdentityError('INVALID_OTP', 'wrong');
      };
      expect(await refusal(challenges.attempt(mfaToken, refusing, now))).toEqual({ code: 'INVALID_OTP', field: 'code', attemptsLeft: 4 });
      const failing = async (): Promise<boolean> => {
        throw new Error('the database went away');
      };
      await expect(challenges.attempt(mfaToken, failing, now)).rejects.toThrow('the database went away');
      expect((await row(accountId)).attempts).toBe(2);
    });

    it('10 parallel wrong attempts count exactly 5; the other 5 find no challenge left', async () => {
      const { mfaToken, accountId, now } = await challenge();
      const answers = await Promise.all(Array.from({ length: 10 }, () => refusal(challenges.attempt(mfaToken, wrongCode, now))));
      expect(answers.filter((answer) => answer.field === 'code').map((answer) => answer.attemptsLeft).sort()).toEqual([0, 1, 2, 3, 4]);
      expect(answers.filter((answer) => answer.field === 'mfa_token')).toHaveLength(5);
      expect((await row(accountId)).attempts).toBe(5);
      expect(await refusal(challenges.attempt(mfaToken, right, now))).toEqual({ code: 'INVALID_OTP', field: 'mfa_token', attemptsLeft: 0 });
    });

    it('5 parallel right attempts: one gets the login', async () => {
      const { mfaToken, now } = await challenge();
      const answers = await Promise.allSettled(Array.from({ length: 5 }, () => challenges.attempt(mfaToken, right, now)));
      expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 'rejected').every((answer) => (answer as PromiseRejectedResult).reason instanceof IdentityError)).toBe(true);
    });

    it('refuses an expired challenge without counting, and an unknown or malformed mfa_token', async () => {
      const { mfaToken, accountId, now } = await challenge();
      expect(await refusal(challenges.attempt(mfaToken, right, at(now, 300)))).toEqual({ code: 'INVALID_OTP', field: 'mfa_token', attemptsLeft: 0 });
      expect((await row(accountId)).attempts).toBe(0);
      for (const token of [SecretHasher.generate(), '', 'x'.repeat(10_000), 42, null, { mfaToken }]) {
        expect(await refusal(challenges.attempt(token, right, now))).toEqual({ code: 'INVALID_OTP', field: 'mfa_token', attemptsLeft: 0 });
      }
      expect(await outcome(challenges.attempt(mfaToken, right, at(now, 299)))).toBe('resolved');
    });

    it('with TOTP as the check: a replayed code is a wrong attempt', async () => {
      const { accountId, secret, now } = await enrolled();
      const t = at(now, 60);
      const { mfaToken } = await challenges.create({ accountId, environmentId, clientId: 'mobile-app', login: LOGIN, now: t });
      const code = await codeAt(secret, t);
      await factors.verify(accountId, code, t);
      const check = (subject: ChallengeSubject) => factors.verify(subject.accountId, code, t).then(() => true);
      expect(await refusal(challenges.attempt(mfaToken, check, t))).toEqual({ code: 'INVALID_OTP', field: 'code', attemptsLeft: 4 });
      const next = await codeAt(secret, at(t, 30));
      expect(await challenges.attempt(mfaToken, (subject) => factors.verify(subject.accountId, next, t).then(() => true), t)).toEqual(LOGIN);
    });
  });
});
