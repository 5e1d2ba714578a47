import { randomUUID } from 'node:crypto';
import { DISABLED_METRICS, type Metrics } from '@rapidauth/observability';
import type { Connector, LoginContext } from './connector';
import { ConnectorError } from './connectors.errors';
import { timedUpstream } from './timed-upstream';

const CONTEXT = {} as LoginContext;

/** Metrics that record each upstream observation: [connector type, operation, outcome]. */
function recordingMetrics(): Metrics & { readonly observed: string[][] } {
  const observed: string[][] = [];
  return {
    ...DISABLED_METRICS,
    enabled: true,
    observed,
    upstreamRequest: (connectorType, operation, outcome, seconds) => {
      expect(seconds).toBeGreaterThanOrEqual(0);
      observed.push([connectorType, operation, outcome]);
    },
  };
}

describe('timedUpstream', () => {
  const identity = { providerUid: 'u1', attributes: {} };
  const connector = (): Connector =>
    ({
      service: { id: randomUUID(), type: 'oidc' },
      formLogin: { login: jest.fn(async () => identity) },
      redirectLogin: { begin: jest.fn(async () => ({ step: { kind: 'redirect', location: 'https://idp.example.com' }, kept: {} })), finish: jest.fn(async () => identity) },
      refresh: { refresh: jest.fn(async () => null) },
      tokenExchange: { subjectTokenTypes: ['id_token'], exchange: jest.fn(async () => { throw new ConnectorError('UPSTREAM_REJECTED', 'refused'); }) },
      close: async () => undefined,
    }) as unknown as Connector;

  it('times each upstream call by operation and outcome, and passes answers and errors through', async () => {
    const metrics = recordingMetrics();
    const inner = connector();
    const timed = timedUpstream(inner, metrics);
    await expect(timed.formLogin!.login({ username: 'a', password: 'b' }, CONTEXT)).resolves.toBe(identity);
    await expect(timed.redirectLogin!.finish({}, {}, { state: 's', callbackUrl: 'https://x' }, CONTEXT)).resolves.toBe(identity);
    await expect(timed.refresh!.refresh({ providerUid: 'u1' }, CONTEXT)).resolves.toBeNull();
    await expect(timed.tokenExchange!.exchange({ token: 't', type: 'id_token' }, CONTEXT)).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED' });
    (inner.formLogin!.login as jest.Mock).mockRejectedValueOnce(new TypeError('boom'));
    await expect(timed.formLogin!.login({ username: 'a', password: 'b' }, CONTEXT)).rejects.toThrow('boom');
    await timed.redirectLogin!.begin({ state: 's', callbackUrl: 'https://x' }, CONTEXT);

    expect(metrics.observed).toEqual([
      ['oidc', 'login', 'success'],
      ['oidc', 'callback', 'success'],
      ['oidc', 'refresh', 'success'],
      ['oidc', 'exchange', 'UPSTREAM_REJECTED'],
      ['oidc', 'login', 'error'],
    ]);
    expect(timed.tokenExchange!.subjectTokenTypes).toEqual(['id_token']);
  });

  it('leaves the connector as it is when metrics are off', () => {
    const inner = connector();
    expect(timedUpstream(inner, DISABLED_METRICS)).toBe(inner);
  });
});
