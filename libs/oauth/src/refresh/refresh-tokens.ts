import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RefreshTokenEntity, RefreshTokenFamilyEntity } from '@rapidauth/database';
import { TokenVault } from '@rapidauth/vault';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { AppClient } from '../clients/resolved-client';
import { clientRevocation, familyRevocation, serviceRevocation } from '../revocation/revocation-terms';
import { InvalidDpopProofError, type OAuthError } from '../errors';
import type { ProfileVerdict } from '../grants/device-profile-guard';
import { Revocations } from '../revocation/revocations';
import { RevocationRepository } from '../revocation/revocation.repository';
import { storedLoginClaims, type LoginClaims } from '../tokens/login-claims';
import { randomToken, sha256 } from '../tokens/opaque-tokens';

export interface NewFamily {
  environmentId: string;
  clientId: string;
  accountId: string;
  /** Null for a grant login: the principal is the account, not one of its identities. */
  identityId: string | null;
  authServiceId: string;
  grantId?: string;
  scope: readonly string[];
  authTime: Date;
  /** Who signed in and how: every token of the family carries them, refreshed ones too. */
  claims: LoginClaims;
  /** Refresh tokens of the family never outlive this (TTL absolute from the original login). */
  absoluteExpiresAt: Date;
}

/** A login's family as the rotation reads it. */
export type LoginFamily = Pick<
  RefreshTokenFamilyEntity,
  | 'id'
  | 'environmentId'
  | 'clientId'
  | 'accountId'
  | 'identityId'
  | 'authServiceId'
  | 'grantId'
  | 'scope'
  | 'authTime'
  | 'claims'
  | 'absoluteExpiresAt'
  | 'revokedAt'
  | 'dpopJkt'
>;

export interface RotationOptions {
  /** Whether the login must be confirmed by its upstream first; `serviceType` is null when its service no longer exists. */
  confirmFirst?: (family: LoginFamily, serviceType: string | null) => boolean;
  /** Checks what the request asks of the login; a refusal thrown here leaves the token unspent. */
  accept?: (family: LoginFamily) => void;
  /** The key the request's DPoP proof proved: a bound family refuses any other, and a request without one (RFC 9449 §5). */
  dpopJkt?: string;
  /**
   * Runs in the transaction once the token is found usable, before it is spent: a refusal ends the
   * rotation `refused` with what the guard wrote committed (a counted attempt), and revokes the
   * family in the same transaction when asked to.
   */
  guard?: (manager: EntityManager, family: LoginFamily) => Promise<ProfileVerdict>;
}

/** The revocation reason of a family whose upstream refused its refresh (UpstreamRefresh). */
export const REVOKED_BY_UPSTREAM = 'upstream_refresh_failed';

export type RotationResult =
  /** `accountExpiresAt`: when the login's account ends (anonymous accounts), null for never. */
  | { outcome: 'rotated'; family: LoginFamily; token: string; accountExpiresAt: Date | null }
  | { outcome: 'unconfirmed'; family: LoginFamily }
  /** `upstreamRefused`: the family was revoked because its upstream refused the login (by a refresh or the background validation). */
  | { outcome: 'invalid'; reason: string; upstreamRefused?: true }
  | { outcome: 'reused'; revokedFamilyId?: string }
  /** The guard refused (`error` is its answer); `revokedFamilyId` when it revoked the family. */
  | { outcome: 'refused'; error: OAuthError; revokedFamilyId?: string };

/**
 * Refresh-token families (one per login, `sid` of its access tokens). Tokens are random, stored
 * by hash, rotated on every use. A rotated token presented again revokes the whole family
 * (RFC 9700 §4.14.2), unless it comes within the service's grace period.
 */
@Injectable()
export class RefreshTokens {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: RevocationRepository,
    private readonly revocations: Revocations,
  ) {}

  private async startFamily(manager: EntityManager, { claims, ...family }: NewFamily): Promise<RefreshTokenFamilyEntity> {
    return manager.save(
      manager.create(RefreshTokenFamilyEntity, {
        ...family,
        claims: storedLoginClaims(claims),
        grantId: family.grantId ?? null,
        scope: family.scope.join(' '),
        revokedAt: null,
        revokedReason: null,
      }),
    );
  }

  /**
   * Starts the token family of a new login; with a refresh token when the service allows refresh
   * and the client has the grant type. The TTL is absolute from `authTime`.
   */
  async beginLogin(
    manager: EntityManager,
    client: AppClient,
    login: Pick<NewFamily, 'accountId' | 'identityId' | 'authServiceId' | 'grantId' | 'scope' | 'authTime' | 'claims'>,
  ): Promise<{ family: RefreshTokenFamilyEntity; refreshToken?: string }> {
    const { absoluteExpiresAt, refreshes } = loginTerms(client, login.authTime);
    const family = await this.startFamily(manager, { ...login, environmentId: client.environmentId, clientId: client.clientId, absoluteExpiresAt });
    return { family, refreshToken: refreshes ? await this.issue(manager, family) : undefined };
  }

  /**
   * The code exchange's writes in one statement: claims the authorization code (conditional update,
   * so of two concurrent exchanges exactly one gets through), starts the login's family, recorded on
   * the code and recording its browser session, issues its refresh token when beginLogin would, and
   * moves the sign-in's upstream tokens (the token vault's entry of the code) to the family. The
   * family's login claims are the code's, copied by the same statement.
   * Undefined, with nothing written, when the code was consumed already.
   */
  async beginLoginRedeeming(
    codeId: string,
    client: AppClient,
    login: Pick<NewFamily, 'accountId' | 'identityId' | 'authServiceId' | 'scope' | 'authTime'>,
    now: Date,
  ): Promise<{ familyId: string; refreshToken?: string } | undefined> {
    const familyId = randomUUID();
    const { absoluteExpiresAt, refreshes } = loginTerms(client, login.authTime);
    const refreshToken = refreshes ? randomToken() : undefined;
    const rows: unknown[] = await this.dataSource.query(
      `WITH "code" AS (
         UPDATE "authorization_code" SET "consumed_at" = $1, "family_id" = $2 WHERE "id" = $3 AND "consumed_at" IS NULL
           RETURNING "id", "session_id", "provider", "provider_uid", "amr"
       ), "family" AS (
         INSERT INTO "refresh_token_family" ("id", "environment_id", "client_id", "account_id", "identity_id", "auth_service_id", "grant_id",
           "scope", "auth_time", "absolute_expires_at", "browser_session_id", "provider", "provider_uid", "amr")
         SELECT $2::uuid, $4::uuid, $5, $6::uuid, $7::uuid, $8::uuid, NULL, $9, $10::timestamptz, $11::timestamptz, "code"."session_id"::uuid,
           "code"."provider", "code"."provider_uid", "code"."amr"
         FROM "code" RETURNING "id"
       ), "token" AS (
         INSERT INTO "refresh_token" ("family_id", "token_hash", "expires_at")
         SELECT "family"."id", $12, $11::timestamptz FROM "family" WHERE $13::boolean
       ), "vault" AS (
         ${TokenVault.moveToFamilySql('$3::uuid', '$2::uuid', 'EXISTS (SELECT 1 FROM "family")')}
       )
       SELECT "id" FROM "family"`,
      [
        now,
        familyId,
        codeId,
        client.environmentId,
        client.clientId,
        login.accountId,
        login.identityId,
        login.authServiceId,
        login.scope.join(' '),
        login.authTime,
        absoluteExpiresAt,
        refreshToken ? sha256(refreshToken) : null,
        refreshToken !== undefined,
      ],
    );
    return rows.length === 1 ? { familyId, refreshToken } : undefined;
  }

  async issue(manager: EntityManager, family: RefreshTokenFamilyEntity): Promise<string> {
    const token = randomToken();
    await manager.insert(RefreshTokenEntity, {
      familyId: family.id,
      tokenHash: sha256(token),
      expiresAt: family.absoluteExpiresAt,
      rotatedAt: null,
    });
    return token;
  }

  /**
   * Exchanges a refresh token for a new one; of two concurrent uses exactly one rotates. The token
   * is locked and judged with its family and the family's service type in one statement, then spent
   * and replaced in another. `confirmFirst` names the logins that must be confirmed upstream before
   * their token is spent: for those the rotation ends `unconfirmed`, nothing written, so that the
   * caller can ask the upstream outside this transaction and rotate again.
   */
  async rotate(presented: string, clientId: string, graceSeconds: number, now: Date, options: RotationOptions = {}): Promise<RotationResult> {
    const result = await this.dataSource.transaction(async (manager): Promise<RotationResult> => {
      const rows: LockedTokenRow[] = await manager.query(LOCKED_TOKEN_SQL, [sha256(presented)]);
      if (rows.length === 0) return { outcome: 'invalid', reason: 'unknown refresh token' };
      const row = rows[0];
      const family = loginFamilyOf(row);
      if (family.clientId !== clientId) return { outcome: 'invalid', reason: 'refresh token of another client' };
      if (family.revokedAt) return { outcome: 'invalid', reason: 'family revoked', ...(row.revoked_reason === REVOKED_BY_UPSTREAM && { upstreamRefused: true as const }) };
      if (row.token_expires_at <= now || family.absoluteExpiresAt <= now) return { outcome: 'invalid', reason: 'refresh token expired' };
      if (row.account_expires_at && row.account_expires_at <= now) return { outcome: 'invalid', reason: 'account expired' };
      // A bound family's tokens are worthless without its key: refused before reuse is judged, spending nothing.
      if (family.dpopJkt !== null && family.dpopJkt !== options.dpopJkt) {
        throw new InvalidDpopProofError('this refresh token is bound to a DPoP key; prove that key', { detail: options.dpopJkt ? 'another key' : 'no proof' });
      }
      if (row.rotated_at) {
        if (now.getTime() - row.rotated_at.getTime() <= graceSeconds * 1000) return { outcome: 'reused' };
        await this.revokeFamilyWith(manager, family, 'refresh_token_reuse', now);
        return { outcome: 'reused', revokedFamilyId: family.id };
      }
      const verdict = await options.guard?.(manager, family);
      if (verdict && !verdict.unlocked) {
        if (!verdict.revoke) return { outcome: 'refused', error: verdict.error };
        await this.revokeFamilyWith(manager, family, 'pin_attempts_exceeded', now);
        return { outcome: 'refused', error: verdict.error, revokedFamilyId: family.id };
      }
      if (options.confirmFirst?.(family, row.service_type)) return { outcome: 'unconfirmed', family };
      // What the request asks of the login (its scope) is checked before the token is spent: a
      // refusal thrown here rolls back, and the token stays usable.
      options.accept?.(family);
      const token = randomToken();
      await manager.query(SPEND_AND_ISSUE_SQL, [now, row.token_id, family.id, sha256(token), family.absoluteExpiresAt]);
      return { outcome: 'rotated', family, token, accountExpiresAt: row.account_expires_at };
    });
    // The notification reaches other instances on commit; this one learns it directly.
    if ((result.outcome === 'reused' || result.outcome === 'refused') && result.revokedFamilyId) this.revocations.announce(familyRevocation(result.revokedFamilyId, now));
    return result;
  }

  /**
   * Binds a family to a DPoP key (RFC 9449 §5): once bound it stays bound to that key; a family
   * already bound (to the same key, as the rotation checked) is left as it is.
   */
  async bindToKey(familyId: string, jkt: string): Promise<void> {
    await this.dataSource.query(`UPDATE "refresh_token_family" SET "dpop_jkt" = $2 WHERE "id" = $1 AND "dpop_jkt" IS NULL`, [familyId, jkt]);
  }

  /** The family a refresh token belongs to, if the token is ours. */
  async familyOf(presented: string): Promise<RefreshTokenFamilyEntity | undefined> {
    return (await this.find(presented))?.family;
  }

  /** The token and its family while the token can still be exchanged; undefined otherwise. */
  async findUsable(presented: string, now: Date): Promise<{ token: RefreshTokenEntity; family: RefreshTokenFamilyEntity } | undefined> {
    const found = await this.find(presented);
    if (!found || found.token.rotatedAt || found.family.revokedAt || found.token.expiresAt <= now) return undefined;
    const accountExpiresAt = found.family.account?.expiresAt;
    if (accountExpiresAt && accountExpiresAt <= now) return undefined;
    return found;
  }

  /** One statement (introspection and revocation ask it). */
  private async find(presented: string) {
    if (presented.length > 100) return undefined;
    const token = await this.dataSource.manager.findOne(RefreshTokenEntity, { where: { tokenHash: sha256(presented) }, relations: { family: { account: true } } });
    return token?.family ? { token, family: token.family } : undefined;
  }

  /**
   * Revokes every token of the environments under an organization, an app or one environment
   * (before they are deleted: the revocation entries outlive the rows): every client beneath —
   * each environment's own, the registered ones, the organization's — and every live login.
   * Returns how many logins.
   */
  async revokeAllBeneath(scope: { organizationId: string } | { appId: string } | { environmentId: string }, reason: string): Promise<number> {
    const column = 'organizationId' in scope ? 'organization_id' : 'appId' in scope ? 'app_id' : 'id';
    const value = Object.values(scope)[0];
    const clients: { client_id: string }[] = await this.dataSource.query(
      `SELECT environment.app_key AS client_id FROM environment WHERE environment.${column} = $1
       UNION ALL
       SELECT client.client_id FROM client JOIN environment ON environment.id = client.environment_id WHERE environment.${column} = $1
       UNION ALL
       SELECT organization.client_id FROM organization WHERE $2::boolean AND organization.id = $1`,
      [value, column === 'organization_id'],
    );
    await this.revokeClients(clients.map((client) => client.client_id), reason);
    const families: { id: string }[] = await this.dataSource.query(
      `SELECT family.id FROM refresh_token_family family JOIN environment ON environment.id = family.environment_id
       WHERE environment.${column} = $1 AND family.revoked_at IS NULL`,
      [value],
    );
    for (const family of families) await this.revokeFamily(family.id, reason);
    return families.length;
  }

  /**
   * Revokes every live login through one client or one auth service, and every token issued to
   * the client or through the service so far (client_credentials tokens belong to no login).
   * Returns how many logins.
   */
  async revokeLoginsThrough(through: { clientId: string } | { authServiceId: string }, reason: string): Promise<number> {
    if ('clientId' in through) await this.revokeClients([through.clientId], reason);
    else await this.revocations.revoke(serviceRevocation(through.authServiceId, new Date()), reason);
    const families = await this.dataSource.manager.find(RefreshTokenFamilyEntity, {
      select: { id: true },
      where: { ...through, revokedAt: IsNull() },
    });
    for (const family of families) await this.revokeFamily(family.id, reason);
    return families.length;
  }

  private revokeClients(clientIds: string[], reason: string, now = new Date()): Promise<void> {
    return this.revocations.revokeAll(
      clientIds.map((clientId) => clientRevocation(clientId, now)),
      reason,
    );
  }

  /** Revokes a family: its refresh tokens stop working and its access tokens stop introspecting. */
  async revokeFamily(familyId: string, reason: string, now = new Date(), manager?: EntityManager): Promise<void> {
    const run = async (tx: EntityManager) => {
      const family = await tx.findOneBy(RefreshTokenFamilyEntity, { id: familyId });
      if (family && !family.revokedAt) await this.revokeFamilyWith(tx, family, reason, now);
    };
    if (manager) await run(manager);
    else await this.dataSource.transaction(run);
    this.revocations.announce(familyRevocation(familyId, now));
  }

  /** The family revoked and its upstream tokens (the token vault's entry) deleted, in one statement. */
  private async revokeFamilyWith(manager: EntityManager, family: Pick<RefreshTokenFamilyEntity, 'id'>, reason: string, now: Date) {
    await manager.query(
      `WITH "revoked" AS (
         UPDATE "refresh_token_family" SET "revoked_at" = $2, "revoked_reason" = $3, "updated_at" = now() WHERE "id" = $1 RETURNING "id"
       )
       ${TokenVault.deleteForFamiliesSql('SELECT "id" FROM "revoked"')}`,
      [family.id, now, reason],
    );
    await this.repository.record(familyRevocation(family.id, now), reason, manager);
  }
}

/** A login's refresh terms: a TTL absolute from `authTime`; a refresh token only when the service allows refresh and the client has the grant type. */
function loginTerms(client: AppClient, authTime: Date): { absoluteExpiresAt: Date; refreshes: boolean } {
  return {
    absoluteExpiresAt: new Date(authTime.getTime() + client.service.settings.refreshTokenTtl * 1000),
    refreshes: client.service.settings.allowRefreshTokens && client.grantTypes.includes('refresh_token'),
  };
}

/**
 * The presented token locked (FOR UPDATE OF the token only: the family, service and account rows
 * are only read), its family, its service's type, its account's expiry.
 */
const LOCKED_TOKEN_SQL = `SELECT "t"."id" AS "token_id", "t"."expires_at" AS "token_expires_at", "t"."rotated_at",
    "f"."id", "f"."environment_id", "f"."client_id", "f"."account_id", "f"."identity_id", "f"."auth_service_id", "f"."grant_id",
    "f"."scope", "f"."auth_time", "f"."provider", "f"."provider_uid", "f"."amr", "f"."absolute_expires_at", "f"."revoked_at", "f"."revoked_reason", "f"."dpop_jkt",
    "s"."type" AS "service_type", "a"."expires_at" AS "account_expires_at"
  FROM "refresh_token" "t"
  JOIN "refresh_token_family" "f" ON "f"."id" = "t"."family_id"
  LEFT JOIN "auth_service" "s" ON "s"."id" = "f"."auth_service_id"
  LEFT JOIN "account" "a" ON "a"."id" = "f"."account_id"
  WHERE "t"."token_hash" = $1
  FOR UPDATE OF "t"`;

/** The presented token spent and its successor issued, in one statement. */
const SPEND_AND_ISSUE_SQL = `WITH "spent" AS (
    UPDATE "refresh_token" SET "rotated_at" = $1 WHERE "id" = $2
  )
  INSERT INTO "refresh_token" ("family_id", "token_hash", "expires_at") VALUES ($3, $4, $5)`;

interface LockedTokenRow {
  token_id: string;
  token_expires_at: Date;
  rotated_at: Date | null;
  id: string;
  environment_id: string;
  client_id: string;
  account_id: string | null;
  identity_id: string | null;
  auth_service_id: string | null;
  grant_id: string | null;
  scope: string;
  auth_time: Date;
  provider: string | null;
  provider_uid: string | null;
  amr: string[] | null;
  absolute_expires_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
  dpop_jkt: string | null;
  service_type: string | null;
  account_expires_at: Date | null;
}

function loginFamilyOf(row: LockedTokenRow): LoginFamily {
  return {
    id: row.id,
    environmentId: row.environment_id,
    clientId: row.client_id,
    accountId: row.account_id,
    identityId: row.identity_id,
    authServiceId: row.auth_service_id,
    grantId: row.grant_id,
    scope: row.scope,
    authTime: row.auth_time,
    claims: { provider: row.provider, providerUid: row.provider_uid, amr: row.amr },
    absoluteExpiresAt: row.absolute_expires_at,
    revokedAt: row.revoked_at,
    dpopJkt: row.dpop_jkt,
  };
}
