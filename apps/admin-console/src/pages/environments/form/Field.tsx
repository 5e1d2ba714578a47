import { useId, type ReactNode } from 'react';

export interface ControlProps {
  readonly id: string;
  readonly 'aria-invalid': boolean;
  readonly 'aria-describedby': string | undefined;
}

/** A labelled control with its help and its problem under it (`aria-describedby`). */
export function Field({ label, problem, help, required, children }: {
  label: string;
  problem?: string;
  help?: string;
  required?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  const problemId = `${id}-problem`;
  const describedBy = [help ? helpId : undefined, problem ? problemId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="required-marker" aria-hidden="true">
            *
          </span>
        ) : null}
      </label>
      {children({ id, 'aria-invalid': problem !== undefined, 'aria-describedby': describedBy })}
      {help ? (
        <p id={helpId} className="help">
          {help}
        </p>
      ) : null}
      {problem ? (
        <p id={problemId} className="field-error">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
