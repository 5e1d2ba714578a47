import { useState } from 'react';
import type { ApiError } from '../api/errors';
import { asApiError } from '../app/use-load';

/** A confirmed action's state: busy while it runs; a refusal kept as `error`, the action offered again. */
export function useConfirm(onConfirm: () => Promise<void>) {
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
    } catch (caught) {
      setError(asApiError(caught));
      setBusy(false);
    }
  };
  return { error, busy, confirm: () => void confirm() };
}
