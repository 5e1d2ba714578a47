import type { Loaded } from '../../../app/use-load';
import type { FieldControlProps } from '../../../components/LabeledField';

export interface Pick {
  readonly value: string;
  readonly label: string;
}

/**
 * A select of the loaded choices; a text input when they cannot be listed (the caller may not read
 * them) or when `typed` asks for one. A value not among the choices stays offered, so it is not lost.
 */
export function PickOrType({ control, loaded, value, onChange, placeholder, empty, typed = false }: {
  control: FieldControlProps;
  loaded: Loaded<readonly Pick[]>;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  empty?: string;
  typed?: boolean;
}) {
  if (typed || loaded.state === 'failed') return <input {...control} placeholder={placeholder} value={value} onChange={(event) => onChange(event.target.value)} />;
  const picks = loaded.state === 'ready' ? loaded.value : [];
  const shown = value !== '' && !picks.some((pick) => pick.value === value) ? [{ value, label: value }, ...picks] : picks;
  return (
    <select {...control} value={value} disabled={loaded.state === 'loading'} onChange={(event) => onChange(event.target.value)}>
      <option value="">{loaded.state === 'loading' ? 'Loading…' : picks.length === 0 && empty ? empty : 'Choose…'}</option>
      {shown.map((pick) => (
        <option key={pick.value} value={pick.value}>
          {pick.label}
        </option>
      ))}
    </select>
  );
}
