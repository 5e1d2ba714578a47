import { Injectable } from '@nestjs/common';
import { AccountEntity, IdentityEntity, LocalLoginNameEntity } from '@rapidauth/database';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { IdentityError } from '../identity.errors';
import {
  addressKey,
  DEFAULT_LOCKOUT_POLICY,
  LoginThrottle,
  subjectKeySql,
  unknownSubjectKey,
  type FoundSubject,
  type LockoutPolicy,
  type SubjectLookup,
} from '../lockout/login-throttle';
import { EMAIL_PROVIDER } from '../email/email-identity.repository';
import { hashPassword } from '../password-hasher';
import { checkPasswordStrength } from './password-policy';

export const LOCAL_PROVIDER = 'local';
const USERNAME = /^[a-z0-9][a-z0-9._@+-]{0,127}$/;

export interface AuthenticatedIdentity {
  readonly accountId: string;
  readonly identityId: string;
  /** The identity's method (`local`, an auth service id...) and its id there: the login's `provider` and `providerUid` claims. */
  readonly provider: string;
  readonly providerUid: string;
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
    if (!USERNAME.test(username)) throw new IdentityError('INVALID_USERNAME', 'username must be 1-128 letters, digits or . _ @ + -', { field: 'username' });
    checkPasswordStrength(input.password);
    const email = input.email?.trim().toLowerCase() || null;
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
            emailNormalized: email,
            passwordHash,
            profile: input.profile ?? {},
          }),
        );
        await claimLoginName(manager, { environmentId, name: username, identityId: identity.id }, 'username');
        if (email && email !== username) await claimLoginName(manager, { environmentId, name: email, identityId: identity.id }, 'email');
        return { accountId: account.id, identityId: identity.id, provider: LOCAL_PROVIDER, providerUid: username };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new IdentityError('EXISTING_IDENTITY', 'that username is taken', { field: 'username' });
      throw error;
    }
  }

  /**
   * Checks a username-or-email and password, under the lockout policy: the attempt is counted
   * before the password is checked. A login that names nobody is counted under a key of its own
   * (unknownSubjectKey) and verified against a throwaway hash, so it costs and answers the same.
   * The identity is looked up by the statement that counts the attempt: a `local` identity by
   * username or email, else an `email` identity (docs/gateway.md#email-login) of its address while
   * the email method is on and, under `requireVerification`, once the address is verified.
   */
  async authenticate(
    input: { environmentId: string; login: string; password: string; ip: string },
    now = new Date(),
    policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
  ): Promise<AuthenticatedIdentity> {
    const found = await this.check(input, formLookup, now, policy);
    return { accountId: found.account_id, identityId: found.id, provider: found.provider, providerUid: found.provider_uid };
  }

  /**
   * authenticate for the email login: `email` identities only, whether verified or not (the caller
   * decides, after the password was right, so a wrong one never tells).
   */
  async authenticateEmail(
    input: { environmentId: string; email: string; password: string; ip: string },
    now = new Date(),
    policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
  ): Promise<AuthenticatedIdentity & { readonly emailVerified: boolean }> {
    const found = await this.check({ ...input, login: input.email }, emailLookup, now, policy);
    return { accountId: found.account_id, identityId: found.id, provider: found.provider, providerUid: found.provider_uid, emailVerified: found.email_verified };
  }

  private async check(
    input: { environmentId: string; login: string; password: string; ip: string },
    lookup: (environmentId: string, login: string | null) => SubjectLookup,
    now: Date,
    policy: LockoutPolicy,
  ): Promise<FoundIdentity> {
    const normalized = input.login.trim().toLowerCase();
    const keys = { address: addressKey(input.environmentId, input.ip), subject: unknownSubjectKey(input.environmentId, normalized) };
    // No username or email has control characters (and PostgreSQL refuses NUL): nobody has this
    // login, and NULL matches no row.
    const login = !normalized || normalized.length > 320 || /[\x00-\x1f\x7f]/.test(normalized) ? null : normalized;
    const { found, verification } = await this.throttle.verifyLookedUp<FoundIdentity>(lookup(input.environmentId, login), { keys, password: input.password }, now, policy);
    if ('lockedUntil' in verification) {
      throw new IdentityError('IDENTITY_TEMPORARILY_LOCKED', 'too many failed sign-ins; try again later', { retryAfter: verification.lockedUntil });
    }
    if (!found || !verification.valid) throw new IdentityError('INVALID_CREDENTIALS', 'wrong username or password');
    // The account is a foreign key of the identity: it cannot be missing.
    if (found.disabled === null) throw new Error(`identity ${found.id} has no account`);
    if (found.disabled) {
      await this.throttle.release(verification.reservation, policy);
      throw new IdentityError('ACCOUNT_DISABLED', 'this account is disabled');
    }
    // The success gives back its reservation (LoginThrottle) and records the login, in one statement.
    const release = this.throttle.releaseStatement(verification.reservation, 4, policy);
    await this.dataSource.query(
      `WITH "released" AS (${release.sql}),
            "seen" AS (UPDATE "identity" SET "last_login_at" = $1, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $2)
       UPDATE "account" SET "last_login_at" = $1, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $3`,
      [now, found.id, found.account_id, ...release.params],
    );
    return found;
  }
}

const FOUND_COLUMNS = `${subjectKeySql('identity', '"identity"."id"')} AS "subject_key", "identity"."id", "identity"."account_id", "identity"."provider",
                 "identity"."provider_uid", "identity"."password_hash", "identity"."email_verified", "account"."disabled"`;

/**
 * The identity a form login names, with whether its account is disabled. Names from before the
 * login-name set (LocalLoginNameEntity) may still be ambiguous: a local username wins over a local
 * email, a local identity over an email identity, then the oldest. An email identity counts only
 * while its environment's email method is on and, under `requireVerification` (the default), once
 * its address is verified: the settings as IdentityMethods merges them over the defaults.
 */
function formLookup(environmentId: string, login: string | null): SubjectLookup {
  return {
    sql: `SELECT ${FOUND_COLUMNS}
          FROM "identity" LEFT JOIN "account" ON "account"."id" = "identity"."account_id"
          LEFT JOIN "environment_identity_settings" AS "s" ON "s"."environment_id" = "identity"."environment_id"
          WHERE "identity"."environment_id" = $8
            AND (("identity"."provider" = $9 AND ("identity"."username_normalized" = $10 OR "identity"."email_normalized" = $10))
              OR ("identity"."provider" = $11 AND "identity"."provider_uid" = $10
                  AND COALESCE(("s"."settings"->'email'->>'enabled')::boolean, false)
                  AND ("identity"."email_verified" OR NOT COALESCE(("s"."settings"->'email'->>'requireVerification')::boolean, true))))
          ORDER BY "identity"."provider" = $9 DESC, "identity"."username_normalized" = $10 IS TRUE DESC, "identity"."created_at"
          LIMIT 1`,
    params: [environmentId, LOCAL_PROVIDER, login, EMAIL_PROVIDER],
  };
}

/** The email identity of an address. */
function emailLookup(environmentId: string, email: string | null): SubjectLookup {
  return {
    sql: `SELECT ${FOUND_COLUMNS}
          FROM "identity" LEFT JOIN "account" ON "account"."id" = "identity"."account_id"
          WHERE "identity"."environment_id" = $8 AND "identity"."provider" = $9 AND "identity"."provider_uid" = $10`,
    params: [environmentId, EMAIL_PROVIDER, email],
  };
}

/**
 * A login names at most one identity: its username and email are claimed in the environment's
 * set of login names (LocalLoginNameEntity), whose primary key refuses a name already claimed,
 * concurrent creations included.
 */
async function claimLoginName(
  manager: EntityManager,
  claim: { environmentId: string; name: string; identityId: string },
  field: 'username' | 'email',
): Promise<void> {
  try {
    await manager.insert(LocalLoginNameEntity, claim);
  } catch (error) {
    if (isUniqueViolation(error)) throw new IdentityError('EXISTING_IDENTITY', `that ${field} is taken`, { field });
    throw error;
  }
}

const isUniqueViolation = (error: unknown) =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';

interface FoundIdentity extends FoundSubject {
  readonly id: string;
  readonly account_id: string;
  readonly provider: string;
  readonly provider_uid: string;
  readonly email_verified: boolean;
  readonly disabled: boolean | null;
}
