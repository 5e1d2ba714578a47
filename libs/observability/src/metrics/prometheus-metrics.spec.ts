import { buildVersion } from './build-version';
import { DISABLED_METRICS } from './metrics';
import { PrometheusMetrics } from './prometheus-metrics';

/** The value of one sample line, e.g. `rapidauth_cleanup_runs_total{outcome="success"}`; undefined when absent. */
async function sample(metrics: PrometheusMetrics, series: string): Promise<number | undefined> {
  const line = (await metrics.exposition()).split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('PrometheusMetrics', () => {
  it('keeps a registry of its own: two instances in one process count apart', async () => {
    const [first, second] = [new PrometheusMetrics('1.2.3'), new PrometheusMetrics('1.2.3')];
    first.tokenRequest('client_credentials', 'success');
    first.tokenRequest('client_credentials', 'success');
    second.tokenRequest('client_credentials', 'invalid_client');
    expect(await sample(first, 'rapidauth_token_requests_total{grant_type="client_credentials",outcome="success"}')).toBe(2);
    expect(await sample(second, 'rapidauth_token_requests_total{grant_type="client_credentials",outcome="success"}')).toBeUndefined();
    expect(await sample(second, 'rapidauth_token_requests_total{grant_type="client_credentials",outcome="invalid_client"}')).toBe(1);
  });

  it('reports the build and the default process metrics, without the misnamed _total gauges', async () => {
    const metrics = new PrometheusMetrics('9.8.7');
    const exposition = await metrics.exposition();
    expect(await sample(metrics, 'rapidauth_build_info{version="9.8.7"}')).toBe(1);
    expect(exposition).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(exposition).toContain('# TYPE nodejs_heap_size_used_bytes gauge');
    expect(exposition).not.toContain('nodejs_active_handles_total');
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('counts a cleanup run: rows per table, the outcome, its duration and the last success; an interrupted run only its rows', async () => {
    const metrics = new PrometheusMetrics('1');
    expect(await sample(metrics, 'rapidauth_cleanup_runs_total{outcome="failure"}')).toBe(0);
    const finishedAt = new Date('2026-01-02T03:04:05.000Z');
    metrics.cleanupRun({ outcome: 'success', startedAt: new Date(finishedAt.getTime() - 2500), finishedAt, deleted: { authorization_code: 7, audit_event: 0 } });
    metrics.cleanupRun({ outcome: 'failure', startedAt: finishedAt, finishedAt: new Date(finishedAt.getTime() + 100), deleted: { authorization_code: 3 } });
    metrics.cleanupRun({ outcome: 'interrupted', startedAt: finishedAt, finishedAt, deleted: { authorization_code: 1 } });
    expect(await sample(metrics, 'rapidauth_cleanup_deleted_rows_total{table="authorization_code"}')).toBe(11);
    expect(await sample(metrics, 'rapidauth_cleanup_deleted_rows_total{table="audit_event"}')).toBe(0);
    expect(await sample(metrics, 'rapidauth_cleanup_runs_total{outcome="success"}')).toBe(1);
    expect(await sample(metrics, 'rapidauth_cleanup_runs_total{outcome="failure"}')).toBe(1);
    expect(await sample(metrics, 'rapidauth_cleanup_duration_seconds_count')).toBe(2);
    expect(await sample(metrics, 'rapidauth_cleanup_duration_seconds_sum')).toBeCloseTo(2.6);
    expect(await sample(metrics, 'rapidauth_cleanup_last_success_timestamp_seconds')).toBe(finishedAt.getTime() / 1000);
  });

  it('reads the job counts and the revocation entries at each scrape', async () => {
    const metrics = new PrometheusMetrics('1');
    let counts: { waiting: number; active: number; delayed: number; failed: number } | null = { waiting: 2, active: 1, delayed: 1, failed: 0 };
    metrics.watchJobs('rapidauth-maintenance', async () => counts);
    expect(await sample(metrics, 'rapidauth_jobs{queue="rapidauth-maintenance",state="waiting"}')).toBe(2);
    counts = null;
    expect(await sample(metrics, 'rapidauth_jobs{queue="rapidauth-maintenance",state="waiting"}')).toBeUndefined();

    expect(await sample(metrics, 'rapidauth_revocation_entries')).toBe(0);
    let gatewayEntries = 5;
    const unwatchGateway = metrics.watchRevocationEntries(() => gatewayEntries);
    metrics.watchRevocationEntries(() => 3);
    expect(await sample(metrics, 'rapidauth_revocation_entries')).toBe(5);
    gatewayEntries = 6;
    expect(await sample(metrics, 'rapidauth_revocation_entries')).toBe(6);
    unwatchGateway();
    expect(await sample(metrics, 'rapidauth_revocation_entries')).toBe(3);
  });

  it('counts delivery failures by channel and purpose', async () => {
    const metrics = new PrometheusMetrics('1');
    metrics.deliveryFailure('email', 'email-login');
    metrics.deliveryFailure('email', 'email-login');
    metrics.deliveryFailure('email', 'password-reset');
    expect(await sample(metrics, 'rapidauth_delivery_failures_total{channel="email",purpose="email-login"}')).toBe(2);
    expect(await sample(metrics, 'rapidauth_delivery_failures_total{channel="email",purpose="password-reset"}')).toBe(1);
  });

  it('times HTTP requests per app, method, route template and status', async () => {
    const metrics = new PrometheusMetrics('1');
    metrics.httpRequest('admin-api', 'GET', '/v1/organizations/:id', 200, 0.004);
    metrics.httpRequest('admin-api', 'GET', '/v1/organizations/:id', 200, 0.02);
    const series = 'app="admin-api",method="GET",route="/v1/organizations/:id",status_code="200"';
    expect(await sample(metrics, `rapidauth_http_request_duration_seconds_count{${series}}`)).toBe(2);
    expect(await sample(metrics, `rapidauth_http_request_duration_seconds_bucket{le="0.005",${series}}`)).toBe(1);
  });
});

describe('DISABLED_METRICS', () => {
  it('counts nothing and says so', () => {
    expect(DISABLED_METRICS.enabled).toBe(false);
    expect(() => DISABLED_METRICS.tokenRequest('password', 'success')).not.toThrow();
    expect(typeof DISABLED_METRICS.watchRevocationEntries(() => 1)).toBe('function');
  });
});

describe('buildVersion', () => {
  it("is the version of the repository's package.json, found from anywhere below it", () => {
    const { version } = require('../../../../package.json') as { version: string };
    expect(buildVersion()).toBe(version);
    expect(buildVersion('/')).toBe('unknown');
  });
});
