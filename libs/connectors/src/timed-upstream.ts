import { performance } from 'node:perf_hooks';
import type { Metrics } from '@rapidauth/observability';
import type { Connector } from './connector';
import { ConnectorError } from './connectors.errors';

/** The `operation` label of rapidauth_upstream_request_duration_seconds (docs/operations.md#metrics). */
export type UpstreamOperation = 'login' | 'callback' | 'refresh' | 'exchange';

/**
 * The connector with each call that goes to its upstream timed into
 * `rapidauth_upstream_request_duration_seconds`: the password check (`login`), the callback's
 * code or assertion check (`callback`), the refresh and the token exchange. The outcome is
 * `success` or the ConnectorError code (`error` for anything else). `begin` only builds a
 * redirect and `local` has no upstream (its `ownLogin` is left as it is).
 */
export function timedUpstream(connector: Connector, metrics: Metrics): Connector {
  if (!metrics.enabled) return connector;
  const { formLogin, redirectLogin, refresh, tokenExchange } = connector;
  const timed = <T>(operation: UpstreamOperation, call: () => Promise<T>) => timedCall(metrics, connector.service.type, operation, call);
  return {
    ...connector,
    ...(formLogin && { formLogin: { login: (credentials, context) => timed('login', () => formLogin.login(credentials, context)) } }),
    ...(redirectLogin && {
      redirectLogin: {
        begin: (request, context) => redirectLogin.begin(request, context),
        finish: (params, kept, request, context) => timed('callback', () => redirectLogin.finish(params, kept, request, context)),
      },
    }),
    ...(refresh && { refresh: { refresh: (stored, context) => timed('refresh', () => refresh.refresh(stored, context)) } }),
    ...(tokenExchange && {
      tokenExchange: { subjectTokenTypes: tokenExchange.subjectTokenTypes, exchange: (subject, context) => timed('exchange', () => tokenExchange.exchange(subject, context)) },
    }),
  };
}

async function timedCall<T>(metrics: Metrics, connectorType: string, operation: UpstreamOperation, call: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  const observe = (outcome: string) => metrics.upstreamRequest(connectorType, operation, outcome, (performance.now() - startedAt) / 1000);
  try {
    const result = await call();
    observe('success');
    return result;
  } catch (error) {
    observe(error instanceof ConnectorError ? error.code : 'error');
    throw error;
  }
}
