import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { parseTokens, SEALED_PURPOSES, serializeTokens, Vault, type VaultTokens } from '@rapidauth/vault';
import { DataSource } from 'typeorm';
import { InvalidRequestError } from '../errors';
import { SigningKeys } from '../keys/signing-keys';
import type { AuthenticationMethod, LoginClaims } from '../tokens/login-claims';
import { randomToken, safeEqual, sha256 } from '../tokens/opaque-tokens';
import { signJwt, verifyJwt } from '../tokens/jwt-signer';
import type { AuthorizationRequest } from './authorization-request';

export const LOGIN_TX_SECONDS = 300;
const LOGIN_TX_TYPE = 'login-tx+jwt';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface LoginTransaction {
  readonly id: string;
  readonly environmentId: string;
  readonly request: AuthorizationRequest;
  readonly browserBindingHash: string;
  readonly sessionId: string | null;
  /** A redirect login the callback verified: who signed in, and the upstream's tokens when it gave any. */
  readonly signedIn?: RedirectSignIn;
  /** The sign-in's upstream tokens (a redirect or a form login), kept sealed while the consent page waits, for the code. */
  readonly upstreamTokens?: VaultTokens;
}

/** Who a verified redirect login signed in, kept on the transaction until the browser resumes it. */
export interface RedirectSignIn {
  readonly accountId: string;
  readonly identityId: string;
  readonly authServiceId: string;
  readonly authTime: Date;
  /** Carried through the session to the code, and from the code to the family. */
  readonly claims: LoginClaims;
  readonly upstreamTokens?: VaultTokens;
  /** The hosted page's second factor was right (an authenticator enrolled at this sign-in): resuming goes on without it. */
  readonly secondFactorDone?: true;
}

/** What `begin` of a redirect login leaves for its callback. */
export interface RedirectStart {
  readonly serviceId: string;
  readonly state: string;
  readonly kept: Readonly<Record<string, string>>;
}

/** A redirect login's transaction found by its `state` at the callback, its kept values handed back once. */
export interface PendingRedirect {
  readonly id: string;
  readonly environmentId: string;
  readonly request: AuthorizationRequest;
  readonly kept: Readonly<Record<string, string>>;
}

/**
 * A pending authorization between the login page and the code: stored server-side, referenced by
 * `login_tx`, a JWS we sign (5 minutes, single use) so a custom hosted page can carry it without
 * being trusted with anything else. Every transaction is bound to the browser that started it
 * (RFC 9700 §4.7, login CSRF): only a hash of the binding cookie is stored.
 */
@Injectable()
export class LoginTransactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: SigningKeys,
    private readonly vault: Vault,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Creates the transaction and the binding cookie value the same browser must send back. A
   * redirect login (`redirect`) stores the hash of its `state` and what its connector kept, sealed.
   */
  async create(
    environmentId: string,
    request: AuthorizationRequest,
    now: Date,
    redirect?: RedirectStart,
  ): Promise<{ loginTx: string; browserBinding: string; transaction: LoginTransaction }> {
    const browserBinding = randomToken();
    const browserBindingHash = sha256(browserBinding);
    // One plain INSERT (no entity save: that wraps a single insert in its own transaction).
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO "login_transaction" ("id", "environment_id", "request", "browser_binding_hash", "expires_at", "state_hash", "redirect_service_id", "sealed_kept")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        environmentId,
        JSON.stringify(request),
        browserBindingHash,
        new Date(now.getTime() + LOGIN_TX_SECONDS * 1000),
        redirect ? sha256(redirect.state) : null,
        redirect?.serviceId ?? null,
        redirect ? this.seal(id, JSON.stringify(redirect.kept)) : null,
      ],
    );
    const loginTx = this.loginTxFor(id, request.clientId, now);
    return { loginTx, browserBinding, transaction: { id, environmentId, request, browserBindingHash, sessionId: null } };
  }

  /**
   * A `login_tx` naming the transaction, for the page or the resume after a redirect login (the
   * transaction's own expiry still rules, checked when it is opened).
   */
  loginTxFor(transactionId: string, clientId: string, now: Date): string {
    const iat = Math.floor(now.getTime() / 1000);
    return signJwt(
      { iss: this.config.publicUrl, aud: this.config.publicUrl, jti: transactionId, client_id: clientId, iat, exp: iat + LOGIN_TX_SECONDS },
      this.keys.signer('ES256', now),
      LOGIN_TX_TYPE,
    );
  }

  /** The open transaction a login_tx names; refuses forged, expired, used or other-browser ones. */
  async open(loginTx: string | undefined, bindingOf: (transactionId: string) => string | undefined, now: Date): Promise<LoginTransaction> {
    const invalid = () => new InvalidRequestError('the sign-in has expired or is invalid; start again from the app', { code: 'INVALID_STATE' });
    if (!loginTx || loginTx.length > 2048) throw invalid();
    // node:crypto, not jose: this runs on every login POST (jwt-signer.spec.ts checks both ways).
    const payload = await verifyJwt(loginTx, { alg: 'ES256', typ: LOGIN_TX_TYPE }, (kid) => this.keys.verificationKey(kid));
    if (!payload || !this.isCurrent(payload, now)) throw invalid();
    const id = payload.jti as string;
    const rows: OpenRow[] = await this.dataSource.query(
      `SELECT "environment_id", "request", "browser_binding_hash", "session_id", "expires_at", "signed_in", "sealed_upstream_tokens"
       FROM "login_transaction" WHERE "id" = $1 AND "consumed_at" IS NULL`,
      [id],
    );
    const row = rows[0];
    if (!row || row.expires_at <= now) throw invalid();
    if (!safeEqual(sha256(bindingOf(id) ?? ''), row.browser_binding_hash)) throw invalid();
    const upstreamTokens = row.sealed_upstream_tokens ? this.openTokens(id, row.sealed_upstream_tokens) : undefined;
    return {
      id,
      environmentId: row.environment_id,
      request: row.request as AuthorizationRequest,
      browserBindingHash: row.browser_binding_hash,
      sessionId: row.session_id,
      ...(row.signed_in ? { signedIn: signedInOf(row.signed_in, upstreamTokens) } : {}),
      ...(upstreamTokens ? { upstreamTokens } : {}),
    };
  }

  /**
   * The open redirect login of `serviceId` that sent `state` upstream, its kept values taken in the
   * same statement: a state is answered once (a replayed callback finds nothing), and a state sent
   * to another service is not this one's.
   */
  async takeRedirect(serviceId: string, state: string | undefined, now: Date): Promise<PendingRedirect | undefined> {
    if (!state || state.length > 512) return undefined;
    const [rows]: [PendingRow[], number] = await this.dataSource.query(
      // RETURNING sees the row after the update: the kept values are read from the locked row before it.
      `WITH "taken" AS (
         SELECT "id", "sealed_kept" FROM "login_transaction"
         WHERE "state_hash" = $1 AND "redirect_service_id" = $2 AND "sealed_kept" IS NOT NULL AND "consumed_at" IS NULL AND "expires_at" > $3
         FOR UPDATE
       )
       UPDATE "login_transaction" "t" SET "sealed_kept" = NULL FROM "taken" WHERE "t"."id" = "taken"."id"
       RETURNING "t"."id", "t"."environment_id", "t"."request", "taken"."sealed_kept"`,
      [sha256(state), serviceId, now],
    );
    const row = rows[0];
    if (!row) return undefined;
    const kept = JSON.parse(this.vault.open(row.sealed_kept, SEALED_PURPOSES.loginTransaction(row.id)).toString('utf8')) as Record<string, string>;
    return { id: row.id, environmentId: row.environment_id, request: row.request as AuthorizationRequest, kept };
  }

  /** The callback verified the upstream's answer: who signed in, for the browser's resume. */
  async recordSignIn(transactionId: string, signedIn: RedirectSignIn): Promise<void> {
    const { upstreamTokens, claims, ...who } = signedIn;
    const stored: StoredSignIn = { ...who, authTime: who.authTime.toISOString(), ...claims };
    await this.dataSource.query(`UPDATE "login_transaction" SET "signed_in" = $1, "sealed_upstream_tokens" = $2 WHERE "id" = $3`, [
      JSON.stringify(stored),
      this.sealTokens(transactionId, upstreamTokens),
      transactionId,
    ]);
  }

  private seal(transactionId: string, plaintext: string | Buffer): string {
    return this.vault.seal(plaintext, SEALED_PURPOSES.loginTransaction(transactionId));
  }

  private sealTokens(transactionId: string, tokens: VaultTokens | undefined): string | null {
    return tokens && Object.keys(tokens).length > 0 ? this.seal(transactionId, serializeTokens(tokens)) : null;
  }

  private openTokens(transactionId: string, sealed: string): VaultTokens {
    return parseTokens(this.vault.open(sealed, SEALED_PURPOSES.loginTransaction(transactionId)));
  }

  /** Ours (issuer and audience), with a transaction id, and not expired (RFC 7519 §4.1). */
  private isCurrent(payload: Record<string, unknown>, now: Date): boolean {
    return (
      payload.iss === this.config.publicUrl &&
      payload.aud === this.config.publicUrl &&
      typeof payload.jti === 'string' &&
      UUID.test(payload.jti) &&
      typeof payload.exp === 'number' &&
      payload.exp * 1000 > now.getTime()
    );
  }

  /**
   * The browser session the consent page waits with, and the sign-in's upstream tokens (sealed)
   * when it gave any: a form login has no callback that recorded them, and the code issued after
   * the consent must carry them to the vault. Both replace what an earlier sign-in of the same
   * transaction left, so one user's tokens never reach another's code.
   */
  async attachSession(transactionId: string, sessionId: string, upstreamTokens?: VaultTokens): Promise<void> {
    await this.dataSource.query(
      `UPDATE "login_transaction" SET "session_id" = $1, "sealed_upstream_tokens" = $2 WHERE "id" = $3`,
      [sessionId, this.sealTokens(transactionId, upstreamTokens), transactionId],
    );
  }

  /** Marks it used; false if another request got there first. */
  async consume(transactionId: string, now: Date): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, rowCount].
    const [, affected]: [unknown[], number] = await this.dataSource.query(
      `UPDATE "login_transaction" SET "consumed_at" = $1 WHERE "id" = $2 AND "consumed_at" IS NULL`,
      [now, transactionId],
    );
    return affected === 1;
  }
}

interface OpenRow {
  environment_id: string;
  request: unknown;
  browser_binding_hash: string;
  session_id: string | null;
  expires_at: Date;
  signed_in: StoredSignIn | null;
  sealed_upstream_tokens: string | null;
}

interface PendingRow {
  id: string;
  environment_id: string;
  request: unknown;
  sealed_kept: string;
}

interface StoredSignIn {
  accountId: string;
  identityId: string;
  authServiceId: string;
  authTime: string;
  /** Absent from sign-ins recorded before login claims (a transaction lives 5 minutes). */
  provider?: string | null;
  providerUid?: string | null;
  amr?: readonly AuthenticationMethod[] | null;
  secondFactorDone?: true;
}

function signedInOf(stored: StoredSignIn, upstreamTokens: VaultTokens | undefined): RedirectSignIn {
  const claims: LoginClaims = { provider: stored.provider ?? null, providerUid: stored.providerUid ?? null, amr: stored.amr ?? null };
  const who: RedirectSignIn = {
    accountId: stored.accountId,
    identityId: stored.identityId,
    authServiceId: stored.authServiceId,
    authTime: new Date(stored.authTime),
    claims,
    ...(stored.secondFactorDone === true && { secondFactorDone: true }),
  };
  return upstreamTokens ? { ...who, upstreamTokens } : who;
}
