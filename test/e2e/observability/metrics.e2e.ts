import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBuiltServer } from '../../support/built-server';
import { sampleSum, samplesOf } from '../../support/metrics-exposition';
import { basicAuth, postForm } from '../../support/requests';
import { freePort } from '../../support/server-process';

const ADMIN = { username: 'metricsowner', password: 'metrics owner password' };
/** Names a tenant could give itself, and raw input: none may reach the exposition. */
const MARK = randomBytes(4).toString('hex');
const NAMES = { organization: `metrics-org-${MARK}`, app: `metrics-app-${MARK}`, environment: `metrics-env-${MARK}` };
const BOGUS_GRANT = `urn:example:grant-${MARK}`;
const UNKNOWN_PATH = `/no-such-path-${MARK}`;

/** `npm start` from the build on the embedded database, with a bootstrap admin. */
const startServer = (env: NodeJS.ProcessEnv = {}) => startBuiltServer('rapidauth-metrics-', ADMIN, env);

/** Polls `read` every 250 ms until it gives a value; fails after `ms`. */
async function eventually<T>(ms: number, read: () => Promise<T | undefined>, what: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** promtool's verdict on an exposition: its exit code and what it printed (nothing when clean). */
function promtoolCheck(exposition: string): Promise<{ code: number; output: string }> {
  const promtool = process.env.PROMTOOL_PATH;
  if (!promtool) throw new Error('PROMTOOL_PATH is not set: run the tests through `bash scripts/test-servers.sh` (npm test does)');
  return new Promise((resolve) => {
    const child = execFile(promtool, ['check', 'metrics'], (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
    child.stdin?.end(exposition);
  });
}

/**
 * GET /metrics of the built server (both apps in one process, one registry): the contract's names
 * and labels, promtool-clean on each port, scraped by a real Prometheus, no tenant in any label,
 * and absent with METRICS_ENABLED=false.
 */
describe('metrics of `npm start`', () => {
  let started: Awaited<ReturnType<typeof startServer>>;
  let environment: Record<string, string>;
  let organization: Record<string, string>;
  let prometheus: ChildProcess | undefined;
  let prometheusDir: string | undefined;

  const metricsOf = async (base: string) => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    return { contentType: response.headers.get('content-type'), exposition: await response.text() };
  };
  const clientCredentials = (secret = environment.appSecret) =>
    postForm(`${started.gateway}/oauth/token`, { grant_type: 'client_credentials' }, basicAuth(environment.appKey, secret));

  beforeAll(async () => {
    started = await startServer();
    const { access_token: token } = (await (await postForm(`${started.admin}/management/token`, { grant_type: 'password', ...ADMIN })).json()) as { access_token: string };
    const call = async (path: string, body: unknown) =>
      (await (
        await fetch(`${started.admin}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      ).json()) as Record<string, string>;
    organization = await call('/v1/organizations', { name: NAMES.organization });
    const app = await call(`/v1/organizations/${organization.id}/apps`, { name: NAMES.app });
    environment = await call(`/v1/apps/${app.id}/environments`, { name: NAMES.environment });
    expect(environment.appKey).toEqual(expect.any(String));
    expect(await fetch(`${started.admin}/v1/organizations/${organization.id}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status)).toBe(200);
  }, 120_000);

  afterAll(async () => {
    prometheus?.kill('SIGKILL');
    started?.server.kill();
    await started?.server.exited;
    if (prometheusDir) rmSync(prometheusDir, { recursive: true, force: true });
    if (started) rmSync(started.dataDir, { recursive: true, force: true });
  });

  it('counts token requests by grant type and outcome, the hot path included, and the tokens issued', async () => {
    const before = (await metricsOf(started.gateway)).exposition;
    const success = { grant_type: 'client_credentials', outcome: 'success' };
    for (let i = 0; i < 3; i++) expect((await clientCredentials()).status).toBe(200);
    expect((await clientCredentials('wrong secret')).status).toBe(401);
    expect((await postForm(`${started.gateway}/oauth/token`, { grant_type: BOGUS_GRANT }, basicAuth(environment.appKey, environment.appSecret))).status).toBe(400);
    const after = (await metricsOf(started.gateway)).exposition;
    const grew = (name: string, labels: Record<string, string>) => sampleSum(after, name, labels) - sampleSum(before, name, labels);
    expect(grew('rapidauth_token_requests_total', success)).toBe(3);
    expect(grew('rapidauth_token_requests_total', { grant_type: 'client_credentials', outcome: 'invalid_client' })).toBe(1);
    expect(grew('rapidauth_token_requests_total', { grant_type: 'unknown', outcome: 'unsupported_grant_type' })).toBe(1);
    expect(grew('rapidauth_tokens_issued_total', { token_type: 'access' })).toBe(3);
    // Served by the hot path (plain forms): timed under the route's own path.
    expect(grew('rapidauth_http_request_duration_seconds_count', { app: 'gateway', method: 'POST', route: '/oauth/token', status_code: '200' })).toBe(3);
    expect(grew('rapidauth_http_request_duration_seconds_count', { app: 'gateway', method: 'POST', route: '/oauth/token', status_code: '401' })).toBe(1);
  });

  it('counts introspections by answer', async () => {
    const { access_token: token } = (await (await clientCredentials()).json()) as { access_token: string };
    const before = (await metricsOf(started.gateway)).exposition;
    const introspect = (presented: string) => postForm(`${started.gateway}/oauth/introspect`, { token: presented }, basicAuth(environment.appKey, environment.appSecret));
    expect(((await (await introspect(token)).json()) as { active: boolean }).active).toBe(true);
    expect(((await (await introspect('not-a-token')).json()) as { active: boolean }).active).toBe(false);
    const after = (await metricsOf(started.gateway)).exposition;
    for (const active of ['true', 'false']) {
      expect(sampleSum(after, 'rapidauth_introspections_total', { active }) - sampleSum(before, 'rapidauth_introspections_total', { active })).toBe(1);
    }
  });

  it('is one registry for both apps: each port shows what the other counted, by route template or unmatched', async () => {
    expect((await fetch(`${started.gateway}${UNKNOWN_PATH}`)).status).toBe(404);
    const gateway = (await metricsOf(started.gateway)).exposition;
    const admin = (await metricsOf(started.admin)).exposition;
    for (const exposition of [gateway, admin]) {
      expect(sampleSum(exposition, 'rapidauth_tokens_issued_total', { token_type: 'management' })).toBeGreaterThanOrEqual(1);
      expect(sampleSum(exposition, 'rapidauth_token_requests_total', { grant_type: 'client_credentials', outcome: 'success' })).toBeGreaterThanOrEqual(3);
      expect(sampleSum(exposition, 'rapidauth_http_request_duration_seconds_count', { app: 'admin-api', method: 'GET', route: '/v1/organizations/:id', status_code: '200' })).toBe(1);
      expect(sampleSum(exposition, 'rapidauth_http_request_duration_seconds_count', { app: 'gateway', method: 'GET', route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
      expect(samplesOf(exposition).filter((sample) => sample.name === 'rapidauth_build_info')).toEqual([{ name: 'rapidauth_build_info', labels: { version: expect.stringMatching(/^\d+\.\d+\.\d+/) }, value: 1 }]);
      expect(sampleSum(exposition, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    }
  });

  it('passes `promtool check metrics` on each port, as text format 0.0.4, without authentication', async () => {
    for (const base of [started.gateway, started.admin]) {
      const { contentType, exposition } = await metricsOf(base);
      expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await promtoolCheck(exposition)).toEqual({ code: 0, output: '' });
    }
  });

  it('carries no tenant: no organization, app, environment or client id, no admin, no raw grant type or path', async () => {
    const forbidden = [
      NAMES.organization,
      NAMES.app,
      NAMES.environment,
      organization.id,
      organization.clientId,
      environment.id,
      environment.appKey,
      ADMIN.username,
      BOGUS_GRANT,
      UNKNOWN_PATH,
      MARK,
    ];
    for (const base of [started.gateway, started.admin]) {
      const { exposition } = await metricsOf(base);
      for (const value of forbidden.filter(Boolean)) expect([base, value, exposition.includes(value)]).toEqual([base, value, false]);
    }
  });

  it('is scraped by a real Prometheus: up == 1 on both ports, and rapidauth_token_requests_total rises', async () => {
    const binary = process.env.PROMETHEUS_PATH;
    if (!binary) throw new Error('PROMETHEUS_PATH is not set: run the tests through `bash scripts/test-servers.sh` (npm test does)');
    prometheusDir = mkdtempSync(join(tmpdir(), 'rapidauth-prometheus-'));
    const webPort = await freePort();
    const targets = [`127.0.0.1:${started.port}`, `127.0.0.1:${started.adminPort}`];
    writeFileSync(
      join(prometheusDir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: rapidauth',
        '    static_configs:',
        `      - targets: [${targets.map((target) => `'${target}'`).join(', ')}]`,
        '',
      ].join('\n'),
    );
    let output = '';
    prometheus = spawn(
      binary,
      [`--config.file=${join(prometheusDir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(prometheusDir, 'data')}`, `--web.listen-address=127.0.0.1:${webPort}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout?.on('data', (chunk) => (output += chunk));
    prometheus.stderr?.on('data', (chunk) => (output += chunk));
    type Vector = { metric: Record<string, string>; value: [number, string] }[];
    const query = async (expression: string): Promise<Vector> => {
      try {
        const response = await fetch(`http://127.0.0.1:${webPort}/api/v1/query?${new URLSearchParams({ query: expression })}`);
        const body = (await response.json()) as { status: string; data: { result: Vector } };
        return body.status === 'success' ? body.data.result : [];
      } catch {
        return [];
      }
    };
    const gatewayTarget = `127.0.0.1:${started.port}`;
    const requests = async () => Number((await query(`sum(rapidauth_token_requests_total{instance="${gatewayTarget}"})`))[0]?.value[1] ?? NaN);

    const log = () => `prometheus said:\n${output}`;
    const up = await eventually(
      30_000,
      async () => {
        const result = await query('up{job="rapidauth"}');
        return result.length === 2 && result.every((sample) => sample.value[1] === '1') ? result : undefined;
      },
      log,
    );
    expect(up.map((sample) => sample.metric.instance).sort()).toEqual([...targets].sort());

    const first = await eventually(30_000, async () => {
      const value = await requests();
      return Number.isNaN(value) ? undefined : value;
    }, log);
    for (let i = 0; i < 5; i++) expect((await clientCredentials()).status).toBe(200);
    const later = await eventually(30_000, async () => {
      const value = await requests();
      return value >= first + 5 ? value : undefined;
    }, log);
    expect(later).toBeGreaterThanOrEqual(first + 5);
  }, 120_000);

  it('is not served with METRICS_ENABLED=false: 404 on both ports, the rest unchanged', async () => {
    const disabled = await startServer({ METRICS_ENABLED: 'false' });
    try {
      for (const base of [disabled.gateway, disabled.admin]) {
        const response = await fetch(`${base}/metrics`);
        expect([base, response.status]).toEqual([base, 404]);
        expect(((await response.json()) as { code: string }).code).toEqual(expect.any(String));
      }
      expect((await fetch(`${disabled.gateway}/health`)).status).toBe(200);
      expect(await disabled.server.stop()).toBe(0);
    } finally {
      disabled.server.kill();
      rmSync(disabled.dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
