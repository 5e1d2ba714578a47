import type { Loaded } from '../../../app/use-load';
import type { FieldControlProps } from '../../../components/LabeledField';

export interface Pick {
  readonly value: string;
  readonly label: string;
}

/** A select of the loaded choices; a text input when they cannot be listed (the caller may not read them). */
export function PickOrType({ control, loaded, value, onChange, placeholder, empty }: {
  control: FieldControlProps;
  loaded: Loaded<readonly Pick[]>;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  empty?: string;
}) {
  if (loaded.state === 'failed') return <input {...control} placeholder={placeholder} value={value} onChange={(event) => onChange(event.target.value)} />;
  const picks = loaded.state === 'ready' ? loaded.value : [];
  return (
    <select {...control} value={value} disabled={loaded.state === 'loading'} onChange={(event) => onChange(event.target.value)}>
      <option value="">{loaded.state === 'loading' ? 'Loading…' : picks.length === 0 && empty ? empty : 'Choose…'}</option>
      {picks.map((pick) => (
        <option key={pick.value} value={pick.value}>
          {pick.label}
        </option>
      ))}
    </select>
  );
}
