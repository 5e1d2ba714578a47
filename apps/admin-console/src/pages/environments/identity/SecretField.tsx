import { CheckField } from '../../../components/CheckField';
import { LabeledField } from '../../../components/LabeledField';
import type { MethodField } from './method-fields';

/**
 * The write-only custom-token secret: never prefilled, only whether one is stored; a typed one
 * replaces it, empty keeps it, and "Remove the stored secret" sends null.
 */
export function SecretField({ field, value, remove, secretSet, problem, locked, onChange, onRemoveChange }: {
  field: MethodField & { kind: 'secret' };
  value: string;
  remove: boolean;
  secretSet: boolean;
  problem: string | undefined;
  locked: boolean;
  onChange: (value: string) => void;
  onRemoveChange: (remove: boolean) => void;
}) {
  const stored = secretSet ? 'A secret is set' : 'No secret set';
  return (
    <>
      <LabeledField
        label={secretSet ? 'Replace secret' : field.label}
        problem={problem}
        help={`${stored}. HS256 only, ${field.minLength} to ${field.maxLength} characters; empty keeps the stored one.`}
      >
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="new-password"
            maxLength={field.maxLength}
            disabled={locked || remove}
            value={value}
            onChange={(event) => onChange(event.target.value)}
          />
        )}
      </LabeledField>
      {secretSet ? (
        <CheckField label="Remove the stored secret" checked={remove} disabled={locked || value !== ''} onChange={onRemoveChange} />
      ) : null}
    </>
  );
}
