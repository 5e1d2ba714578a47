import { useId } from 'react';
import './CheckField.css';

/**
 * One checkbox with its label beside it, then its help and its problem under it; the checkbox is
 * described by both and marked `aria-invalid` while it has a problem.
 */
export function CheckField({ label, help, problem, disabled = false, checked, onChange }: {
  label: string;
  help?: string;
  problem?: string;
  disabled?: boolean;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  const problemId = `${id}-problem`;
  const describedBy = [help ? helpId : undefined, problem ? problemId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className="check-field">
      <label htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          aria-invalid={problem !== undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.checked)}
        />
        {label}
      </label>
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
