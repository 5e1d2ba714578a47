/** One recorded call of the console to the API. */
export interface RecordedCall {
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
  readonly authorization?: string;
}

export type Answer = readonly [status: number, body?: unknown, headers?: Record<string, string>];
/** "METHOD /path" (query left out) → a fixed answer, or a function of the call. */
export type Routes = Record<string, Answer | ((call: RecordedCall) => Answer)>;

/**
 * A fetch answering like the admin API, for component specs: unknown routes answer 404 as the API does.
 * `calls` lists what the console sent, to assert on bodies and on what was not sent.
 */
export function fakeApi(routes: Routes) {
  const calls: RecordedCall[] = [];
  const impl: typeof fetch = async (input, init) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    const call: RecordedCall = { method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined, authorization: headers.get('Authorization') ?? undefined };
    calls.push(call);
    const route = routes[`${method} ${url.split('?')[0]}`];
    const [status, body, extra] = typeof route === 'function' ? route(call) : (route ?? [404, { error: 'not_found', error_description: 'Not found.', code: 'NOT_FOUND' }]);
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...extra } });
  };
  return { impl, calls };
}

/** Signs the console in before it renders, as a reload of a signed-in tab does. */
export function signedIn(username = 'ops'): void {
  sessionStorage.setItem('rapidauth.console.session', JSON.stringify({ token: 'test-token', username, expiresAt: Date.now() + 3_600_000 }));
}
