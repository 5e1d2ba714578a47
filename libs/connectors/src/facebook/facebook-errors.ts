import { ConnectorError } from '../connectors.errors';

/**
 * Graph error codes that say "try again later" (Graph API error handling: 2 is a temporary service
 * problem, the others rate limits): the user did nothing wrong, so nothing is refused. Code 1 is
 * not one of them: Graph also answers it to a wrong client secret.
 */
const TRANSIENT_GRAPH_CODES = new Set([2, 4, 17, 32, 341, 613]);

/** A Graph error answer's `error.type` and `error.code`; its message is never read (it may quote what was sent). */
interface GraphErrorBody {
  readonly type: string;
  readonly code: number | string;
}

function graphErrorBody(data: unknown): GraphErrorBody | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const error = (JSON.parse(data) as { error?: unknown }).error;
    if (!error || typeof error !== 'object') return undefined;
    const { type, code } = error as { type?: unknown; code?: unknown };
    return { type: typeof type === 'string' ? type.slice(0, 64) : 'unknown', code: typeof code === 'number' ? code : 'none' };
  } catch {
    return undefined;
  }
}

function fromGraph(body: GraphErrorBody, step: string): ConnectorError {
  const detail = `${step}: Graph error ${body.type} ${body.code}`;
  return typeof body.code === 'number' && TRANSIENT_GRAPH_CODES.has(body.code)
    ? new ConnectorError('UPSTREAM_UNAVAILABLE', 'the sign-in service cannot be reached right now', { detail })
    : new ConnectorError('UPSTREAM_REJECTED', 'the identity provider refused the sign-in', { detail });
}

/**
 * A Graph error answer (`{error: {message, type, code}}`), as node-oauth (`{statusCode, data}`)
 * or passport-facebook (FacebookTokenError, with `type` and `code`) report it; undefined when the
 * error is no Graph answer.
 */
export function graphError(error: unknown, step: string): ConnectorError | undefined {
  const candidate = error as { name?: unknown; type?: unknown; code?: unknown; oauthError?: { data?: unknown }; data?: unknown } | undefined;
  if (candidate?.name === 'FacebookTokenError') {
    return fromGraph({ type: typeof candidate.type === 'string' ? candidate.type.slice(0, 64) : 'unknown', code: typeof candidate.code === 'number' ? candidate.code : 'none' }, step);
  }
  const body = graphErrorBody(candidate?.data) ?? graphErrorBody(candidate?.oauthError?.data);
  return body ? fromGraph(body, step) : undefined;
}

/** node-oauth's `{statusCode}` (also wrapped in passport's InternalOAuthError), undefined when no answer came. */
function statusOf(error: unknown): number | undefined {
  const candidate = error as { statusCode?: unknown; oauthError?: { statusCode?: unknown } } | undefined;
  const status = candidate?.statusCode ?? candidate?.oauthError?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Not a Graph error: no answer, a timeout or a 5xx is UPSTREAM_UNAVAILABLE; any other answer is refused. */
export function unreachable(error: unknown, step: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const status = statusOf(error);
  if (status === undefined || status >= 500) {
    return new ConnectorError('UPSTREAM_UNAVAILABLE', 'the sign-in service cannot be reached right now', { detail: `${step}: ${status ?? 'no answer'}` });
  }
  return new ConnectorError('UPSTREAM_REJECTED', 'the identity provider refused the sign-in', { detail: `${step} answered ${status}` });
}

/** The Login dialog sent the browser back with an error (the user declined, or Facebook would not let them in). */
export function declined(query: Readonly<Record<string, string>>): ConnectorError {
  const reason = (query.error ?? `error_code ${query.error_code ?? ''}`).slice(0, 64);
  return new ConnectorError('ACCESS_DENIED', 'the sign-in was declined at the identity provider', { detail: `dialog error ${reason}` });
}

/**
 * What the strategy's `error` reported: a dialog error answer, else the token endpoint's answer
 * (a Graph or OAuth error refused, no answer unavailable).
 */
export function strategyError(error: unknown, query: Readonly<Record<string, string>>): ConnectorError {
  if (query.error || query.error_code) return declined(query);
  if (error instanceof ConnectorError) return error;
  const graph = graphError(error, 'token endpoint');
  if (graph) return graph;
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TokenError') return new ConnectorError('UPSTREAM_REJECTED', 'the identity provider refused the sign-in', { detail: `token endpoint: ${String((error as { code?: unknown }).code).slice(0, 64)}` });
  if (name === 'InternalOAuthError') return unreachable(error, 'token endpoint');
  return new ConnectorError('UPSTREAM_REJECTED', 'the identity provider refused the sign-in', { detail: 'token endpoint: no access token' });
}
