import { useId } from 'react';
import { describedByOf, FieldNotes } from './field-notes';
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
  return (
    <div className="check-field">
      <label htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          aria-invalid={problem !== undefined}
          aria-describedby={describedByOf(id, help, problem)}
          onChange={(event) => onChange(event.target.checked)}
        />
        {label}
      </label>
      <FieldNotes id={id} help={help} problem={problem} />
    </div>
  );
}
