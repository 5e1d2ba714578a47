import { useId } from 'react';
import { describedByOf, FieldNotes } from './field-notes';

export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** A fieldset of checkboxes (several values) or radios (one value), with the group's problem under it. */
export function ChoiceGroup({ legend, kind, choices, chosen, onChange, problem, empty }: {
  legend: string;
  kind: 'checkbox' | 'radio';
  choices: readonly Choice[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  problem?: string;
  /** Shown instead of the controls when there is nothing to choose. */
  empty?: string;
}) {
  const name = useId();
  const describedBy = describedByOf(name, undefined, problem);
  const toggle = (value: string, on: boolean) => {
    if (kind === 'radio') onChange([value]);
    else onChange(on ? [...chosen, value] : chosen.filter((candidate) => candidate !== value));
  };
  return (
    <fieldset className="checks" aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {choices.length === 0 && empty ? <p className="muted">{empty}</p> : null}
      {choices.map((choice) => (
        <label key={choice.value}>
          <input
            type={kind}
            name={name}
            value={choice.value}
            checked={chosen.includes(choice.value)}
            onChange={(event) => toggle(choice.value, event.target.checked)}
            aria-invalid={problem !== undefined}
            aria-describedby={describedBy}
          />
          {choice.label}
        </label>
      ))}
      <FieldNotes id={name} problem={problem} />
    </fieldset>
  );
}
