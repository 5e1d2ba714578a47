import { useId, useState } from 'react';
import { ApiError } from '../../api/errors';
import { useApi } from '../../app/session-context';
import { asApiError } from '../../app/use-load';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SecretOnce, type ShownValue } from '../../components/SecretOnce';
import type { ImportPlan, ImportResult } from './types';

/** Every secret a real import issued, for the one time they are shown. */
function issuedSecrets(result: ImportResult): ShownValue[] {
  return [
    { label: 'Organization client id', value: result.organization.clientId },
    { label: 'Organization client secret', value: result.organization.clientSecret },
    ...result.environments.flatMap((environment) => [
      { label: `appKey of ${environment.ref}`, value: environment.appKey },
      { label: `appSecret of ${environment.ref}`, value: environment.appSecret },
    ]),
    ...result.clients.flatMap((client) => (client.clientSecret ? [{ label: `Secret of client ${client.clientId}`, value: client.clientSecret }] : [])),
    ...result.appSignatures.map((signature) => ({ label: `OCRA key of app signature ${signature.ref}`, value: signature.secret })),
  ];
}

/** Import: a file → a dry-run report → "Import" → the newly issued secrets, once. */
export function ImportSection() {
  const api = useApi();
  const ids = { file: useId(), name: useId(), clientIds: useId() };
  const [document, setDocument] = useState<unknown>();
  const [name, setName] = useState('');
  const [newClientIds, setNewClientIds] = useState(false);
  const [plan, setPlan] = useState<ImportPlan>();
  const [error, setError] = useState<ApiError>();
  const [secrets, setSecrets] = useState<ShownValue[]>();
  const [busy, setBusy] = useState(false);
  const body = (dryRun: boolean) => ({ document, dryRun, ...(name ? { name } : {}), clientIds: newClientIds ? 'new' : 'keep' });
  const read = async (file: File | undefined) => {
    setPlan(undefined);
    setError(undefined);
    setDocument(undefined);
    if (!file) return;
    try {
      setDocument(JSON.parse(await file.text()));
    } catch {
      setError(new ApiError(400, 'This file is not a JSON transfer document.'));
    }
  };
  const run = async (dryRun: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      if (dryRun) setPlan(await api.post<ImportPlan>('/v1/organizations/import', body(true)));
      else {
        setSecrets(issuedSecrets(await api.post<ImportResult>('/v1/organizations/import', body(false))));
        setPlan(undefined);
        setDocument(undefined);
      }
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">Import</h2>
      <label htmlFor={ids.file}>Transfer document</label>
      <input id={ids.file} type="file" accept="application/json,.json" onChange={(event) => void read(event.target.files?.[0])} />
      <label htmlFor={ids.name}>Import under another name (optional)</label>
      <input id={ids.name} value={name} onChange={(event) => setName(event.target.value)} />
      <label>
        <input type="checkbox" checked={newClientIds} onChange={(event) => setNewClientIds(event.target.checked)} /> Issue new appKeys and client ids
      </label>
      <div className="actions start">
        <button type="button" disabled={document === undefined || busy} onClick={() => void run(true)}>
          Check
        </button>
      </div>
      <ErrorBanner error={error} />
      {plan ? <PlanReport plan={plan} /> : null}
      {plan && plan.conflicts.length === 0 ? (
        <button type="button" className="primary" disabled={busy} onClick={() => void run(false)}>
          Import
        </button>
      ) : null}
      {secrets ? <SecretOnce title="Imported: new credentials" values={secrets} onDone={() => setSecrets(undefined)} /> : null}
    </section>
  );
}

function PlanReport({ plan }: { plan: ImportPlan }) {
  return (
    <div aria-label="Dry run">
      <h3>Dry run</h3>
      <p>Would create: {Object.entries(plan.plan).map(([what, count]) => `${count} ${what}`).join(', ')}.</p>
      {plan.conflicts.length > 0 ? (
        <>
          <p role="alert">Conflicts with this installation — nothing can be imported until they are resolved:</p>
          <ul>
            {plan.conflicts.map((conflict) => (
              <li key={`${conflict.path}-${conflict.code}`}>
                {conflict.path}: {conflict.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {plan.missingSecrets.length > 0 ? (
        <>
          <p>Secrets not in the document (set them after the import):</p>
          <ul>
            {plan.missingSecrets.map((missing) => (
              <li key={missing.ref}>
                {missing.ref}: {missing.keys.join(', ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
