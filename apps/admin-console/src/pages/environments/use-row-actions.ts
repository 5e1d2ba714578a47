import { useCallback, useState } from 'react';
import type { ApiError } from '../../api/errors';
import { asApiError } from '../../app/use-load';

/**
 * Actions on a list's rows: one at a time, the API's refusal shown in a banner. An action the caller may
 * not take (403) is disabled from then on; a row gone meanwhile (404) reloads the list.
 */
export function useRowActions(reload: () => void) {
  const [error, setError] = useState<ApiError>();
  const [refused, setRefused] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T>(action: string, call: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      setError(undefined);
      try {
        const answer = await call();
        reload();
        return answer;
      } catch (caught) {
        const failure = asApiError(caught);
        setError(failure);
        if (failure.status === 403) setRefused((previous) => new Set(previous).add(action));
        if (failure.status === 404) reload();
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [reload],
  );
  const allowed = useCallback((action: string) => !busy && !refused.has(action), [busy, refused]);
  return { error, run, allowed };
}
