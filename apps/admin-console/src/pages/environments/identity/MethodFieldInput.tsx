import { useId } from 'react';
import { LabeledField } from '../../../components/LabeledField';
import type { MethodField } from './method-fields';

export interface InputProps {
  /** Any setting but the secret (SecretField). */
  readonly field: Exclude<MethodField, { readonly kind: 'secret' }>;
  readonly value: string | boolean;
  readonly problem: string | undefined;
  /** Whether the caller may only read the settings: every control is disabled. */
  readonly locked: boolean;
  readonly onChange: (value: string | boolean) => void;
}

/** A checkbox with its problem under it, described by it as LabeledField's controls are. */
export function CheckField({ field, value, problem, locked, onChange }: InputProps) {
  const problemId = `${useId()}-problem`;
  return (
    <div className="check-field">
      <label className="check">
        <input
          type="checkbox"
          checked={value === true}
          disabled={locked}
          aria-invalid={problem !== undefined}
          aria-describedby={problem ? problemId : undefined}
          onChange={(event) => onChange(event.target.checked)}
        />
        {field.label}
      </label>
      {problem ? (
        <p id={problemId} className="field-error">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** One setting's control, chosen by its kind. */
export function MethodFieldInput(props: InputProps) {
  const { field, value, problem, locked, onChange } = props;
  if (field.kind === 'boolean') return <CheckField {...props} />;
  const text = String(value);
  return (
    <LabeledField label={field.label} problem={problem} help={field.help}>
      {(control) => {
        const common = { ...control, disabled: locked, value: text };
        switch (field.kind) {
          case 'integer':
            return <input {...common} type="number" inputMode="numeric" min={field.min} max={field.max} step={1} onChange={(event) => onChange(event.target.value)} />;
          case 'choice':
            return (
              <select {...common} onChange={(event) => onChange(event.target.value)}>
                {field.options.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            );
          case 'lines':
            return <textarea {...common} rows={3} spellCheck={false} onChange={(event) => onChange(event.target.value)} />;
          default:
            return field.multiline ? (
              <textarea {...common} rows={field.maxLength > 1_000 ? 6 : 3} maxLength={field.maxLength} spellCheck={false} onChange={(event) => onChange(event.target.value)} />
            ) : (
              <input {...common} maxLength={field.maxLength} onChange={(event) => onChange(event.target.value)} />
            );
        }
      }}
    </LabeledField>
  );
}
