import { useState } from 'react';
import { ApiError, type FieldProblem } from '../api/errors';
import { asApiError } from '../app/use-load';

/** The refusal of checks the console makes before sending: the same shape as the API's 400. */
export function invalidInput(fields: readonly FieldProblem[]): ApiError {
  return new ApiError(400, 'Some fields need attention: see the messages beside them.', 'INVALID_PARAMETER', fields);
}

/**
 * Runs one write: `check` first (problems found there are never sent), then `send`. A refusal is
 * kept as `error` for the form to show, and nothing else changes; an answer goes to `onDone`.
 */
export function useSubmit<T>(send: () => Promise<T>, onDone: (answer: T) => void, check: () => readonly FieldProblem[] = () => []) {
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const problems = check();
    if (problems.length > 0) {
      setError(invalidInput(problems));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const answer = await send();
      setBusy(false);
      onDone(answer);
    } catch (caught) {
      setError(asApiError(caught));
      setBusy(false);
    }
  };
  return { error, busy, submit: () => void submit() };
}
