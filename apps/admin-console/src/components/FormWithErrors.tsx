import { useEffect, useRef, type ReactNode } from 'react';
import type { ApiError } from '../api/errors';
import { ErrorBanner } from './ErrorBanner';

/**
 * A form whose refusal is shown as a summary (role=alert) above its actions; when the refusal names
 * fields, focus moves to the first field marked `aria-invalid`. `problems` (each field's problem as
 * a sentence) are listed in that summary too.
 */
export function FormWithErrors({ error, problems, busy, submitLabel, onSubmit, onCancel, children }: {
  error: ApiError | undefined;
  problems?: readonly string[];
  busy: boolean;
  submitLabel: string;
  onSubmit: () => void;
  onCancel?: () => void;
  children: ReactNode;
}) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (error) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);
  return (
    <form
      ref={form}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
      <ErrorBanner error={error} problems={problems} />
      <div className="actions">
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
