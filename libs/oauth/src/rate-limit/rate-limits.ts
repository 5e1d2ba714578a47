import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { addressBucket } from '@rapidauth/identity';
import { METRICS, type Metrics, type RateLimitName } from '@rapidauth/observability';
import { TooManyRequestsError } from '../errors';
import { RATE_LIMITER, type RateLimiter, type RateLimitRule } from './rate-limiter';

/**
 * The gateway's rate limits (docs/security.md#rate-limits: token endpoint 50 req/s per client, sign-in
 * 10/min per address and username, authorization requests 60/min per address,
 * device registration steps 10/min per address; TOKEN_RATE_LIMIT / LOGIN_RATE_LIMIT / AUTHORIZE_RATE_LIMIT /
 * DEVICE_REGISTRATION_RATE_LIMIT change them). Over the limit is a
 * 429 with Retry-After, counted in `rapidauth_rate_limited_total` by limit.
 */
@Injectable()
export class RateLimits {
  private readonly token?: RateLimitRule;
  private readonly login?: RateLimitRule;
  private readonly authorize?: RateLimitRule;
  private readonly deviceRegistration?: RateLimitRule;

  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {
    const { tokenPerSecond, loginPerMinute, authorizePerMinute, deviceRegistrationPerMinute } = config.rateLimits;
    this.token = tokenPerSecond > 0 ? { limit: tokenPerSecond, windowMs: 1000 } : undefined;
    this.login = loginPerMinute > 0 ? { limit: loginPerMinute, windowMs: 60_000 } : undefined;
    this.authorize = authorizePerMinute > 0 ? { limit: authorizePerMinute, windowMs: 60_000 } : undefined;
    this.deviceRegistration = deviceRegistrationPerMinute > 0 ? { limit: deviceRegistrationPerMinute, windowMs: 60_000 } : undefined;
  }

  /**
   * Per client. Requests that did not prove the client's secret (public clients, open driver, the
   * Usergrid user level) count apart, so they cannot spend the budget of those that did.
   */
  async tokenRequest(clientId: string, authenticated: boolean): Promise<void> {
    await this.enforce('token', authenticated ? `token:${clientId}` : `token:${clientId}:unauthenticated`, this.token);
  }

  /** `scope`: the environment of its own identities, an upstream auth service, or `management`. */
  async signIn(scope: string, ip: string, username: string): Promise<void> {
    await this.enforce('login', `login:${scope}:${addressBucket(ip)}:${username.trim().toLowerCase()}`, this.login);
  }

  /** Per address: each authorization request may store a login transaction before anyone signs in. */
  async authorizationRequest(ip: string): Promise<void> {
    await this.enforce('authorize', `authorize:${addressBucket(ip)}`, this.authorize);
  }

  /** Per address and step (`challenge` or `register`): each challenge stores a row, each answer costs 21+ HMACs. */
  async deviceRegistrationStep(step: 'challenge' | 'register', ip: string): Promise<void> {
    await this.enforce('device_registration', `device:${step}:${addressBucket(ip)}`, this.deviceRegistration);
  }

  private async enforce(limit: RateLimitName, key: string, rule: RateLimitRule | undefined): Promise<void> {
    if (!rule) return;
    const decision = await this.limiter.hit(key, rule);
    if (decision.allowed) return;
    this.metrics.rateLimited(limit);
    throw new TooManyRequestsError(decision.retryAfterSeconds);
  }
}
