import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ApiError, FieldProblem } from '../api/errors';
import { asApiError } from '../app/use-load';
import { ErrorBanner } from '../components/ErrorBanner';
import { buildConfig } from './build-config';
import { ConfigFieldInput } from './ConfigFieldInput';
import { inputPaths, placeProblems } from './field-problems';
import { describedBy, FormPathsContext, type FormPaths } from './form-context';
import { valuesOf, type FieldValues } from './form-values';
import { ServiceBasics, type Basics } from './ServiceBasics';
import type { CreateServiceBody, EditedService, ServiceType, UpdateServiceBody } from './types';
import { updateBody } from './update-body';
import './forms.css';

export type ServiceFormProps = {
  /** GET /v1/auth-service-types: the form is built from these alone. */
  readonly types: readonly ServiceType[];
  readonly environmentId: string;
  readonly organizationId: string;
  readonly submitLabel: string;
  onCancel(): void;
} & (
  | { readonly service?: undefined; onCreate(body: CreateServiceBody): Promise<void> }
  | { readonly service: EditedService; onUpdate(body: UpdateServiceBody): Promise<void> }
);

/** Keeps what was typed for keys the new type shares (same key and kind); the others, and untouched defaults, start at the new type's defaults. */
function carriedOver(from: ServiceType | undefined, to: ServiceType, values: FieldValues): FieldValues {
  const untouched = valuesOf(from?.fields ?? []);
  const typed = (key: string) => JSON.stringify(values[key]) !== JSON.stringify(untouched[key]);
  const kept = to.fields.filter((field) => typed(field.key) && from?.fields.some((old) => old.key === field.key && old.kind === field.kind));
  return { ...valuesOf(to.fields), ...Object.fromEntries(kept.map((field) => [field.key, values[field.key]])) };
}

function nameProblems(name: string): FieldProblem[] {
  if (name.trim() === '') return [{ field: 'name', message: 'name is required' }];
  return name.trim().length > 100 ? [{ field: 'name', message: 'name must be at most 100 characters' }] : [];
}

/**
 * The create and edit form of an auth service, generated from its type's fields: no code per type.
 * Problems (the console's checks, or the API's 400 `fields`) are placed on their inputs, with a summary.
 */
export function ServiceForm(props: ServiceFormProps) {
  const { types, service } = props;
  const choosable = useMemo(() => (service ? types.filter((type) => type.type === service.type) : types.filter((type) => type.type !== 'local')), [types, service]);
  const [typeName, setTypeName] = useState(service?.type ?? choosable[0]?.type ?? '');
  const type = types.find((candidate) => candidate.type === typeName);
  const [basics, setBasics] = useState<Basics>({
    name: service?.name ?? '',
    description: service?.description ?? '',
    scope: service && 'organizationId' in service.scope ? 'organization' : 'environment',
  });
  const [values, setValues] = useState<FieldValues>(() => valuesOf(type?.fields ?? [], service?.config));
  const [cleared, setCleared] = useState<ReadonlySet<string>>(new Set());
  const [problems, setProblems] = useState<readonly FieldProblem[]>([]);
  const [error, setError] = useState<ApiError>();
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const prefix = useId().replace(/[^A-Za-z0-9]/g, '');

  const fields = type?.fields ?? [];
  const placed = useMemo(() => {
    const basicsInputs = [
      { path: 'type', label: 'Type' },
      { path: 'name', label: 'Name' },
      { path: 'description', label: 'Description' },
      { path: 'scope', label: 'Scope' },
    ];
    return placeProblems(problems, [...basicsInputs, ...inputPaths(fields, values)]);
  }, [problems, fields, values]);
  const paths: FormPaths = useMemo(
    () => ({ idOf: (path) => `${prefix}-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`, problemOf: (path) => placed.byPath.get(path) }),
    [prefix, placed],
  );

  useEffect(() => {
    if (attempt === 0) return;
    const first = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.current?.querySelector<HTMLElement>('[data-summary]');
    first?.focus();
  }, [attempt]);

  const refuse = (found: readonly FieldProblem[], refusal?: ApiError) => {
    setProblems(found);
    setError(refusal);
    setAttempt((count) => count + 1);
  };

  const submit = async () => {
    if (!type) return;
    const scope = basics.scope === 'organization' ? { organizationId: props.organizationId } : { environmentId: props.environmentId };
    let send: () => Promise<void>;
    if (props.service) {
      const { body, problems: found } = updateBody(fields, props.service, { name: basics.name, description: basics.description, values, cleared });
      const all = [...nameProblems(basics.name), ...found];
      if (all.length) return refuse(all);
      if (Object.keys(body).length === 0) return props.onCancel();
      const onUpdate = props.onUpdate;
      send = () => onUpdate(body);
    } else {
      const built = buildConfig(fields, values, { secretsRequired: true });
      const all = [...nameProblems(basics.name), ...built.problems];
      if (all.length) return refuse(all);
      const description = basics.description.trim();
      const body: CreateServiceBody = { name: basics.name.trim(), ...(description ? { description } : {}), type: type.type, scope, config: built.config };
      const onCreate = props.onCreate;
      send = () => onCreate(body);
    }
    setBusy(true);
    try {
      await send();
    } catch (caught) {
      const refusal = asApiError(caught);
      refuse(refusal.fields, refusal);
    } finally {
      setBusy(false);
    }
  };

  const typeInput = describedBy(paths, 'type');
  return (
    <FormPathsContext.Provider value={paths}>
      <form
        ref={form}
        className="service-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <ErrorBanner error={error} problems={placed.summary} />
        <ServiceBasics
          types={choosable}
          type={type}
          typeInput={typeInput}
          editing={service !== undefined}
          basics={basics}
          onType={(next) => {
            const chosen = types.find((candidate) => candidate.type === next);
            if (!chosen) return;
            setValues(carriedOver(type, chosen, values));
            setTypeName(next);
            setProblems([]);
            setError(undefined);
          }}
          onBasics={setBasics}
        />
        {fields.map((field) => (
          <ConfigFieldInput
            key={`${typeName}.${field.key}`}
            field={field}
            value={values[field.key]}
            path={`config.${field.key}`}
            secretSet={service?.secretsSet.includes(field.key)}
            clear={
              service && !field.required && (field.secret ? service.secretsSet.includes(field.key) : service.config[field.key] !== undefined)
                ? {
                    cleared: cleared.has(field.key),
                    onClear: () => {
                      setCleared(new Set([...cleared, field.key]));
                      setValues({ ...values, ...valuesOf([field]) });
                    },
                  }
                : undefined
            }
            onChange={(value) => {
              if (cleared.has(field.key)) setCleared(new Set([...cleared].filter((key) => key !== field.key)));
              setValues({ ...values, [field.key]: value });
            }}
          />
        ))}
        <div className="actions">
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" disabled={busy || !type}>
            {props.submitLabel}
          </button>
        </div>
      </form>
    </FormPathsContext.Provider>
  );
}
