import { Injectable } from '@nestjs/common';
import { TokenVault, type VaultTokens } from '@rapidauth/vault';
import { DataSource } from 'typeorm';
import { loginClaimsColumns, loginClaimsOf, type LoginClaims } from '../tokens/login-claims';
import { randomToken, sha256 } from '../tokens/opaque-tokens';
import type { AuthorizationRequest } from './authorization-request';
import type { BrowserSession, NewBrowserSession } from './browser-sessions';

/** Authorization codes: random, stored by hash, single use, living the service's grant TTL. */
@Injectable()
export class AuthorizationCodes {
  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: TokenVault,
  ) {}

  /**
   * A code for a signed-in session. A redirect login that waited for consent brings the upstream's
   * tokens: they go to the token vault against the code in the same transaction.
   */
  async issue(
    input: {
      request: AuthorizationRequest;
      session: BrowserSession;
      environmentId: string;
      serviceId: string;
      ttlSeconds: number;
      upstreamTokens?: VaultTokens;
    },
    now: Date,
  ): Promise<string> {
    const code = randomToken();
    const parameters = [
      sha256(code),
      input.environmentId,
      input.request.clientId,
      input.session.accountId,
      input.session.identityId,
      input.serviceId,
      input.request.redirectUri,
      input.request.scope.join(' '),
      input.request.nonce ?? null,
      input.request.codeChallenge,
      input.session.authTime,
      input.session.id,
      new Date(now.getTime() + input.ttlSeconds * 1000),
      ...loginClaimsColumns(input.session.claims),
      input.request.dpopJkt ?? null,
    ];
    const { upstreamTokens } = input;
    if (!upstreamTokens) {
      await this.dataSource.query(ISSUE_SQL, parameters);
      return code;
    }
    await this.dataSource.transaction(async (manager) => {
      const rows: { id: string }[] = await manager.query(ISSUE_SQL, parameters);
      await this.vault.putForCode(manager, rows[0].id, upstreamTokens);
    });
    return code;
  }

  /**
   * The end of a sign-in through the login page, in one statement: consumes the login transaction,
   * stores the new browser session and issues the code, all or nothing; the upstream's tokens, when
   * the login brought any, go to the token vault against the code in the same transaction. Undefined
   * (and nothing written) when the transaction was consumed already: of two concurrent posts exactly one gets a code.
   */
  async issueAtSignIn(
    input: {
      transactionId: string;
      request: AuthorizationRequest;
      session: NewBrowserSession;
      environmentId: string;
      serviceId: string;
      ttlSeconds: number;
      upstreamTokens?: VaultTokens;
    },
    now: Date,
  ): Promise<string | undefined> {
    const code = randomToken();
    const { upstreamTokens } = input;
    const issued = (rows: { id: string }[]) => (rows.length === 1 ? code : undefined);
    if (!upstreamTokens) return issued(await this.dataSource.query(SIGN_IN_SQL, signInParameters(input, code, now)));
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string }[] = await manager.query(SIGN_IN_SQL, signInParameters(input, code, now));
      if (rows.length === 1) await this.vault.putForCode(manager, rows[0].id, upstreamTokens);
      return issued(rows);
    });
  }

  /**
   * The code's row (unlocked: what is checked never changes; only `consumedAt`/`familyId` do, and
   * the exchange claims the code with a conditional update, RefreshTokens.beginLoginRedeeming),
   * with whether its account is disabled.
   */
  async findForExchange(code: string): Promise<CodeForExchange | undefined> {
    const rows: CodeRow[] = await this.dataSource.query(
      `SELECT "c"."id", "c"."client_id", "c"."account_id", "c"."identity_id", "c"."auth_service_id", "c"."redirect_uri", "c"."scope",
              "c"."nonce", "c"."code_challenge", "c"."auth_time", "c"."provider", "c"."provider_uid", "c"."amr", "c"."expires_at", "c"."consumed_at", "c"."family_id", "c"."dpop_jkt",
              "a"."disabled" AS "account_disabled"
       FROM "authorization_code" "c" LEFT JOIN "account" "a" ON "a"."id" = "c"."account_id"
       WHERE "c"."code_hash" = $1`,
      [sha256(code)],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      clientId: row.client_id,
      accountId: row.account_id,
      identityId: row.identity_id,
      authServiceId: row.auth_service_id,
      redirectUri: row.redirect_uri,
      scope: row.scope,
      nonce: row.nonce,
      codeChallenge: row.code_challenge,
      authTime: row.auth_time,
      claims: loginClaimsOf(row),
      expiresAt: row.expires_at,
      consumedAt: row.consumed_at,
      familyId: row.family_id,
      dpopJkt: row.dpop_jkt,
      accountUsable: row.account_disabled === false,
    };
  }

  /** The family a consumed code's exchange started (null while none). */
  async familyOf(codeId: string): Promise<string | null> {
    const rows: { family_id: string | null }[] = await this.dataSource.query(`SELECT "family_id" FROM "authorization_code" WHERE "id" = $1`, [codeId]);
    return rows[0]?.family_id ?? null;
  }
}

const ISSUE_SQL = `INSERT INTO "authorization_code" ("code_hash", "environment_id", "client_id", "account_id", "identity_id", "auth_service_id",
     "redirect_uri", "scope", "nonce", "code_challenge", "code_challenge_method", "auth_time", "session_id", "expires_at", "provider", "provider_uid", "amr", "dpop_jkt")
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'S256', $11, $12, $13, $14, $15, $16, $17) RETURNING "id"`;

type SignIn = Parameters<AuthorizationCodes['issueAtSignIn']>[0];

/** Consumes the transaction, stores the session and issues the code; returns the code's id, no row when the transaction was consumed. */
const SIGN_IN_SQL = `WITH "tx" AS (
     UPDATE "login_transaction" SET "consumed_at" = $1 WHERE "id" = $2 AND "consumed_at" IS NULL RETURNING "id"
   ), "session" AS (
     INSERT INTO "browser_session" ("id", "cookie_hash", "environment_id", "account_id", "identity_id", "auth_service_id", "auth_time", "expires_at",
       "provider", "provider_uid", "amr")
     SELECT $3::uuid, $4, $5::uuid, $6::uuid, $7::uuid, $8::uuid, $9::timestamptz, $10::timestamptz, $18, $19, $20::text[] FROM "tx"
     RETURNING "id", "provider", "provider_uid", "amr"
   )
   INSERT INTO "authorization_code" ("code_hash", "environment_id", "client_id", "account_id", "identity_id", "auth_service_id",
     "redirect_uri", "scope", "nonce", "code_challenge", "code_challenge_method", "auth_time", "session_id", "expires_at", "provider", "provider_uid", "amr", "dpop_jkt")
   SELECT $11, $5::uuid, $12, $6::uuid, $7::uuid, $8::uuid, $13, $14, $15, $16, 'S256', $9::timestamptz, "session"."id"::text, $17::timestamptz,
     "session"."provider", "session"."provider_uid", "session"."amr", $21::varchar
   FROM "session" RETURNING "id"`;

function signInParameters(input: SignIn, code: string, now: Date): unknown[] {
  const { session, cookieHash, expiresAt } = input.session;
  return [
    now,
    input.transactionId,
    session.id,
    cookieHash,
    input.environmentId,
    session.accountId,
    session.identityId,
    session.authServiceId,
    session.authTime,
    expiresAt,
    sha256(code),
    input.request.clientId,
    input.request.redirectUri,
    input.request.scope.join(' '),
    input.request.nonce ?? null,
    input.request.codeChallenge,
    new Date(now.getTime() + input.ttlSeconds * 1000),
    ...loginClaimsColumns(session.claims),
    input.request.dpopJkt ?? null,
  ];
}

export interface CodeForExchange {
  readonly id: string;
  readonly clientId: string;
  readonly accountId: string;
  readonly identityId: string;
  readonly authServiceId: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly nonce: string | null;
  readonly codeChallenge: string;
  readonly authTime: Date;
  /** The sign-in's claims, as its session recorded them. */
  readonly claims: LoginClaims;
  readonly expiresAt: Date;
  readonly consumedAt: Date | null;
  readonly familyId: string | null;
  /** RFC 9449 §10: the DPoP key thumbprint the authorization request named, which the exchange must prove. */
  readonly dpopJkt: string | null;
  /** The account exists and is not disabled. */
  readonly accountUsable: boolean;
}

interface CodeRow {
  id: string;
  client_id: string;
  account_id: string;
  identity_id: string;
  auth_service_id: string;
  redirect_uri: string;
  scope: string;
  nonce: string | null;
  code_challenge: string;
  auth_time: Date;
  provider: string | null;
  provider_uid: string | null;
  amr: string[] | null;
  expires_at: Date;
  consumed_at: Date | null;
  family_id: string | null;
  dpop_jkt: string | null;
  account_disabled: boolean | null;
}
