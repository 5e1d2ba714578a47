import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { ConnectorRegistry } from '@rapidauth/connectors';
import type { LoginPageSetting } from '@rapidauth/tenancy';
import { ClientResolver } from '../clients/client-resolver';
import type { AppClient } from '../clients/resolved-client';
import { type ErrorCode, InvalidRequestError, OAuthError, RedirectableError, TooManyRequestsError, UnsupportedProviderError } from '../errors';
import { FormLoginError } from '../login/form-login.error';
import { refusalPage } from '../login/refusal-page';
import { FormLogins } from '../login/form-logins';
import { RedirectLogins } from '../login/redirect-logins';
import { SecondFactors } from '../login/second-factors';
import { RateLimits } from '../rate-limit/rate-limits';
import { validateAuthorizationRequest, type AuthorizationRequest } from './authorization-request';
import { AuthorizationCodes } from './authorization-codes';
import { BrowserSessions, sessionCookieName, type BrowserSession } from './browser-sessions';
import { bindingCookie, bindingCookieName, bindingMode, clearBinding, type Cookie } from './browser-binding';
import { Consents } from './consents';
import { ReusableSessions } from './session-reuse';
import { LinkTickets } from '../account/link-tickets';
import { LoginTransactions, type LoginTransaction, type RedirectSignIn } from './login-transactions';
import { MfaStep, type MfaPage, type RecoveryCodesPage } from './mfa-step';

export type LoginPageMode = { mode: 'default' } | { mode: 'css'; url: string };

/** What the gateway should answer; the controllers only render it. */
export type AuthorizationAction = { readonly cookies: Cookie[] } & (
  | { kind: 'error-page'; error: OAuthError }
  | { kind: 'redirect'; location: string }
  /** A redirect login by HTTP-POST binding (SAML): a form of `fields` the page posts to `action`. */
  | { kind: 'auto-post'; action: string; fields: Readonly<Record<string, string>> }
  | {
      kind: 'login-page';
      loginTx: string;
      client: AppClient;
      request: AuthorizationRequest;
      page: LoginPageMode;
      /** 200 for the form, else the refusal's: 401 credentials, 400 refused upstream, 429 rate limited, 503 upstream unavailable. */
      status: number;
      error?: ErrorCode;
      retryAfterSeconds?: number;
      username?: string;
    }
  | { kind: 'consent-page'; loginTx: string; client: AppClient; request: AuthorizationRequest }
  | MfaPage
  | RecoveryCodesPage
);

/**
 * The authorization code flow through the hosted login page: session reuse, prompt and max_age
 * (OIDC Core §3.1.2.1), login (default page, page with custom CSS, or a custom hosted page via
 * `login_tx`), consent for clients that are not first-party, and the code response with `iss`
 * (RFC 9207). Every credential POST ends in a 303. Each login transaction is bound to the browser
 * that started it (RFC 9700 §4.7): the login and consent POSTs need its binding cookie. A service
 * whose users sign in at an IdP (RedirectLogins) sends the browser there instead of the login page;
 * the callback records who signed in, and the browser resumes here with its binding cookie.
 */
@Injectable()
export class AuthorizationFlow {
  constructor(
    private readonly resolver: ClientResolver,
    private readonly sessions: BrowserSessions,
    private readonly reusableSessions: ReusableSessions,
    private readonly transactions: LoginTransactions,
    private readonly codes: AuthorizationCodes,
    private readonly consents: Consents,
    private readonly formLogins: FormLogins,
    private readonly redirectLogins: RedirectLogins,
    private readonly rateLimits: RateLimits,
    private readonly connectors: ConnectorRegistry,
    private readonly secondFactors: SecondFactors,
    private readonly mfaStep: MfaStep,
    private readonly linkTickets: LinkTickets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async authorize(raw: Record<string, unknown>, cookies: Record<string, string>, ip: string, now = new Date()): Promise<AuthorizationAction> {
    let validated: Awaited<ReturnType<typeof validateAuthorizationRequest>>;
    try {
      await this.rateLimits.authorizationRequest(ip);
      validated = await validateAuthorizationRequest(this.resolver, raw);
    } catch (error) {
      return this.failure(error);
    }
    const { client } = validated;
    let { request } = validated;
    if (!this.connectors.isLoginAvailable(client.service.type)) return this.failure(new UnsupportedProviderError(client.service.type));
    if (typeof raw.link_ticket === 'string' && raw.link_ticket !== '') {
      const linking = await this.linkingRequest(client, request, raw.link_ticket, now);
      if ('kind' in linking) return linking;
      request = linking;
    }
    const session = await this.reusableSessions.find(client, request, cookies, now);
    if (session) {
      if (!(await this.needsConsent(client, request, session))) return this.complete(client, request, session, undefined, now, []);
      if (request.prompt.includes('none')) return this.redirectError(request, 'consent_required', 'consent is required');
      const { loginTx, cookies: binding, transaction } = await this.begin(client, request, now);
      await this.transactions.attachSession(transaction.id, session.id);
      return { kind: 'consent-page', loginTx, client, request, cookies: binding };
    }
    if (request.prompt.includes('none')) return this.redirectError(request, 'login_required', 'the user is not signed in');

    let redirect: Awaited<ReturnType<RedirectLogins['begin']>>;
    try {
      redirect = await this.redirectLogins.begin(client, request, ip, now);
    } catch (error) {
      return this.failure(error);
    }
    if (redirect) {
      const { created, step } = redirect;
      // The resume is a top-level GET at the end of the IdP's redirects, so a Lax cookie comes back with it (RFC 6265bis §5.4.7.1).
      const cookies = [bindingCookie(created.transaction.id, created.browserBinding, 'same-site')];
      return step.kind === 'redirect'
        ? { kind: 'redirect', location: step.location, cookies }
        : { kind: 'auto-post', action: step.action, fields: step.fields, cookies };
    }

    const page = loginPage(client);
    if (page.mode === 'hosted') {
      const { loginTx, cookies: binding } = await this.begin(client, request, now);
      const location = new URL(page.url);
      location.searchParams.set('login_tx', loginTx);
      location.searchParams.set('client_id', client.clientId);
      location.searchParams.set('service', client.service.id);
      return { kind: 'redirect', location: location.toString(), cookies: binding };
    }
    const { loginTx, cookies: binding } = await this.begin(client, request, now);
    return { kind: 'login-page', loginTx, client, request, page, status: 200, cookies: binding };
  }

  /** POST /v3/oauth/login from our page or a custom hosted page. */
  async login(
    form: Record<string, unknown>,
    cookies: Record<string, string>,
    from: { readonly ip: string; readonly requestId?: string },
    now = new Date(),
  ): Promise<AuthorizationAction> {
    let transaction: LoginTransaction;
    let client: AppClient;
    try {
      transaction = await this.transactions.open(text(form.login_tx), (id) => cookies[bindingCookieName(id)], now);
      client = await this.resolver.resolveApp(transaction.request.clientId);
    } catch (error) {
      return this.failure(error);
    }
    const loginTx = text(form.login_tx)!;
    const username = text(form.username) ?? '';
    const page = loginPage(client);
    try {
      const password = text(form.password);
      if (!username || !password) throw new FormLoginError('INVALID_CREDENTIALS', 'enter your username and password');
      const { user, claims, upstreamTokens } = await this.formLogins.login({ client, username, password, ...from, now, linkAccountId: transaction.request.linkAccountId });
      const who = { accountId: user.accountId, identityId: user.identityId, authServiceId: client.service.id, authTime: now, claims, upstreamTokens };
      return await this.signedIn(client, transaction, loginTx, who, now);
    } catch (error) {
      if (!(error instanceof FormLoginError || error instanceof TooManyRequestsError)) throw error;
      if (page.mode === 'hosted') {
        const location = new URL(page.url);
        location.searchParams.set('login_tx', loginTx);
        location.searchParams.set('error', error.code);
        return { kind: 'redirect', location: location.toString(), cookies: [] };
      }
      return { kind: 'login-page', loginTx, client, request: transaction.request, page, ...refusalPage(error), username, cookies: [] };
    }
  }

  /**
   * POST /v3/oauth/login/mfa `{login_tx, mfa_token, otp}`: the second factor of a sign-in in the
   * browser that started it (its binding cookie), by the MfaStep: a right code finishes the sign-in
   * as the first factor would have, `mfa otp` added to its methods (after the recovery codes of an
   * authenticator it enrolled); a wrong one shows the form again; the fifth wrong one, or a spent
   * challenge, ends the transaction.
   */
  async secondFactor(form: Record<string, unknown>, cookies: Record<string, string>, ip: string, now = new Date()): Promise<AuthorizationAction> {
    let transaction: LoginTransaction;
    let client: AppClient;
    try {
      transaction = await this.transactions.open(text(form.login_tx), (id) => cookies[bindingCookieName(id)], now);
      if (!transaction.signedIn) throw new InvalidRequestError('the sign-in has expired or is invalid; start again from the app', { code: 'INVALID_STATE' });
      client = await this.resolver.resolveApp(transaction.request.clientId);
    } catch (error) {
      return this.failure(error);
    }
    const loginTx = text(form.login_tx)!;
    const answer = await this.mfaStep.answer(client, { ...transaction, signedIn: transaction.signedIn }, { loginTx, mfaToken: text(form.mfa_token) ?? '', otp: text(form.otp) ?? '' }, ip, now);
    if ('page' in answer) return { ...answer.page, cookies: [] };
    if ('done' in answer) return this.signedIn(client, transaction, loginTx, answer.done, now, true);
    await this.transactions.consume(transaction.id, now);
    return { kind: 'error-page', error: answer.ended, cookies: [clearBinding(transaction.id, bindingMode(client))] };
  }

  /**
   * GET /oauth2/:serviceId/callback (and the SAML ACS): the IdP's answer. Verified, it sends the
   * browser to resume; refused by the IdP (a valid state), the client gets `access_denied`.
   */
  async redirectCallback(serviceId: string, params: Record<string, unknown>, ip: string, now = new Date()): Promise<AuthorizationAction> {
    try {
      const outcome = await this.redirectLogins.callback(serviceId, textParameters(params), ip, now);
      if (outcome.kind === 'denied') {
        return this.redirectError(outcome.request, 'access_denied', outcome.description, [clearBinding(outcome.transactionId, 'same-site')], outcome.code);
      }
      const location = new URL('/v3/oauth/resume', this.config.publicUrl);
      location.searchParams.set('login_tx', outcome.loginTx);
      return { kind: 'redirect', location: location.toString(), cookies: [] };
    } catch (error) {
      return this.failure(error);
    }
  }

  /** GET /v3/oauth/resume: a verified redirect login, back in the browser that started it; or the hosted page's sign-in after its recovery codes. */
  async resume(query: Record<string, unknown>, cookies: Record<string, string>, now = new Date()): Promise<AuthorizationAction> {
    let transaction: LoginTransaction;
    let client: AppClient;
    try {
      transaction = await this.transactions.open(text(query.login_tx), (id) => cookies[bindingCookieName(id)], now);
      if (!transaction.signedIn) throw new InvalidRequestError('the sign-in has expired or is invalid; start again from the app', { code: 'INVALID_STATE' });
      client = await this.resolver.resolveApp(transaction.request.clientId);
    } catch (error) {
      return this.failure(error);
    }
    return this.signedIn(client, transaction, text(query.login_tx)!, transaction.signedIn, now, transaction.signedIn.secondFactorDone === true);
  }

  /** POST /v3/oauth/consent. */
  async consent(form: Record<string, unknown>, cookies: Record<string, string>, now = new Date()): Promise<AuthorizationAction> {
    try {
      const transaction = await this.transactions.open(text(form.login_tx), (id) => cookies[bindingCookieName(id)], now);
      const client = await this.resolver.resolveApp(transaction.request.clientId);
      const session = transaction.sessionId ? await this.sessions.findById(transaction.sessionId) : undefined;
      if (!session) throw new InvalidRequestError('the sign-in has expired; start again from the app', { code: 'INVALID_STATE' });
      if (form.decision !== 'allow') {
        await this.transactions.consume(transaction.id, now);
        return this.redirectError(transaction.request, 'access_denied', 'the user declined', [clearBinding(transaction.id, bindingMode(client))]);
      }
      await this.consents.grant(session.accountId, client.clientId, transaction.request.scope);
      return this.complete(client, transaction.request, session, transaction, now, []);
    } catch (error) {
      return this.failure(error);
    }
  }

  /**
   * The end of a sign-in (form or redirect): the browser session, then consent if needed, else the
   * code, the transaction consumed, the session stored and the upstream's tokens kept in one go.
   */
  private async signedIn(client: AppClient, transaction: LoginTransaction, loginTx: string, who: RedirectSignIn, now: Date, secondFactorDone = false): Promise<AuthorizationAction> {
    if (!secondFactorDone) {
      const need = await this.secondFactors.need(who.accountId, await this.secondFactors.requiredIn(client.environmentId));
      if (need !== 'none') return { ...(await this.mfaStep.ask(client, transaction, loginTx, who, need, now)), cookies: [] };
    }
    const started = this.sessions.prepare(
      {
        environmentId: client.environmentId,
        accountId: who.accountId,
        identityId: who.identityId,
        authServiceId: who.authServiceId,
        authTime: who.authTime,
        claims: who.claims,
      },
      now,
    );
    const session = started.session;
    const sessionCookie: Cookie = {
      name: sessionCookieName(client.environmentId),
      value: started.cookie,
      maxAge: Math.floor((started.expiresAt.getTime() - now.getTime()) / 1000),
      path: '/',
      sameSite: 'lax',
    };
    if (await this.needsConsent(client, transaction.request, session)) {
      await this.sessions.save(started);
      await this.transactions.attachSession(transaction.id, session.id, who.upstreamTokens);
      return { kind: 'consent-page', loginTx, client, request: transaction.request, cookies: [sessionCookie] };
    }
    const code = await this.codes.issueAtSignIn(
      {
        transactionId: transaction.id,
        request: transaction.request,
        session: started,
        environmentId: client.environmentId,
        serviceId: client.service.id,
        ttlSeconds: client.service.settings.grantTtl,
        upstreamTokens: who.upstreamTokens,
      },
      now,
    );
    if (code === undefined) return this.failure(new InvalidRequestError('this sign-in was already completed', { code: 'INVALID_STATE' }));
    return { kind: 'redirect', location: this.redirectTo(transaction.request, { code }), cookies: [sessionCookie, clearBinding(transaction.id, bindingMode(client))] };
  }

  private async begin(client: AppClient, request: AuthorizationRequest, now: Date) {
    const created = await this.transactions.create(client.environmentId, request, now);
    const binding = bindingCookie(created.transaction.id, created.browserBinding, bindingMode(client));
    return { loginTx: created.loginTx, transaction: created.transaction, cookies: [binding] };
  }

  /**
   * A request with a link ticket: the ticket spent for its account, which the login will bind its
   * upstream identity to. Only a service that signs in upstream has an identity to bind, and the
   * user must sign in there (no session reuse, no prompt=none).
   */
  private async linkingRequest(client: AppClient, request: AuthorizationRequest, ticket: string, now: Date): Promise<AuthorizationRequest | AuthorizationAction> {
    if (!this.connectors.signsInUpstream(client.service.type)) return this.redirectError(request, 'invalid_request', 'link_ticket needs a service that signs in upstream');
    if (request.prompt.includes('none')) return this.redirectError(request, 'login_required', 'a link needs the user to sign in');
    const linkAccountId = await this.linkTickets.redeem(ticket, client.environmentId, now);
    if (!linkAccountId) return this.redirectError(request, 'invalid_request', 'link_ticket is invalid, expired or already used');
    return { ...request, linkAccountId };
  }

  private async needsConsent(client: AppClient, request: AuthorizationRequest, session: BrowserSession): Promise<boolean> {
    if (client.firstParty) return false;
    return request.prompt.includes('consent') || !(await this.consents.covers(session.accountId, client.clientId, request.scope));
  }

  private async complete(
    client: AppClient,
    request: AuthorizationRequest,
    session: BrowserSession,
    transaction: LoginTransaction | undefined,
    now: Date,
    cookies: Cookie[],
  ): Promise<AuthorizationAction> {
    if (transaction) {
      if (!(await this.transactions.consume(transaction.id, now))) {
        return this.failure(new InvalidRequestError('this sign-in was already completed', { code: 'INVALID_STATE' }));
      }
      cookies = [...cookies, clearBinding(transaction.id, bindingMode(client))];
    }
    const code = await this.codes.issue(
      {
        request,
        session,
        environmentId: client.environmentId,
        serviceId: client.service.id,
        ttlSeconds: client.service.settings.grantTtl,
        upstreamTokens: transaction?.upstreamTokens,
      },
      now,
    );
    return { kind: 'redirect', location: this.redirectTo(request, { code }), cookies };
  }

  /** `errorCode`: the catalogue code, as `error_code`, when the RFC 6749 `error` alone does not tell the app what to do. */
  private redirectError(request: AuthorizationRequest, error: string, description: string, cookies: Cookie[] = [], errorCode?: ErrorCode): AuthorizationAction {
    const response = { error, error_description: description, ...(errorCode && { error_code: errorCode }) };
    return { kind: 'redirect', location: this.redirectTo(request, response), cookies };
  }

  /** The client's redirect URI with the response, `state` untouched and `iss` (RFC 9207). */
  private redirectTo(request: { redirectUri: string; state?: string }, response: Record<string, string>): string {
    const url = new URL(request.redirectUri);
    for (const [name, value] of Object.entries(response)) url.searchParams.set(name, value);
    if (request.state !== undefined) url.searchParams.set('state', request.state);
    url.searchParams.set('iss', this.config.publicUrl);
    return url.toString();
  }

  private failure(error: unknown): AuthorizationAction {
    if (error instanceof RedirectableError) {
      return { kind: 'redirect', location: this.redirectTo(error.redirect, { error: error.error, error_description: error.description }), cookies: [] };
    }
    if (error instanceof OAuthError) return { kind: 'error-page', error, cookies: [] };
    throw error;
  }
}

function loginPage(client: AppClient): LoginPageSetting {
  return client.service.settings.loginPage;
}

/** The callback's parameters as strings; a repeated or non-text parameter is dropped (the connector then finds it missing). */
function textParameters(params: Record<string, unknown>): Record<string, string> {
  const texts: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(params)) if (typeof value === 'string' && value.length <= 256 * 1024) texts[name] = value;
  return texts;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 4096 ? value : undefined;
}
