import { useId, type ReactNode } from 'react';
import './LabeledField.css';

export interface FieldControlProps {
  readonly id: string;
  readonly 'aria-invalid': boolean;
  readonly 'aria-describedby': string | undefined;
  readonly required: boolean;
}

/**
 * A label, its control, optional help and the field's problem under it: the control gets
 * `aria-invalid` and is described by the help and the problem. The required marker sits beside the
 * label, not in it, so the field's accessible name stays its label.
 */
export function LabeledField({ label, problem, help, required = false, children }: {
  label: string;
  problem?: string;
  help?: string;
  required?: boolean;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  const problemId = `${id}-problem`;
  const describedBy = [help ? helpId : undefined, problem ? problemId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className="labeled-field">
      <div className="labeled-field-label">
        <label htmlFor={id}>{label}</label>
        {required ? (
          <span className="required-marker" aria-hidden="true">
            *
          </span>
        ) : null}
      </div>
      {children({ id, 'aria-invalid': problem !== undefined, 'aria-describedby': describedBy, required })}
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
