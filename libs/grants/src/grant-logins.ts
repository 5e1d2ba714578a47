import { Injectable } from '@nestjs/common';
import { AuditLog } from '@rapidauth/access';
import { AccountEntity, AUTHENTICATION_GRANT_KEY, AuthenticationGrantEntity } from '@rapidauth/database';
import {
  InvalidGrantError,
  localService,
  NO_LOGIN_CLAIMS,
  RateLimits,
  RefreshTokens,
  type AppClient,
  type GrantOutcome,
  type GrantRequest,
  type PasswordCredentials,
  type PasswordGrantExtension,
} from '@rapidauth/oauth';
import { SecretHasher } from '@rapidauth/vault';
import { DataSource, EntityManager } from 'typeorm';

/** The key and secret a grant login presents as `username` and `password`. */
export interface GrantCredentialsPresented {
  readonly key: string;
  readonly secret: string;
}

interface Checked {
  readonly grant: AuthenticationGrantEntity | null;
  /** Why the grant cannot log this client in; undefined when it can. Logged and audited, never sent. */
  readonly problem?: string;
}

/**
 * Authentication-grant logins: the password grant (RFC 6749 §4.3) with a grant's key
 * and secret logs the grant's principal in through the grant's client. With a client secret any
 * enabled grant of that client works; with `client_id` alone only one that allows open-driver
 * authentication. Every refused login is the same `invalid_grant` after the same lookup and HMAC
 * (a refused open-driver client authentication is the `invalid_client` it would have been anyway).
 */
@Injectable()
export class GrantLogins implements PasswordGrantExtension {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: SecretHasher,
    private readonly refreshTokens: RefreshTokens,
    private readonly rateLimits: RateLimits,
    private readonly audit: AuditLog,
  ) {}

  /** Whether a password-grant `username` is a grant key (by shape: unknown keys take this path too). */
  handles(username: string | undefined): boolean {
    return username !== undefined && AUTHENTICATION_GRANT_KEY.test(username);
  }

  /**
   * Open-driver client authentication: `client_id` alone vouched for by a grant of that client
   * which allows it. Refusals are audited; the caller answers them as a failed client authentication.
   */
  async vouchesFor(client: AppClient, presented: GrantCredentialsPresented, ip: string): Promise<boolean> {
    const checked = await this.check(this.dataSource.manager, presented, client, false);
    if (checked.problem) await this.record(checked.grant, client, ip, checked.problem);
    return checked.problem === undefined;
  }

  /** Logs the grant's principal in; the family records the grant, so its tokens carry `gid`; no identity, so no login claims but `uid`. */
  async login(request: GrantRequest, credentials: PasswordCredentials): Promise<GrantOutcome> {
    const { client, ip, now, scope } = request;
    const presented = { key: credentials.username, secret: credentials.password };
    await this.rateLimits.signIn(client.environmentId, ip, presented.key);
    // Grant logins take their token settings from the environment's built-in `local` service.
    const service = await localService(this.dataSource, client.environmentId);
    const result: Checked & { login?: Awaited<ReturnType<RefreshTokens['beginLogin']>> } = await this.dataSource.transaction(async (manager) => {
      // FOR SHARE: a concurrent disable or rotation waits for this login and then revokes it too.
      const checked = await this.check(manager, presented, client, request.clientAuthenticated, true);
      if (checked.problem !== undefined || !checked.grant) return checked;
      const login = await this.refreshTokens.beginLogin(manager, { ...client, service }, {
        accountId: checked.grant.principalId,
        identityId: null,
        authServiceId: service.id,
        grantId: checked.grant.id,
        scope,
        authTime: now,
        claims: NO_LOGIN_CLAIMS,
      });
      return { grant: checked.grant, login };
    });
    await this.record(result.grant, client, ip, result.problem);
    const { grant, login } = result;
    if (!grant || !login) throw new InvalidGrantError(undefined, { detail: `grant login: ${result.problem}` });
    return {
      subject: { kind: 'user', accountId: grant.principalId, identityId: null },
      scope,
      login: { familyId: login.family.id, authTime: now, serviceId: service.id, claims: NO_LOGIN_CLAIMS, grantId: grant.id },
      service,
      refreshToken: login.refreshToken,
    };
  }

  /** The grant named by the key and why it cannot serve this client, if it cannot. */
  private async check(
    manager: EntityManager,
    presented: GrantCredentialsPresented,
    client: AppClient,
    clientAuthenticated: boolean,
    lock = false,
  ): Promise<Checked> {
    const query = manager.createQueryBuilder(AuthenticationGrantEntity, 'ag').where('ag.key = :key', { key: presented.key });
    const grant = await (lock ? query.setLock('pessimistic_read') : query).getOne();
    // Always one HMAC, so an unknown key costs what a wrong secret does.
    const secretMatches = this.hasher.verify(presented.secret, grant?.secretHash);
    if (!grant) return { grant: null, problem: 'unknown key' };
    if (!secretMatches) return { grant, problem: 'wrong secret' };
    if (!grant.enabled) return { grant, problem: 'grant disabled' };
    if (!isBoundTo(grant, client)) return { grant, problem: `grant of another client, not ${client.clientId}` };
    if (!clientAuthenticated && !grant.allowOpenDriverAuthentication) return { grant, problem: 'client not authenticated and open driver not allowed' };
    const account = await manager.findOne(AccountEntity, { select: { id: true, disabled: true }, where: { id: grant.principalId } });
    if (!account || account.disabled) return { grant, problem: 'principal disabled' };
    return { grant };
  }

  /** One audit event per attempt on an existing grant (unknown keys name nothing to audit). Never the secret. */
  private async record(grant: AuthenticationGrantEntity | null, client: AppClient, ip: string, problem: string | undefined): Promise<void> {
    if (!grant) return;
    await this.audit.record({
      actor: { type: 'system' },
      action: 'grant.login',
      target: { type: 'grant', id: grant.id },
      organizationId: grant.organizationId,
      outcome: problem ? 'failure' : 'success',
      ip,
      details: { clientId: client.clientId, principalId: grant.principalId, ...(problem && { reason: problem }) },
    });
  }
}

/** The grant's client, also when the environment's own client names a service (`appKey.serviceId`). */
function isBoundTo(grant: AuthenticationGrantEntity, client: AppClient): boolean {
  if (client.environmentId !== grant.environmentId) return false;
  const clientId = client.source === 'environment' ? client.clientId.split('.')[0] : client.clientId;
  return clientId === grant.clientId;
}
