import { CheckField } from '../../../components/CheckField';
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

/** One setting's control, chosen by its kind. */
export function MethodFieldInput({ field, value, problem, locked, onChange }: InputProps) {
  if (field.kind === 'boolean') return <CheckField label={field.label} checked={value === true} problem={problem} disabled={locked} onChange={onChange} />;
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
