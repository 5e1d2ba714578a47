import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { METRICS, type Metrics } from '@rapidauth/observability';
import {
  ConnectorConfigError,
  ConnectorError,
  ServiceConnectors,
  type Connector,
  type LoginContext,
  type RedirectLoginConnector,
  type RedirectLoginRequest,
  type RedirectStep,
  type UpstreamIdentity,
} from '@rapidauth/connectors';
import { IdentityError, UpstreamIdentities } from '@rapidauth/identity';
import type { AuthorizationRequest } from '../authorization/authorization-request';
import { LoginTransactions } from '../authorization/login-transactions';
import { ClientResolver } from '../clients/client-resolver';
import type { AppClient } from '../clients/resolved-client';
import { AccessDeniedError, InvalidRequestError, ServiceUnavailableError, UnsupportedProviderError, type ErrorCode } from '../errors';
import { upstreamLoginClaims } from '../tokens/login-claims';
import { randomToken } from '../tokens/opaque-tokens';
import { countLogin, UNKNOWN_CONNECTOR_TYPE } from './login-metrics';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where an upstream sends the browser back: the OAuth2/OIDC redirect URI registered at the IdP. */
export function oauthCallbackUrl(publicUrl: string, serviceId: string): string {
  return `${publicUrl}/oauth2/${serviceId}/callback`;
}

/** A redirect login begun: its transaction, and where the browser goes. */
export interface StartedRedirect {
  readonly created: Awaited<ReturnType<LoginTransactions['create']>>;
  readonly step: RedirectStep;
}

/** How a callback ended that did not refuse with a page. */
export type RedirectOutcome =
  | { readonly kind: 'signed-in'; readonly loginTx: string }
  | {
      readonly kind: 'denied';
      readonly transactionId: string;
      readonly request: AuthorizationRequest;
      readonly description: string;
      /** EXISTING_IDENTITY: a login begun with a link ticket proved an identity of another account. */
      readonly code?: ErrorCode;
    };

/**
 * Logins where the browser goes to the IdP and back (OIDC, OAuth2 code, SAML), the redirect side of
 * FormLogins (docs/gateway.md#redirect-logins). `begin` asks the connector for the step and keeps
 * what it needs sealed on the login transaction, found again by the hash of the random `state`
 * (RFC 6749 §10.12, RFC 9700 §4.7). `callback`, for the OAuth2 callback and the SAML ACS alike,
 * takes the transaction by state (once), has the connector verify the answer, signs the identity
 * in and records it on the transaction; the browser that started it then resumes at
 * `/v3/oauth/resume` with its binding cookie, which the callback never sees.
 */
@Injectable()
export class RedirectLogins {
  constructor(
    private readonly connectors: ServiceConnectors,
    private readonly transactions: LoginTransactions,
    private readonly resolver: ClientResolver,
    private readonly upstreamIdentities: UpstreamIdentities,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  /**
   * Undefined when the client's service signs in by form (no redirect login, or oauth2 `password`).
   * @throws UnsupportedProviderError, ServiceUnavailableError UPSTREAM_UNAVAILABLE
   */
  async begin(client: AppClient, request: AuthorizationRequest, ip: string, now: Date): Promise<StartedRedirect | undefined> {
    const redirect = (await this.redirectLoginOf(client))?.redirect;
    if (!redirect) return undefined;
    const serviceId = client.service.id;
    const state = randomToken();
    const { step, kept } = await upstream(() =>
      redirect.begin({ state, callbackUrl: oauthCallbackUrl(this.config.publicUrl, serviceId) }, this.context(client, ip, now)),
    );
    const created = await this.transactions.create(client.environmentId, request, now, { serviceId, state, kept });
    return { created, step };
  }

  /**
   * The upstream's answer at our callback (query or form parameters).
   * @throws InvalidRequestError INVALID_STATE (unknown, spent or another service's state) or UPSTREAM_REJECTED;
   * ServiceUnavailableError UPSTREAM_UNAVAILABLE; AccessDeniedError ACCOUNT_DISABLED.
   * Counted in the metrics: the service's type once the callback has found its client, else `unknown`.
   */
  callback(serviceId: string, params: Readonly<Record<string, string>>, ip: string, now: Date): Promise<RedirectOutcome> {
    const found = { connectorType: UNKNOWN_CONNECTOR_TYPE };
    return countLogin(
      this.metrics,
      () => found.connectorType,
      () => this.finish(serviceId, params, ip, now, found),
      (outcome) => (outcome.kind === 'signed-in' ? 'success' : 'ACCESS_DENIED'),
    );
  }

  private async finish(serviceId: string, params: Readonly<Record<string, string>>, ip: string, now: Date, found: { connectorType: string }): Promise<RedirectOutcome> {
    const state = params.state ?? params.RelayState;
    const pending = UUID.test(serviceId) ? await this.transactions.takeRedirect(serviceId, state, now) : undefined;
    if (!pending) throw invalidState();
    const client = await this.resolver.resolveApp(pending.request.clientId);
    // The client may have been moved to another service since the login began.
    if (client.service.id !== serviceId) throw invalidState();
    found.connectorType = client.service.type;
    const opened = await this.redirectLoginOf(client);
    if (!opened) throw invalidState();
    const { connector, redirect } = opened;
    const request: RedirectLoginRequest = { state: state!, callbackUrl: oauthCallbackUrl(this.config.publicUrl, serviceId) };
    let identity: UpstreamIdentity;
    try {
      identity = await upstream(() => redirect.finish(params, pending.kept, request, this.context(client, ip, now)));
    } catch (error) {
      if (!(error instanceof ConnectorError && error.code === 'ACCESS_DENIED')) throw error;
      await this.transactions.consume(pending.id, now);
      return { kind: 'denied', transactionId: pending.id, request: pending.request, description: error.message };
    }
    const allowed = connector.service.config.allowedAttributes;
    let user: Awaited<ReturnType<UpstreamIdentities['signIn']>>;
    try {
      user = await this.upstreamIdentities.signIn(client.environmentId, serviceId, identity, Array.isArray(allowed) ? allowed : [], now, pending.request.linkAccountId);
    } catch (error) {
      if (error instanceof IdentityError && error.code === 'ACCOUNT_DISABLED') throw new AccessDeniedError(error.message, { code: 'ACCOUNT_DISABLED' });
      if (error instanceof IdentityError && error.code === 'EXISTING_IDENTITY') {
        await this.transactions.consume(pending.id, now);
        return { kind: 'denied', transactionId: pending.id, request: pending.request, description: error.message, code: 'EXISTING_IDENTITY' };
      }
      throw error;
    }
    await this.transactions.recordSignIn(pending.id, {
      accountId: user.accountId,
      identityId: user.identityId,
      authServiceId: serviceId,
      authTime: now,
      claims: upstreamLoginClaims(user),
      upstreamTokens: identity.tokens,
    });
    return { kind: 'signed-in', loginTx: this.transactions.loginTxFor(pending.id, pending.request.clientId, now) };
  }

  private async redirectLoginOf(client: AppClient): Promise<{ connector: Connector; redirect: RedirectLoginConnector } | undefined> {
    try {
      const connector = await this.connectors.open(client.service.stored);
      const redirect = connector.formLogin || connector.ownLogin ? undefined : connector.redirectLogin;
      return redirect ? { connector, redirect } : undefined;
    } catch (error) {
      if (error instanceof ConnectorConfigError) throw new UnsupportedProviderError(client.service.type);
      if (error instanceof ConnectorError) throw unavailable(error);
      throw error;
    }
  }

  private context(client: AppClient, ip: string, now: Date): LoginContext {
    return { environmentId: client.environmentId, ip, now };
  }
}

function invalidState(): InvalidRequestError {
  return new InvalidRequestError('the sign-in has expired or is invalid; start again from the app', { code: 'INVALID_STATE' });
}

function unavailable(error: ConnectorError): ServiceUnavailableError {
  return new ServiceUnavailableError({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: error.retryAfterSeconds, detail: error.detail });
}

/**
 * A connector's refusal as the browser gets it: an upstream that cannot be asked is a 503 page,
 * an answer we refuse a 400 page (never a redirect to the client); ACCESS_DENIED is the caller's.
 */
async function upstream<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ConnectorError) || error.code === 'ACCESS_DENIED') throw error;
    if (error.code === 'UPSTREAM_UNAVAILABLE') throw unavailable(error);
    throw new InvalidRequestError(error.message, { code: 'UPSTREAM_REJECTED', detail: error.detail });
  }
}
