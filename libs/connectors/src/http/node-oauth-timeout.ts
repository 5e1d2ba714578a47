/** The hook every request of node-oauth's OAuth2 client (a passport strategy's `_oauth2`) passes through. */
export interface NodeOAuthRequests {
  _executeRequest(library: unknown, options: Record<string, unknown>, body: unknown, callback: unknown): void;
}

/**
 * Aborts each request of the client after `ms`: node-oauth sets no timeout of its own, so a provider
 * that never answers would hold the login (and the upstream refresh lease) forever. The abort
 * reaches the request's callback as an error without a status: the connectors' "unreachable".
 */
export function abortRequestsAfter(client: NodeOAuthRequests, ms: number): void {
  const execute = client._executeRequest.bind(client);
  client._executeRequest = (library, options, body, callback) => execute(library, { ...options, signal: AbortSignal.timeout(ms) }, body, callback);
}
