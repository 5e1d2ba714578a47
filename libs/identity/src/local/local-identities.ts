import { Injectable } from '@nestjs/common';
import { AccountEntity, IdentityEntity } from '@rapidauth/database';
import { DataSource, QueryFailedError } from 'typeorm';
import { IdentityError } from '../identity.errors';
import { DEFAULT_LOCKOUT_POLICY, identityKey, ipKey, LoginThrottle, type LockoutPolicy } from '../lockout/login-throttle';
import { hashPassword } from '../password-hasher';
import { checkPasswordStrength } from './password-policy';

export const LOCAL_PROVIDER = 'local';
const USERNAME = /^[a-z0-9][a-z0-9._@+-]{0,127}$/;

export interface AuthenticatedIdentity {
  readonly accountId: string;
  readonly identityId: string;
}

/**
 * The gateway's own username/password identities (the built-in `local` service). Logins accept the
 * username or the email; unknown users cost the same argon2 verification as wrong passwords and get
 * the same answer, so neither timing nor message tells whether a user exists.
 */
@Injectable()
export class LocalIdentities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly throttle: LoginThrottle,
  ) {}

  async create(
    environmentId: string,
    input: { username: string; password: string; email?: string; profile?: Record<string, unknown> },
  ): Promise<AuthenticatedIdentity> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME.test(username)) throw new IdentityError('INVALID_USERNAME', 'username must be 1-128 letters, digits or . _ @ + -');
    checkPasswordStrength(input.password);
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const account = await manager.save(manager.create(AccountEntity, { environmentId }));
        const identity = await manager.save(
          manager.create(IdentityEntity, {
            accountId: account.id,
            environmentId,
            provider: LOCAL_PROVIDER,
            providerUid: username,
            usernameNormalized: username,
            emailNormalized: input.email?.trim().toLowerCase() ?? null,
            passwordHash,
            profile: input.profile ?? {},
          }),
        );
        return { accountId: account.id, identityId: identity.id };
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new IdentityError('EXISTING_IDENTITY', 'that username is taken');
      }
      throw error;
    }
  }

  /** Checks a username-or-email and password, under the lockout policy. */
  async authenticate(
    input: { environmentId: string; login: string; password: string; ip: string },
    now = new Date(),
    policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
  ): Promise<AuthenticatedIdentity> {
    const identity = await this.find(input.environmentId, input.login);
    const subjectKey = identity ? identityKey(identity.id) : undefined;
    const checked = await this.throttle.verify(
      {
        addressKey: ipKey(input.environmentId, input.ip),
        subject: identity ? { key: subjectKey!, passwordHash: identity.passwordHash } : undefined,
        password: input.password,
        clearOnSuccess: false,
      },
      now,
      policy,
    );
    if ('lockedUntil' in checked) {
      throw new IdentityError('IDENTITY_TEMPORARILY_LOCKED', 'too many failed sign-ins; try again later', checked.lockedUntil);
    }
    if (!identity || !checked.valid) throw new IdentityError('INVALID_CREDENTIALS', 'wrong username or password');
    if (identity.accountDisabled) {
      await this.throttle.clear(subjectKey!);
      throw new IdentityError('ACCOUNT_DISABLED', 'this account is disabled');
    }
    // The success clears the identity's failed-login counter (LoginThrottle) and records the login, in one statement.
    await this.dataSource.query(
      `WITH "cleared" AS (DELETE FROM "login_throttle" WHERE "key" = $1),
            "seen" AS (UPDATE "identity" SET "last_login_at" = $2, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $3)
       UPDATE "account" SET "last_login_at" = $2, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $4`,
      [subjectKey, now, identity.id, identity.accountId],
    );
    return { accountId: identity.accountId, identityId: identity.id };
  }

  /** The local identity a login names, with whether its account is disabled. */
  private async find(environmentId: string, login: string): Promise<FoundIdentity | null> {
    const normalized = login.trim().toLowerCase();
    // No username or email has control characters (and PostgreSQL refuses NUL): nobody has this login.
    if (!normalized || normalized.length > 320 || /[\x00-\x1f\x7f]/.test(normalized)) return null;
    const rows: { id: string; account_id: string; password_hash: string | null; disabled: boolean | null }[] = await this.dataSource.query(
      `SELECT "identity"."id", "identity"."account_id", "identity"."password_hash", "account"."disabled"
       FROM "identity" LEFT JOIN "account" ON "account"."id" = "identity"."account_id"
       WHERE "identity"."environment_id" = $1 AND "identity"."provider" = $2
         AND ("identity"."username_normalized" = $3 OR "identity"."email_normalized" = $3)
       LIMIT 1`,
      [environmentId, LOCAL_PROVIDER, normalized],
    );
    const row = rows[0];
    if (!row) return null;
    // The account is a foreign key of the identity: it cannot be missing.
    if (row.disabled === null) throw new Error(`identity ${row.id} has no account`);
    return { id: row.id, accountId: row.account_id, passwordHash: row.password_hash, accountDisabled: row.disabled };
  }
}

interface FoundIdentity {
  readonly id: string;
  readonly accountId: string;
  readonly passwordHash: string | null;
  readonly accountDisabled: boolean;
}
