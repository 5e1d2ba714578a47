import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ApiError, FieldProblem } from '../api/errors';
import { asApiError } from '../app/use-load';
import { ErrorBanner } from '../components/ErrorBanner';
import { buildConfig } from './build-config';
import { ConfigFieldInput } from './ConfigFieldInput';
import { ConnectionResult, ProbeFields } from './ConnectionTest';
import { inputPaths, placeProblems } from './field-problems';
import { describedBy, FormPathsContext, type FormPaths } from './form-context';
import { valuesOf, type FieldValues } from './form-values';
import { ServiceBasics, type Basics } from './ServiceBasics';
import type {
  ConnectionProbe,
  ConnectionTestResult,
  CreateServiceBody,
  EditedService,
  ServiceType,
  TestNewServiceBody,
  TestStoredServiceBody,
  UpdateServiceBody,
} from './types';
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
  | { readonly service?: undefined; onCreate(body: CreateServiceBody): Promise<void>; onTest?(body: TestNewServiceBody): Promise<ConnectionTestResult> }
  | { readonly service: EditedService; onUpdate(body: UpdateServiceBody): Promise<void>; onTest?(body: TestStoredServiceBody): Promise<ConnectionTestResult> }
);

/** Keeps what was typed for keys the new type shares (same key and kind); the others, and untouched defaults, start at the new type's defaults. */
function carriedOver(from: ServiceType | undefined, to: ServiceType, values: FieldValues): FieldValues {
  const untouched = valuesOf(from?.fields ?? []);
  const typed = (key: string) => JSON.stringify(values[key]) !== JSON.stringify(untouched[key]);
  const kept = to.fields.filter((field) => typed(field.key) && from?.fields.some((old) => old.key === field.key && old.kind === field.kind));
  return { ...valuesOf(to.fields), ...Object.fromEntries(kept.map((field) => [field.key, values[field.key]])) };
}

/** The probe is sent only once a username is given; then it needs its password too. */
function probeOf(probe: ConnectionProbe): { readonly probe?: ConnectionProbe; readonly problems: FieldProblem[] } {
  if (probe.username.trim() === '') return { problems: [] };
  if (probe.password === '') return { problems: [{ field: 'probe.password', message: 'probe.password is required' }] };
  return { probe: { username: probe.username.trim(), password: probe.password }, problems: [] };
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
  const [probe, setProbe] = useState<ConnectionProbe>({ username: '', password: '' });
  const [testing, setTesting] = useState(false);
  // A result describes the settings it was run with: once they change it is no longer shown.
  const [tested, setTested] = useState<{ readonly result: ConnectionTestResult; readonly of: readonly unknown[] }>();
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
    const probeInputs = [
      { path: 'probe.username', label: 'Test username' },
      { path: 'probe.password', label: 'Test password' },
    ];
    return placeProblems(problems, [...basicsInputs, ...inputPaths(fields, values), ...probeInputs]);
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

  const settings = [typeName, basics, values, cleared, probe];
  const shownResult = tested && tested.of.every((part, index) => part === settings[index]) ? tested.result : undefined;

  /** The create body the form stands for, or what stops it. */
  const created = (): { readonly body?: CreateServiceBody; readonly problems: readonly FieldProblem[] } => {
    if (!type) return { problems: [] };
    const built = buildConfig(fields, values, { secretsRequired: true });
    const problems = [...nameProblems(basics.name), ...built.problems];
    if (problems.length) return { problems };
    const scope = basics.scope === 'organization' ? { organizationId: props.organizationId } : { environmentId: props.environmentId };
    const description = basics.description.trim();
    return { body: { name: basics.name.trim(), ...(description ? { description } : {}), type: type.type, scope, config: built.config }, problems: [] };
  };

  const changed = (stored: EditedService) => updateBody(fields, stored, { name: basics.name, description: basics.description, values, cleared });

  /** Runs one call to the API; a refusal's field problems are placed on the fields as a create's are. */
  const send = async <T,>(call: () => Promise<T>, setRunning: (running: boolean) => void): Promise<T | undefined> => {
    setRunning(true);
    try {
      return await call();
    } catch (caught) {
      const refusal = asApiError(caught);
      refuse(refusal.fields, refusal);
      return undefined;
    } finally {
      setRunning(false);
    }
  };

  const submit = async () => {
    if (!type) return;
    if (props.service) {
      const { body, problems: found } = changed(props.service);
      const all = [...nameProblems(basics.name), ...found];
      if (all.length) return refuse(all);
      if (Object.keys(body).length === 0) return props.onCancel();
      const onUpdate = props.onUpdate;
      await send(() => onUpdate(body), setBusy);
    } else {
      const { body, problems: found } = created();
      if (!body) return refuse(found);
      const onCreate = props.onCreate;
      await send(() => onCreate(body), setBusy);
    }
  };

  /** Tests what the form holds now: on create the create body, on edit only the changed keys (an empty secret is kept). Nothing is saved. */
  const test = async () => {
    if (!type || busy || testing) return;
    const tried = probeOf(probe);
    let call: () => Promise<ConnectionTestResult>;
    if (props.service) {
      const { body, problems: found } = changed(props.service);
      if (found.length || tried.problems.length) return refuse([...found, ...tried.problems]);
      const onTest = props.onTest;
      if (!onTest) return;
      call = () => onTest({ ...(body.config ? { config: body.config } : {}), ...(tried.probe ? { probe: tried.probe } : {}) });
    } else {
      const { body, problems: found } = created();
      if (!body || tried.problems.length) return refuse([...found, ...tried.problems]);
      const onTest = props.onTest;
      if (!onTest) return;
      call = () => onTest({ ...body, ...(tried.probe ? { probe: tried.probe } : {}) });
    }
    setTested(undefined);
    const result = await send(call, setTesting);
    if (!result) return;
    setProblems([]);
    setError(undefined);
    setTested({ result, of: settings });
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
        {props.onTest && type && (
          <section className="connection-test" aria-label="Connection test">
            {!type.loginAvailable ? (
              <p className="help">Connection tests are not available for this type yet.</p>
            ) : (
              <>
                {type.capabilities.includes('form-login') && <ProbeFields probe={probe} onProbe={setProbe} onTest={() => void test()} />}
                {testing && <p role="status">Testing the connection…</p>}
                {shownResult && !testing && <ConnectionResult result={shownResult} />}
              </>
            )}
          </section>
        )}
        <div className="actions">
          {props.onTest && type?.loginAvailable && (
            <button type="button" disabled={busy || testing} aria-busy={testing || undefined} onClick={() => void test()}>
              Test connection
            </button>
          )}
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" disabled={busy || testing || !type}>
            {props.submitLabel}
          </button>
        </div>
      </form>
    </FormPathsContext.Provider>
  );
}
