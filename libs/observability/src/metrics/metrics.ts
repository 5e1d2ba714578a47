/** Which token a response carried (docs/operations.md, "Metrics"). */
export type IssuedTokenType = 'access' | 'refresh' | 'id' | 'management';
/** What a revocation names: one token, a refresh family, or a grant's logins. */
export type RevokedKind = 'jti' | 'family' | 'grant';
/** The rate limit that refused a request. */
export type RateLimitName = 'token' | 'login' | 'authorize' | 'device_registration';
/** How a cleanup run ended; an interrupted one (shutdown between batches) is neither success nor failure. */
export type CleanupRunOutcome = 'success' | 'failure' | 'interrupted';
/** How a message went out (docs/operations.md, "Metrics"). */
export type DeliveryChannel = 'email' | 'sms';

/** The BullMQ job states the `rapidauth_jobs` gauge reports. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type JobCounts = Readonly<Record<(typeof JOB_STATES)[number], number>>;

/** A finished cleanup run, as the metrics need it. */
export interface CleanupRunReport {
  readonly outcome: CleanupRunOutcome;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly deleted: Readonly<Record<string, number>>;
}

/**
 * What the process counts, one method per event. Every label value is one of a fixed set (a grant
 * type, an OAuth error, a catalogue code, a connector type, a route template): never a client,
 * organization, user, address or raw path, so the exposition can go to anyone who may scrape it.
 */
export interface Metrics {
  /** False with METRICS_ENABLED=false: every method does nothing and there is no /metrics. */
  readonly enabled: boolean;
  /** `outcome`: `success` or the RFC 6749 §5.2 `error` answered. */
  tokenRequest(grantType: string, outcome: string): void;
  tokensIssued(tokenType: IssuedTokenType): void;
  introspection(active: boolean): void;
  revocation(kind: RevokedKind): void;
  /** `outcome`: `success` or the catalogue code of the refusal. */
  login(connectorType: string, outcome: string): void;
  rateLimited(limit: RateLimitName): void;
  upstreamRequest(connectorType: string, operation: string, outcome: string, seconds: number): void;
  /** `route`: the route's template (`/v1/organizations/:id`) or `unmatched`. */
  httpRequest(app: string, method: string, route: string, statusCode: number, seconds: number): void;
  cleanupRun(run: CleanupRunReport): void;
  /** A message sent after its answer that the transport refused; `purpose`: the code's purpose. */
  deliveryFailure(channel: DeliveryChannel, purpose: string): void;
  /** The BullMQ queue's job counts, read at each scrape (null: Redis did not answer). */
  watchJobs(queue: string, read: () => Promise<JobCounts | null>): void;
  /** One app's in-memory revocation entries, read at each scrape; the returned function stops it (the app closed). */
  watchRevocationEntries(read: () => number): () => void;
}

/** METRICS_ENABLED=false: nothing counted, nothing kept. */
export const DISABLED_METRICS: Metrics = Object.freeze({
  enabled: false,
  tokenRequest: () => undefined,
  tokensIssued: () => undefined,
  introspection: () => undefined,
  revocation: () => undefined,
  login: () => undefined,
  rateLimited: () => undefined,
  upstreamRequest: () => undefined,
  httpRequest: () => undefined,
  cleanupRun: () => undefined,
  deliveryFailure: () => undefined,
  watchJobs: () => undefined,
  watchRevocationEntries: () => () => undefined,
});
