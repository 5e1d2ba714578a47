import { useId } from 'react';
import './check-field.css';

/** One checkbox with its label beside it, and help under it that the checkbox is described by. */
export function CheckField({ label, help, checked, onChange }: { label: string; help?: string; checked: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <div className="check-field">
      <label htmlFor={id}>
        <input id={id} type="checkbox" checked={checked} aria-describedby={help ? helpId : undefined} onChange={(event) => onChange(event.target.checked)} />
        {label}
      </label>
      {help ? (
        <p id={helpId} className="help">
          {help}
        </p>
      ) : null}
    </div>
  );
}
