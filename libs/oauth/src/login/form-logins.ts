import { Inject, Injectable } from '@nestjs/common';
import {
  ConnectorConfigError,
  ConnectorError,
  ServiceConnectors,
  type Connector,
  type FormLoginConnector,
  type LoginContext,
  type OpenedService,
  type PasswordCredentials,
  type UpstreamIdentity,
} from '@rapidauth/connectors';
import {
  addressKey,
  IdentityError,
  LoginThrottle,
  UpstreamIdentities,
  upstreamSubjectKey,
  type AuthenticatedIdentity,
  type Reservation,
} from '@rapidauth/identity';
import { METRICS, type Metrics } from '@rapidauth/observability';
import type { AppClient } from '../clients/resolved-client';
import { UnsupportedProviderError } from '../errors';
import { RateLimits } from '../rate-limit/rate-limits';
import { formLoginClaims, type LoginClaims } from '../tokens/login-claims';
import { FormLoginError, type FormLoginErrorCode } from './form-login.error';
import { countLogin } from './login-metrics';

/** Who signed in and the login's claims (a password: `pwd`), and the upstream's tokens for the token vault when it gave any. */
export interface FormLogin {
  readonly user: AuthenticatedIdentity;
  readonly claims: LoginClaims;
  readonly upstreamTokens?: UpstreamIdentity['tokens'];
}

export interface FormLoginAttempt extends PasswordCredentials {
  readonly client: AppClient;
  readonly ip: string;
  /** The request's id, for the upstream's own logs (the custom adaptor's `requestId`). */
  readonly requestId?: string;
  readonly now: Date;
  /** A login begun with a link ticket: the account the upstream identity is bound to. */
  readonly linkAccountId?: string;
}

/**
 * A username and password from the login form or the password grant, checked through the
 * client's auth service: the sign-in rate limit first, then the service's connector. The gateway's
 * own identities (`local`) keep their lockout inside LocalIdentities; an upstream login is held to
 * LoginThrottle here (the attempt counted before the upstream is asked, given back on success, as
 * docs/gateway.md#rate-limits-and-lockout describes), then its identity found or created (UpstreamIdentities).
 * Each attempt is counted in the metrics by the service's type and its outcome.
 */
@Injectable()
export class FormLogins {
  constructor(
    private readonly connectors: ServiceConnectors,
    private readonly rateLimits: RateLimits,
    private readonly throttle: LoginThrottle,
    private readonly upstreamIdentities: UpstreamIdentities,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  /**
   * @throws FormLoginError the login refused, or the upstream unusable now
   * @throws TooManyRequestsError over the sign-in rate limit
   * @throws UnsupportedProviderError the service's type cannot sign users in by form
   */
  login(attempt: FormLoginAttempt): Promise<FormLogin> {
    return countLogin(this.metrics, () => attempt.client.service.type, () => this.attempt(attempt));
  }

  private attempt(attempt: FormLoginAttempt): Promise<FormLogin> {
    const { client, username, password, ip, requestId, now } = attempt;
    const credentials: PasswordCredentials = { username, password };
    const context: LoginContext = { environmentId: client.environmentId, ip, requestId, now };
    return refusing(async () => {
      const connector = await this.open(client);
      const { ownLogin, formLogin } = connector;
      if (ownLogin) {
        await this.rateLimits.signIn(client.environmentId, ip, username);
        const user = await ownLogin.login(credentials, context);
        return { user, claims: formLoginClaims(user) };
      }
      if (!formLogin) throw new UnsupportedProviderError(client.service.type);
      await this.rateLimits.signIn(client.service.id, ip, username);
      return this.upstreamLogin(connector.service, formLogin, credentials, context, attempt.linkAccountId);
    });
  }

  private async open(client: AppClient): Promise<Connector> {
    try {
      return await this.connectors.open(client.service.stored);
    } catch (error) {
      // A type without a factory: its logins are refused before they get here (UNSUPPORTED_PROVIDER), and answered so if one does.
      if (error instanceof ConnectorConfigError) throw new UnsupportedProviderError(client.service.type);
      throw error;
    }
  }

  private async upstreamLogin(
    service: OpenedService,
    formLogin: FormLoginConnector,
    credentials: PasswordCredentials,
    context: LoginContext,
    linkAccountId?: string,
  ): Promise<FormLogin> {
    const keys = { address: addressKey(context.environmentId, context.ip), subject: upstreamSubjectKey(service.id, credentials.username.trim().toLowerCase()) };
    const reserved = await this.throttle.reserve(keys, context.now);
    if ('lockedUntil' in reserved) throw new FormLoginError('IDENTITY_TEMPORARILY_LOCKED', 'too many failed sign-ins; try again later');
    let upstream: UpstreamIdentity;
    try {
      upstream = await formLogin.login(credentials, context);
    } catch (error) {
      await this.settle(reserved, error);
      throw error;
    }
    await this.throttle.release(reserved);
    const allowed = service.config.allowedAttributes;
    const user = await this.upstreamIdentities.signIn(context.environmentId, service.id, upstream, Array.isArray(allowed) ? allowed : [], context.now, linkAccountId);
    const claims = formLoginClaims(user);
    return upstream.tokens && Object.keys(upstream.tokens).length > 0 ? { user, claims, upstreamTokens: upstream.tokens } : { user, claims };
  }

  /**
   * A refused upstream login stays counted. The right password of a disabled account gives back
   * what it reserved, as LocalIdentities does; an upstream that gave no answer on the password
   * (unreachable, or locked by its own policy) gives back the attempt alone, so an outage locks
   * nobody out here.
   */
  private async settle(reserved: Reservation, error: unknown): Promise<void> {
    const code = error instanceof ConnectorError ? error.code : undefined;
    if (code === 'ACCOUNT_DISABLED') await this.throttle.release(reserved);
    else if (code !== 'INVALID_CREDENTIALS' && code !== 'UPSTREAM_REJECTED') await this.throttle.cancel(reserved);
  }
}

/** Runs `work`, turning a connector's or the gateway identities' refusal into a FormLoginError. */
async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof IdentityError && isLoginCode(error.code)) throw new FormLoginError(error.code, error.message);
    if (error instanceof ConnectorError) throw new FormLoginError(error.code, error.message, error.retryAfterSeconds);
    throw error;
  }
}

const LOGIN_CODES: readonly string[] = ['INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'IDENTITY_TEMPORARILY_LOCKED', 'EXISTING_IDENTITY'];
const isLoginCode = (code: string): code is FormLoginErrorCode => LOGIN_CODES.includes(code);
