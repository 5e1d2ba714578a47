import { useId, type ReactNode } from 'react';
import { describedByOf, FieldNotes } from './field-notes';
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
 * label, not in it, so the field's accessible name stays its label. `id` names the control when the
 * form needs to find it again (else one is made); `after` sits on the label's line (a "Clear" button).
 */
export function LabeledField({ label, problem, help, required = false, id: givenId, after, children }: {
  label: string;
  problem?: string;
  help?: ReactNode;
  required?: boolean;
  id?: string;
  after?: ReactNode;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const madeId = useId();
  const id = givenId ?? madeId;
  return (
    <div className="labeled-field">
      <div className="labeled-field-label">
        <label htmlFor={id}>{label}</label>
        {required ? (
          <span className="required-marker" aria-hidden="true">
            *
          </span>
        ) : null}
        {after ? <span className="labeled-field-after">{after}</span> : null}
      </div>
      {children({ id, 'aria-invalid': problem !== undefined, 'aria-describedby': describedByOf(id, help, problem), required })}
      <FieldNotes id={id} help={help} problem={problem} />
    </div>
  );
}
