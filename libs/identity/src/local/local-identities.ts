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
    const checked = await this.throttle.verify(
      {
        addressKey: ipKey(input.environmentId, input.ip),
        subject: identity ? { key: identityKey(identity.id), passwordHash: identity.passwordHash } : undefined,
        password: input.password,
      },
      now,
      policy,
    );
    if ('lockedUntil' in checked) {
      throw new IdentityError('IDENTITY_TEMPORARILY_LOCKED', 'too many failed sign-ins; try again later', checked.lockedUntil);
    }
    if (!identity || !checked.valid) throw new IdentityError('INVALID_CREDENTIALS', 'wrong username or password');
    const account = await this.dataSource.manager.findOneByOrFail(AccountEntity, { id: identity.accountId });
    if (account.disabled) throw new IdentityError('ACCOUNT_DISABLED', 'this account is disabled');
    await this.dataSource.manager.update(IdentityEntity, { id: identity.id }, { lastLoginAt: now });
    await this.dataSource.manager.update(AccountEntity, { id: account.id }, { lastLoginAt: now });
    return { accountId: account.id, identityId: identity.id };
  }

  private async find(environmentId: string, login: string): Promise<IdentityEntity | null> {
    const normalized = login.trim().toLowerCase();
    // No username or email has control characters (and PostgreSQL refuses NUL): nobody has this login.
    if (!normalized || normalized.length > 320 || /[\x00-\x1f\x7f]/.test(normalized)) return null;
    return this.dataSource.manager.findOne(IdentityEntity, {
      where: [
        { environmentId, provider: LOCAL_PROVIDER, usernameNormalized: normalized },
        { environmentId, provider: LOCAL_PROVIDER, emailNormalized: normalized },
      ],
    });
  }
}
