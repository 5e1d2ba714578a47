import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { LoginTransactionEntity } from '@rapidauth/database';
import { errors as joseErrors, jwtVerify } from 'jose';
import { DataSource, IsNull } from 'typeorm';
import { InvalidRequestError } from '../errors';
import { SigningKeys } from '../keys/signing-keys';
import { randomToken, safeEqual, sha256 } from '../shared/hash';
import { signJwt } from '../tokens/jwt-signer';
import type { AuthorizationRequest } from './authorization-request';

export const LOGIN_TX_SECONDS = 300;
const LOGIN_TX_TYPE = 'login-tx+jwt';

export interface LoginTransaction {
  readonly id: string;
  readonly environmentId: string;
  readonly request: AuthorizationRequest;
  readonly browserBindingHash: string | null;
  readonly sessionId: string | null;
}

/**
 * A pending authorization between the login page and the code: stored server-side, referenced by
 * `login_tx`, a JWS we sign (PRODUCT.md: 5 minutes, single use) so a custom hosted page can carry
 * it without being trusted with anything else.
 */
@Injectable()
export class LoginTransactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: SigningKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the transaction; `bindToBrowser` returns a cookie value the same browser must send back. */
  async create(
    environmentId: string,
    request: AuthorizationRequest,
    options: { bindToBrowser: boolean },
    now: Date,
  ): Promise<{ loginTx: string; browserBinding?: string; transaction: LoginTransaction }> {
    const browserBinding = options.bindToBrowser ? randomToken() : undefined;
    const row = await this.dataSource.manager.save(
      this.dataSource.manager.create(LoginTransactionEntity, {
        environmentId,
        request: request as unknown as Record<string, unknown>,
        browserBindingHash: browserBinding ? sha256(browserBinding) : null,
        sessionId: null,
        expiresAt: new Date(now.getTime() + LOGIN_TX_SECONDS * 1000),
        consumedAt: null,
      }),
    );
    const iat = Math.floor(now.getTime() / 1000);
    const loginTx = signJwt(
      { iss: this.config.publicUrl, aud: this.config.publicUrl, jti: row.id, client_id: request.clientId, iat, exp: iat + LOGIN_TX_SECONDS },
      this.keys.signer('ES256', now),
      LOGIN_TX_TYPE,
    );
    return { loginTx, browserBinding, transaction: toTransaction(row) };
  }

  /** The open transaction a login_tx names; refuses forged, expired, used or other-browser ones. */
  async open(loginTx: string | undefined, bindingOf: (transactionId: string) => string | undefined, now: Date): Promise<LoginTransaction> {
    const invalid = () => new InvalidRequestError('the sign-in has expired or is invalid; start again from the app', { code: 'INVALID_STATE' });
    if (!loginTx || loginTx.length > 2048) throw invalid();
    let id: string;
    try {
      const { payload } = await jwtVerify(loginTx, this.keys.publicKeyFor, {
        issuer: this.config.publicUrl,
        audience: this.config.publicUrl,
        typ: LOGIN_TX_TYPE,
        algorithms: ['ES256'],
        currentDate: now,
      });
      id = String(payload.jti);
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof InvalidRequestError) throw invalid();
      throw error;
    }
    const row = await this.dataSource.manager.findOneBy(LoginTransactionEntity, { id, consumedAt: IsNull() });
    if (!row || row.expiresAt <= now) throw invalid();
    if (row.browserBindingHash && !safeEqual(sha256(bindingOf(row.id) ?? ''), row.browserBindingHash)) throw invalid();
    return toTransaction(row);
  }

  async attachSession(transactionId: string, sessionId: string): Promise<void> {
    await this.dataSource.manager.update(LoginTransactionEntity, { id: transactionId }, { sessionId });
  }

  /** Marks it used; false if another request got there first. */
  async consume(transactionId: string, now: Date): Promise<boolean> {
    const result = await this.dataSource.manager.update(
      LoginTransactionEntity,
      { id: transactionId, consumedAt: IsNull() },
      { consumedAt: now },
    );
    return (result.affected ?? 0) === 1;
  }

}

function toTransaction(row: LoginTransactionEntity): LoginTransaction {
  return {
    id: row.id,
    environmentId: row.environmentId,
    request: row.request as unknown as AuthorizationRequest,
    browserBindingHash: row.browserBindingHash,
    sessionId: row.sessionId,
  };
}
