import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { LabelledCounter, LabelledHistogram } from './labelled-series';
import { JOB_STATES, type CleanupRunReport, type DeliveryChannel, type IssuedTokenType, type JobCounts, type Metrics, type RateLimitName, type RevokedKind } from './metrics';

/** Request durations from a hot-path token (well under a millisecond of our own time) to a slow upstream. */
const REQUEST_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A cleanup run: nothing to delete (milliseconds) to a backlog of millions of rows (minutes). */
const CLEANUP_SECONDS = [0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900];
/**
 * prom-client's gauges named like counters (`promtool check metrics` refuses a `_total` gauge);
 * each is the sum of its unsuffixed sibling by type, which stays.
 */
const MISNAMED_DEFAULT_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/**
 * The process's metrics in one prom-client Registry of its own (never prom-client's global one:
 * a test process starts several instances, and one registry may hold a name only once), which
 * both apps of `npm start` share. What is counted per request goes through labelled-series.ts, so
 * counting on the hot path is a map lookup and an addition.
 */
export class PrometheusMetrics implements Metrics {
  readonly enabled = true;
  readonly registry = new Registry();
  private readonly jobSources = new Map<string, () => Promise<JobCounts | null>>();
  private readonly revocationSources = new Set<() => number>();

  private readonly tokenRequests = this.counter('rapidauth_token_requests_total', 'Token endpoint requests by grant type and outcome (success or the RFC 6749 error).', ['grant_type', 'outcome']);
  private readonly tokensIssuedTotal = this.counter('rapidauth_tokens_issued_total', 'Tokens issued, by type.', ['token_type']);
  private readonly introspections = this.counter('rapidauth_introspections_total', 'Token introspections (RFC 7662), by answer.', ['active']);
  private readonly revocations = this.counter('rapidauth_revocations_total', 'Revocations announced, by what they name.', ['kind']);
  private readonly logins = this.counter('rapidauth_logins_total', 'Sign-ins by connector type and outcome (success or the catalogue code).', ['connector_type', 'outcome']);
  private readonly rateLimitedTotal = this.counter('rapidauth_rate_limited_total', 'Requests refused by a rate limit.', ['limit']);
  private readonly upstreamDuration = this.histogram('rapidauth_upstream_request_duration_seconds', 'Requests to upstream identity providers.', ['connector_type', 'operation', 'outcome'], REQUEST_SECONDS);
  private readonly httpDuration = this.histogram('rapidauth_http_request_duration_seconds', 'HTTP requests by app, method, route template and status.', ['app', 'method', 'route', 'status_code'], REQUEST_SECONDS);
  private readonly cleanupDeleted = this.counter('rapidauth_cleanup_deleted_rows_total', 'Rows the expiry cleanup deleted, by table.', ['table']);
  private readonly cleanupRuns = this.counter('rapidauth_cleanup_runs_total', 'Finished expiry cleanup runs of this process, by outcome.', ['outcome']);
  private readonly cleanupDuration = new Histogram({ name: 'rapidauth_cleanup_duration_seconds', help: 'Expiry cleanup run durations.', buckets: CLEANUP_SECONDS, registers: [this.registry] });
  private readonly cleanupLastSuccess = new Gauge({ name: 'rapidauth_cleanup_last_success_timestamp_seconds', help: 'When the last successful cleanup run of this process finished (Unix time).', registers: [this.registry] });
  private readonly deliveryFailures = this.counter('rapidauth_delivery_failures_total', 'Codes mailed or texted after their answer that the transport refused (each code voided), by channel and purpose.', ['channel', 'purpose']);

  constructor(version: string) {
    collectDefaultMetrics({ register: this.registry });
    for (const name of MISNAMED_DEFAULT_METRICS) this.registry.removeSingleMetric(name);
    new Gauge({ name: 'rapidauth_build_info', help: 'The running version (always 1).', labelNames: ['version'], registers: [this.registry] }).set({ version }, 1);
    const sources = { jobs: this.jobSources, revocations: this.revocationSources };
    new Gauge({
      name: 'rapidauth_jobs',
      help: 'Maintenance jobs in the BullMQ queue, by state (with REDIS_URL only).',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [queue, read] of sources.jobs) {
          const counts = await read();
          if (counts) for (const state of JOB_STATES) this.set({ queue, state }, counts[state]);
        }
      },
    });
    new Gauge({
      name: 'rapidauth_revocation_entries',
      help: 'Active revocation entries held in memory (the largest copy among the apps of this process).',
      registers: [this.registry],
      collect() {
        this.set(Math.max(0, ...[...sources.revocations].map((read) => read())));
      },
    });
    for (const outcome of ['success', 'failure']) this.cleanupRuns.inc([outcome], 0);
  }

  /** The exposition, in the text format 0.0.4 (`contentType`). */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  tokenRequest(grantType: string, outcome: string): void {
    this.tokenRequests.inc([grantType, outcome]);
  }

  tokensIssued(tokenType: IssuedTokenType): void {
    this.tokensIssuedTotal.inc([tokenType]);
  }

  introspection(active: boolean): void {
    this.introspections.inc([active ? 'true' : 'false']);
  }

  revocation(kind: RevokedKind): void {
    this.revocations.inc([kind]);
  }

  login(connectorType: string, outcome: string): void {
    this.logins.inc([connectorType, outcome]);
  }

  rateLimited(limit: RateLimitName): void {
    this.rateLimitedTotal.inc([limit]);
  }

  upstreamRequest(connectorType: string, operation: string, outcome: string, seconds: number): void {
    this.upstreamDuration.observe([connectorType, operation, outcome], seconds);
  }

  httpRequest(app: string, method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe([app, method, route, String(statusCode)], seconds);
  }

  cleanupRun(run: CleanupRunReport): void {
    for (const [table, count] of Object.entries(run.deleted)) this.cleanupDeleted.inc([table], count);
    if (run.outcome === 'interrupted') return;
    this.cleanupRuns.inc([run.outcome]);
    this.cleanupDuration.observe((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000);
    if (run.outcome === 'success') this.cleanupLastSuccess.set(run.finishedAt.getTime() / 1000);
  }

  deliveryFailure(channel: DeliveryChannel, purpose: string): void {
    this.deliveryFailures.inc([channel, purpose]);
  }

  watchJobs(queue: string, read: () => Promise<JobCounts | null>): void {
    this.jobSources.set(queue, read);
  }

  watchRevocationEntries(read: () => number): () => void {
    this.revocationSources.add(read);
    return () => this.revocationSources.delete(read);
  }

  private counter(name: string, help: string, labelNames: readonly string[]): LabelledCounter {
    return new LabelledCounter(name, help, labelNames, this.registry);
  }

  private histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): LabelledHistogram {
    return new LabelledHistogram(name, help, labelNames, buckets, this.registry);
  }
}
