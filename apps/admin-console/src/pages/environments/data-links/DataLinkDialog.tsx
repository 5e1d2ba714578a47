import { useState } from 'react';
import { FormDialog } from '../../../components/FormDialog';
import { LabeledField } from '../../../components/LabeledField';
import { fieldProblems, useSubmit } from '../../../components/use-submit';
import type { AuthServiceSummary } from '../types';
import { checkDataLink, type DataLinkForm } from './data-link-form';
import type { DataLink } from './types';

/** "New data link" and "Edit": every field of a link; a refusal stays in the dialog, beside its fields. */
export function DataLinkDialog({ title, initial, editing, services, send, onSaved, onClose }: {
  title: string;
  initial: DataLinkForm;
  editing: boolean;
  services: readonly AuthServiceSummary[];
  send: (link: DataLinkForm) => Promise<DataLink>;
  onSaved: (link: DataLink) => void;
  onClose: () => void;
}) {
  const [link, setLink] = useState<DataLinkForm>(initial);
  const submission = useSubmit(() => send(link), onSaved, () => fieldProblems(checkDataLink(link)));
  const problemOf = (field: string) => submission.error?.problemOf(field);
  const set = <K extends keyof DataLinkForm>(key: K, value: DataLinkForm[K]) => setLink((previous) => ({ ...previous, [key]: value }));
  return (
    <FormDialog title={title} submission={submission} submitLabel={editing ? 'Save' : 'Create'} onClose={onClose}>
      <LabeledField label="Name" required problem={problemOf('name')} help="The gateway proxies /datalink/<name>/… to the backend.">
        {(control) => <input {...control} maxLength={63} value={link.name} onChange={(event) => set('name', event.target.value)} />}
      </LabeledField>
      <LabeledField label="Backend URL" required problem={problemOf('backendUrl')} help="http or https, without credentials, query or fragment.">
        {(control) => <input {...control} type="url" maxLength={2048} value={link.backendUrl} onChange={(event) => set('backendUrl', event.target.value)} />}
      </LabeledField>
      <LabeledField label="Auth service" required problem={problemOf('authServiceId')} help="Only this service's user access tokens are forwarded, with its header mappings.">
        {(control) => (
          <select {...control} value={link.authServiceId} onChange={(event) => set('authServiceId', event.target.value)}>
            <option value="">Pick a service</option>
            {services.map((service) => (
              <option key={service.id} value={service.id}>
                {service.name} ({service.type})
              </option>
            ))}
          </select>
        )}
      </LabeledField>
      <LabeledField label="Timeout (ms)" problem={problemOf('timeoutMs')} help="How long the gateway waits for the backend's answer to start: 100 to 60000.">
        {(control) => <input {...control} type="number" min={100} max={60000} value={link.timeoutMs} onChange={(event) => set('timeoutMs', event.target.value)} />}
      </LabeledField>
      <label className="check">
        <input type="checkbox" checked={link.enabled} onChange={(event) => set('enabled', event.target.checked)} />
        Enabled
      </label>
    </FormDialog>
  );
}
