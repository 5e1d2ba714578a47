import { useId } from 'react';

/** The grant's `allowOpenDriverAuthentication`, said as what it allows, with the API's problem under it. */
export function OpenDriverCheckbox({ checked, problem, onChange }: { checked: boolean; problem?: string; onChange: (checked: boolean) => void }) {
  const problemId = useId();
  return (
    <>
      <label className="check">
        <input
          type="checkbox"
          checked={checked}
          aria-invalid={problem !== undefined}
          aria-describedby={problem ? problemId : undefined}
          onChange={(event) => onChange(event.target.checked)}
        />
        Allow open driver authentication (client_id alone, without a client secret)
      </label>
      {problem ? (
        <p id={problemId} className="field-error">
          {problem}
        </p>
      ) : null}
    </>
  );
}
