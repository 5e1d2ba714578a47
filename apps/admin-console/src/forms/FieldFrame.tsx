import type { ReactNode } from 'react';

/** A field's label (with a visible marker when required), its input, help and problem under it. */
export function FieldFrame({ inputId, label, required, help, helpId, errorId, problem, after, children }: {
  inputId: string;
  label: string;
  required: boolean;
  help: ReactNode;
  helpId: string;
  errorId: string;
  problem?: string;
  after?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="form-field">
      <div className="field-head">
        <label htmlFor={inputId}>{label}</label>
        {required && (
          <span className="required-marker" aria-hidden="true">
            *
          </span>
        )}
        {after}
      </div>
      {children}
      <p id={helpId} className="help">
        {help}
      </p>
      {problem && (
        <p id={errorId} className="field-error">
          {problem}
        </p>
      )}
    </div>
  );
}
