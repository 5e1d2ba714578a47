import { useState } from 'react';
import { ApiError, type FieldProblem } from '../api/errors';
import { asApiError } from '../app/use-load';
import { FIELDS_SUMMARY } from './ErrorBanner';

/** The refusal of checks the console makes before sending: the same shape as the API's 400. */
export function invalidInput(fields: readonly FieldProblem[]): ApiError {
  return new ApiError(400, FIELDS_SUMMARY, 'INVALID_PARAMETER', fields);
}

/** Checks written as field → problem (undefined where the field passes), as the API would list them. */
export const fieldProblems = (checks: Readonly<Record<string, string | undefined>>): FieldProblem[] =>
  Object.entries(checks).flatMap(([field, message]) => (message === undefined ? [] : [{ field, message }]));

/**
 * Runs one write: `check` first (problems found there are never sent), then
 * `send`. A refusal is kept as `error` for the form to show, and nothing else changes; an answer goes to `onDone`.
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

export type Submission = ReturnType<typeof useSubmit>;
