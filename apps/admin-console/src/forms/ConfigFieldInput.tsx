import type { ReactNode } from 'react';
import { LabeledField, type FieldControlProps } from '../components/LabeledField';
import { describedBy, useFormPaths } from './form-context';
import { newRow, type FieldValue, type FieldValues } from './form-values';
import type { ConfigField } from './types';

export interface FieldInputProps {
  readonly field: ConfigField;
  readonly value: FieldValue;
  /** As the API names the key in its problems: `config.baseDn`, `config.headerMappings[0].header`. */
  readonly path: string;
  onChange(value: FieldValue): void;
  /** Editing: a "Clear" button for an optional key that is set (sent as null: back to its default). */
  readonly clear?: { readonly cleared: boolean; onClear(): void };
  /** Editing: the secret is stored, so leaving it empty keeps it. */
  readonly secretSet?: boolean;
}

/** One config key, rendered by its kind (docs/admin-api.md#auth-service-configuration). */
export function ConfigFieldInput(props: FieldInputProps) {
  switch (props.field.kind) {
    case 'boolean':
      return <CheckboxInput {...props} />;
    case 'object':
      return <ObjectInput {...props} />;
    case 'object[]':
      return <RowsInput {...props} />;
    default:
      return <TextInput {...props} />;
  }
}

/** The fields of one object (a service config, a nested object, a row), each under `prefix`. */
export function ConfigFields({ fields, values, prefix, onChange }: {
  fields: readonly ConfigField[];
  values: FieldValues;
  prefix: string;
  onChange(values: FieldValues): void;
}) {
  return (
    <>
      {fields.map((field) => (
        <ConfigFieldInput
          key={field.key}
          field={field}
          value={values[field.key]}
          path={`${prefix}.${field.key}`}
          onChange={(value) => onChange({ ...values, [field.key]: value })}
        />
      ))}
    </>
  );
}

function ClearButton({ field, clear }: Pick<FieldInputProps, 'field' | 'clear'>) {
  if (!clear) return null;
  if (clear.cleared) return <span className="cleared">Cleared: back to the default when saved</span>;
  return (
    <button type="button" className="link" aria-label={`Clear ${field.label}`} onClick={clear.onClear}>
      Clear
    </button>
  );
}

function helpOf(field: ConfigField, secretSet: boolean | undefined): ReactNode {
  const notes = [field.help];
  if (field.kind === 'string[]') notes.push('One value per line.');
  if (field.kind === 'integer' && field.range) notes.push(`From ${field.range[0]} to ${field.range[1]}.`);
  if (field.secret) notes.push(secretSet ? 'A value is set: leave empty to keep it.' : 'Stored encrypted and never shown again.');
  return notes.join(' ');
}

function TextInput({ field, value, path, onChange, clear, secretSet }: FieldInputProps) {
  const described = describedBy(useFormPaths(), path);
  return (
    <LabeledField
      id={described.id}
      label={field.label}
      required={field.required}
      help={helpOf(field, secretSet)}
      problem={described.problem}
      after={clear ? <ClearButton field={field} clear={clear} /> : undefined}
    >
      {(control) => <TextControl control={control} field={field} text={typeof value === 'string' ? value : ''} secretSet={secretSet} onChange={onChange} />}
    </LabeledField>
  );
}

function TextControl({ control, field, text, secretSet, onChange }: {
  control: FieldControlProps;
  field: ConfigField;
  text: string;
  secretSet: boolean | undefined;
  onChange(value: FieldValue): void;
}) {
  // A stored secret left empty is kept, so it is not required on edit (its marker still says the key is).
  const common = { ...control, required: field.required && !secretSet, value: text };
  const change = (event: { target: { value: string } }) => onChange(event.target.value);
  if (field.kind === 'enum') {
    return (
      <select {...common} onChange={change}>
        {(!field.required || !field.options?.includes(text)) && <option value="">{field.required ? 'Choose…' : 'None'}</option>}
        {field.options?.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  }
  if (field.kind === 'pem' || field.kind === 'string[]') {
    // A secret PEM key needs its line breaks, which a password input drops: a masked textarea instead.
    return <textarea {...common} className={field.secret ? 'masked' : undefined} autoComplete="off" rows={field.kind === 'pem' ? 6 : 3} spellCheck={false} onChange={change} />;
  }
  if (field.kind === 'integer') return <input {...common} type="number" step={1} min={field.range?.[0]} max={field.range?.[1]} inputMode="numeric" onChange={change} />;
  if (field.secret) return <input {...common} type="password" autoComplete="new-password" onChange={change} />;
  return <input {...common} type={field.kind === 'url' ? 'url' : 'text'} autoComplete="off" spellCheck={false} onChange={change} />;
}

function CheckboxInput({ field, value, path, onChange, clear }: FieldInputProps) {
  const described = describedBy(useFormPaths(), path);
  return (
    <div className="labeled-field checkbox-field">
      <div className="labeled-field-label">
        <input {...described.inputProps} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />
        <label htmlFor={described.id}>{field.label}</label>
        <ClearButton field={field} clear={clear} />
      </div>
      <p id={described.helpId} className="help">
        {helpOf(field, false)}
      </p>
      {described.problem && (
        <p id={described.problemId} className="field-error">
          {described.problem}
        </p>
      )}
    </div>
  );
}

function ObjectInput({ field, value, path, onChange, clear }: FieldInputProps) {
  const described = describedBy(useFormPaths(), path);
  return (
    <fieldset className="object-field" aria-describedby={described.helpId}>
      <legend>
        {field.label}
        {field.required && (
          <span className="required-marker" aria-hidden="true">
            *
          </span>
        )}
      </legend>
      <ClearButton field={field} clear={clear} />
      <p id={described.helpId} className="help">
        {field.help}
      </p>
      <ConfigFields fields={field.fields ?? []} values={(value ?? {}) as FieldValues} prefix={path} onChange={onChange} />
    </fieldset>
  );
}

function RowsInput({ field, value, path, onChange, clear }: FieldInputProps) {
  const paths = useFormPaths();
  const described = describedBy(paths, path);
  const rows = Array.isArray(value) ? (value as readonly FieldValues[]) : [];
  const full = field.maxItems !== undefined && rows.length >= field.maxItems;
  return (
    <fieldset className="rows-field" aria-describedby={described.problem ? `${described.helpId} ${described.problemId}` : described.helpId}>
      <legend>{field.label}</legend>
      <ClearButton field={field} clear={clear} />
      <p id={described.helpId} className="help">
        {field.help}
      </p>
      {described.problem && (
        <p id={described.problemId} className="field-error">
          {described.problem}
        </p>
      )}
      {rows.length === 0 && <p className="empty">None yet.</p>}
      {rows.map((row, index) => (
        <div role="group" aria-label={`Row ${index + 1}`} className="row" key={index}>
          <ConfigFields
            fields={field.fields ?? []}
            values={row}
            prefix={`${path}[${index}]`}
            onChange={(changed) => onChange(rows.map((entry, at) => (at === index ? changed : entry)))}
          />
          <button type="button" onClick={() => onChange(rows.filter((_, at) => at !== index))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" disabled={full} onClick={() => onChange([...rows, newRow(field)])}>
        Add
      </button>
    </fieldset>
  );
}
