import { useState } from 'react';
import { ApiError } from '../api/errors';

/**
 * Remembers that the API refused an action to this caller (403: it may see the target but lacks the
 * permission), so the page disables the action instead of offering it again. The refusal still
 * reaches the caller of `guard`, which shows its message.
 */
export function useDenied() {
  const [denied, setDenied] = useState(false);
  const guard =
    <A extends unknown[], T>(action: (...args: A) => Promise<T>) =>
    async (...args: A): Promise<T> => {
      try {
        return await action(...args);
      } catch (caught) {
        if (caught instanceof ApiError && caught.status === 403) setDenied(true);
        throw caught;
      }
    };
  return { denied, guard };
}
