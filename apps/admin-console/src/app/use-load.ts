import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { ApiError } from '../api/errors';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly error: ApiError }
  | { readonly state: 'ready'; readonly value: T };

/** Runs `load` when `deps` change; `reload()` runs it again. Answers from an outdated run are dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> & { reload(): void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const run = useRef(0);
  const stable = useCallback(load, deps);
  useEffect(() => {
    const mine = ++run.current;
    setLoaded((previous) => (previous.state === 'ready' ? previous : { state: 'loading' }));
    stable().then(
      (value) => mine === run.current && setLoaded({ state: 'ready', value }),
      (error: unknown) => mine === run.current && setLoaded({ state: 'failed', error: asApiError(error) }),
    );
  }, [stable, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { ...loaded, reload };
}

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'Something went wrong in the console. Reload the page.');
}
