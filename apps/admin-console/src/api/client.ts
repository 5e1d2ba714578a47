import { ApiError, errorOf } from './errors';

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** The public admin API on the console's own origin (`/v1/*`, `/management/*`): the only server the console talks to. */
export interface Api {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown, query?: Query): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  delete<T = void>(path: string, query?: Query): Promise<T>;
}

/** A list page as every list route answers it (docs/admin-api.md, "Lists"). */
export interface Page<T> {
  readonly total: number;
  readonly limit: number;
  readonly skip: number;
  readonly rows: readonly T[];
}

export interface ApiOptions {
  /** The bearer token, read at each call (a sign-in replaces it). */
  readonly token: () => string | undefined;
  /** Called once a call answers 401: the token no longer works. */
  readonly onUnauthorized: () => void;
  readonly fetch?: typeof fetch;
}

export function withQuery(path: string, query?: Query): string {
  const entries = Object.entries(query ?? {}).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== '');
  return entries.length === 0 ? path : `${path}?${new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString()}`;
}

export function createApi(options: ApiOptions): Api {
  const send = async <T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = options.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let answer: Response;
    try {
      answer = await (options.fetch ?? fetch)(withQuery(path, query), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
    } catch {
      throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
    }
    const text = await answer.text();
    let parsed: unknown;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!answer.ok) {
      if (answer.status === 401 && token) options.onUnauthorized();
      throw errorOf(answer.status, parsed, answer.headers.get('Retry-After'));
    }
    return parsed as T;
  };
  return {
    get: (path, query) => send('GET', path, undefined, query),
    post: (path, body, query) => send('POST', path, body ?? {}, query),
    put: (path, body) => send('PUT', path, body ?? {}),
    patch: (path, body) => send('PATCH', path, body ?? {}),
    delete: (path, query) => send('DELETE', path, undefined, query),
  };
}
