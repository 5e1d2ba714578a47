import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccountEntity, BrowserSessionEntity } from '@rapidauth/database';
import { DataSource } from 'typeorm';
import { loginClaimsColumns, loginClaimsOf, type LoginClaims } from '../tokens/login-claims';
import { randomToken, sha256 } from '../tokens/opaque-tokens';

/** A browser session lasts this long from sign-in, whatever happens in between. */
export const BROWSER_SESSION_SECONDS = 12 * 3600;

export interface BrowserSession {
  readonly id: string;
  readonly environmentId: string;
  readonly accountId: string;
  readonly identityId: string;
  readonly authServiceId: string;
  readonly authTime: Date;
  /** The sign-in's claims: a later authorization reusing the session (SSO) gives its tokens these. */
  readonly claims: LoginClaims;
}

export interface NewBrowserSession {
  readonly session: BrowserSession;
  /** The cookie value; only `cookieHash` is stored. */
  readonly cookie: string;
  readonly cookieHash: string;
  readonly expiresAt: Date;
}

/** The cookie of an environment's browser session (one per environment). */
export function sessionCookieName(environmentId: string): string {
  return `ra_session_${environmentId.replace(/-/g, '')}`;
}

/** Signed-in browsers, stored by cookie hash; ended by logout or expiry. */
@Injectable()
export class BrowserSessions {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * A new session, its id and cookie chosen, not yet stored: `save` stores it, or
   * AuthorizationCodes.issueAtSignIn stores it with the code in one statement.
   */
  prepare(input: Omit<BrowserSession, 'id'>, now: Date): NewBrowserSession {
    const cookie = randomToken();
    const expiresAt = new Date(now.getTime() + BROWSER_SESSION_SECONDS * 1000);
    const session: BrowserSession = {
      id: randomUUID(),
      environmentId: input.environmentId,
      accountId: input.accountId,
      identityId: input.identityId,
      authServiceId: input.authServiceId,
      authTime: input.authTime,
      claims: input.claims,
    };
    return { session, cookie, cookieHash: sha256(cookie), expiresAt };
  }

  async save({ session, cookieHash, expiresAt }: NewBrowserSession): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "browser_session" ("id", "cookie_hash", "environment_id", "account_id", "identity_id", "auth_service_id", "auth_time", "expires_at",
         "provider", "provider_uid", "amr")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        session.id,
        cookieHash,
        session.environmentId,
        session.accountId,
        session.identityId,
        session.authServiceId,
        session.authTime,
        expiresAt,
        ...loginClaimsColumns(session.claims),
      ],
    );
  }

  /** The live session behind a cookie, if its account is still enabled. */
  async find(environmentId: string, cookie: string | undefined, now: Date): Promise<BrowserSession | undefined> {
    if (!cookie || cookie.length > 100) return undefined;
    const row = await this.dataSource.manager.findOneBy(BrowserSessionEntity, { cookieHash: sha256(cookie), environmentId });
    if (!row || row.expiresAt <= now) return undefined;
    const account = await this.dataSource.manager.findOneBy(AccountEntity, { id: row.accountId });
    return account && !account.disabled ? toSession(row) : undefined;
  }

  async findById(id: string): Promise<BrowserSession | undefined> {
    const row = await this.dataSource.manager.findOneBy(BrowserSessionEntity, { id });
    return row ? toSession(row) : undefined;
  }

  /**
   * The client's logins (refresh-token families, `sid`) made in this session and not yet revoked.
   * Read from the families themselves: authorization codes live minutes, logins days.
   */
  async familiesOf(sessionId: string, clientId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT "id" FROM "refresh_token_family" WHERE "browser_session_id" = $1 AND "client_id" = $2 AND "revoked_at" IS NULL`,
      [sessionId, clientId],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Whether `familyId` (an ID token's `sid`, unchecked text) is a login of the client made in this
   * session, revoked or not: an app may revoke its tokens before asking to end the session.
   */
  async madeLoginIn(sessionId: string, clientId: string, familyId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM "refresh_token_family" WHERE "browser_session_id" = $1 AND "client_id" = $2 AND "id"::text = $3`,
      [sessionId, clientId, familyId],
    );
    return rows.length > 0;
  }

  async end(sessionId: string): Promise<void> {
    await this.dataSource.manager.delete(BrowserSessionEntity, { id: sessionId });
  }
}

function toSession(row: BrowserSessionEntity): BrowserSession {
  return {
    id: row.id,
    environmentId: row.environmentId,
    accountId: row.accountId,
    identityId: row.identityId,
    authServiceId: row.authServiceId,
    authTime: row.authTime,
    claims: loginClaimsOf(row.claims),
  };
}
