import { useEffect, useRef, useState } from 'react';
import { asApiError } from '../../../app/use-load';
import { localProblems, problemsOfError, type Problems } from './problems';

/**
 * A form's sending state: the console's checks first, then the API's answer; problems put focus on the
 * first field marked invalid, and `onDone` gets the answer.
 */
export function useForm<T>(onDone: (answer: T) => void) {
  const [problems, setProblems] = useState<Problems>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (problems) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [problems]);
  const submit = async (checks: Readonly<Record<string, string | undefined>>, send: () => Promise<T>) => {
    const local = localProblems(checks);
    setProblems(local);
    if (local) return;
    setBusy(true);
    try {
      const answer = await send();
      setBusy(false);
      onDone(answer);
    } catch (caught) {
      setProblems(problemsOfError(asApiError(caught)));
      setBusy(false);
    }
  };
  return { problems, busy, formRef, submit, problemOf: (field: string) => problems?.fields[field] };
}
