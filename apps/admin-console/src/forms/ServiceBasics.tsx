import { describedBy, useFormPaths } from './form-context';
import { LabeledField } from '../components/LabeledField';
import type { ServiceType } from './types';

export interface Basics {
  readonly name: string;
  readonly description: string;
  readonly scope: 'environment' | 'organization';
}

const optionLabel = (type: ServiceType) => (type.loginAvailable ? type.label : `${type.label} (sign-in not available yet)`);

/** What every service has before its type's settings: type, name, description, scope (fixed once created). */
export function ServiceBasics({ types, type, typeInput, editing, basics, onType, onBasics }: {
  types: readonly ServiceType[];
  type: ServiceType | undefined;
  typeInput: ReturnType<typeof describedBy>;
  editing: boolean;
  basics: Basics;
  onType(type: string): void;
  onBasics(basics: Basics): void;
}) {
  const paths = useFormPaths();
  const name = describedBy(paths, 'name');
  const description = describedBy(paths, 'description');
  const scope = describedBy(paths, 'scope');
  const typeHelp = type ? (type.loginAvailable ? type.description : `${type.description} Sign-in through this type is not available yet: services can be stored, their logins are refused.`) : '';
  return (
    <>
      <LabeledField id={typeInput.id} label="Type" required help={typeHelp} problem={typeInput.problem}>
        {(control) => (
          <select {...control} disabled={editing} value={type?.type ?? ''} onChange={(event) => onType(event.target.value)}>
            {types.map((candidate) => (
              <option key={candidate.type} value={candidate.type}>
                {optionLabel(candidate)}
              </option>
            ))}
          </select>
        )}
      </LabeledField>
      <LabeledField id={name.id} label="Name" required help="Shown to admins; at most 100 characters." problem={name.problem}>
        {(control) => (
          <input {...control} maxLength={100} autoComplete="off" value={basics.name} onChange={(event) => onBasics({ ...basics, name: event.target.value })} />
        )}
      </LabeledField>
      <LabeledField id={description.id} label="Description" help="Optional, at most 500 characters." problem={description.problem}>
        {(control) => (
          <textarea {...control} rows={2} maxLength={500} value={basics.description} onChange={(event) => onBasics({ ...basics, description: event.target.value })} />
        )}
      </LabeledField>
      <fieldset className="scope-field" aria-describedby={scope.problem ? `${scope.helpId} ${scope.problemId}` : scope.helpId}>
        <legend>Scope</legend>
        {(['environment', 'organization'] as const).map((choice) => (
          <div className="choice" key={choice}>
            <input
              type="radio"
              id={`${scope.id}-${choice}`}
              name={scope.id}
              checked={basics.scope === choice}
              disabled={editing}
              aria-invalid={scope.problem !== undefined}
              onChange={() => onBasics({ ...basics, scope: choice })}
            />
            <label htmlFor={`${scope.id}-${choice}`}>{choice === 'environment' ? 'This environment' : 'Its organization'}</label>
          </div>
        ))}
        <p id={scope.helpId} className="help">
          {editing ? 'The scope is fixed once the service is created.' : "An organization's services are usable by all its environments."}
        </p>
        {scope.problem && (
          <p id={scope.problemId} className="field-error">
            {scope.problem}
          </p>
        )}
      </fieldset>
    </>
  );
}
