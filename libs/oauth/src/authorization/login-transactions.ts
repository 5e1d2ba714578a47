import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { DataSource } from 'typeorm';
import { InvalidRequestError } from '../errors';
import { SigningKeys } from '../keys/signing-keys';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the transaction and the binding cookie value the same browser must send back. */
  async create(
    environmentId: string,
    request: AuthorizationRequest,
    now: Date,
  ): Promise<{ loginTx: string; browserBinding: string; transaction: LoginTransaction }> {
    const browserBinding = randomToken();
    const browserBindingHash = sha256(browserBinding);
    // One plain INSERT (no entity save: that wraps a single insert in its own transaction).
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO "login_transaction" ("id", "environment_id", "request", "browser_binding_hash", "expires_at") VALUES ($1, $2, $3, $4, $5)`,
      [id, environmentId, JSON.stringify(request), browserBindingHash, new Date(now.getTime() + LOGIN_TX_SECONDS * 1000)],
    );
    const iat = Math.floor(now.getTime() / 1000);
    const loginTx = signJwt(
      { iss: this.config.publicUrl, aud: this.config.publicUrl, jti: id, client_id: request.clientId, iat, exp: iat + LOGIN_TX_SECONDS },
      this.keys.signer('ES256', now),
      LOGIN_TX_TYPE,
    );
    return { loginTx, browserBinding, transaction: { id, environmentId, request, browserBindingHash, sessionId: null } };
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
      `SELECT "environment_id", "request", "browser_binding_hash", "session_id", "expires_at"
       FROM "login_transaction" WHERE "id" = $1 AND "consumed_at" IS NULL`,
      [id],
    );
    const row = rows[0];
    if (!row || row.expires_at <= now) throw invalid();
    if (!safeEqual(sha256(bindingOf(id) ?? ''), row.browser_binding_hash)) throw invalid();
    return {
      id,
      environmentId: row.environment_id,
      request: row.request as AuthorizationRequest,
      browserBindingHash: row.browser_binding_hash,
      sessionId: row.session_id,
    };
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

  async attachSession(transactionId: string, sessionId: string): Promise<void> {
    await this.dataSource.query(`UPDATE "login_transaction" SET "session_id" = $1 WHERE "id" = $2`, [sessionId, transactionId]);
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
}
