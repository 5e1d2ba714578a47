import { useState } from 'react';
import { useApi } from '../../../app/session-context';
import { FormDialog } from '../../../components/FormDialog';
import { isUuid } from '../../../components/input-rules';
import { LabeledField } from '../../../components/LabeledField';
import { fieldProblems, useSubmit } from '../../../components/use-submit';
import type { EnvironmentView, GrantWithSecret } from '../types';
import { ClientPicker } from './ClientPicker';
import { OpenDriverCheckbox } from './OpenDriverCheckbox';
import { PrincipalPicker } from './PrincipalPicker';

/**
 * "New grant": one account of this environment bound to one client (the environment's appKey or a
 * registered client); the answer's key and secret go to `onCreated`, to be shown once.
 */
export function CreateGrantDialog({ environment, onCreated, onClose }: { environment: EnvironmentView; onCreated: (grant: GrantWithSecret) => void; onClose: () => void }) {
  const api = useApi();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [clientId, setClientId] = useState('');
  const [principalId, setPrincipalId] = useState('');
  const [openDriver, setOpenDriver] = useState(false);
  const [enabled, setEnabled] = useState(true);
  const submission = useSubmit(
    () =>
      api.post<GrantWithSecret>('/v1/authentication-grants', {
        principalDomainId: environment.id,
        principalId: principalId.trim(),
        clientId: clientId.trim(),
        ...(title.trim() !== '' && { title: title.trim() }),
        ...(description.trim() !== '' && { description: description.trim() }),
        allowOpenDriverAuthentication: openDriver,
        enabled,
      }),
    onCreated,
    () =>
      fieldProblems({
        principalId: isUuid(principalId.trim()) ? undefined : 'Choose the user the grant signs in as.',
        clientId: clientId.trim() === '' ? 'Choose the client the grant signs in through.' : undefined,
        title: title.length > 200 ? 'At most 200 characters.' : undefined,
        description: description.length > 2000 ? 'At most 2000 characters.' : undefined,
      }),
  );
  const problemOf = (field: string) => submission.error?.problemOf(field);
  return (
    <FormDialog title="New grant" submission={submission} onClose={onClose}>
      <LabeledField label="Title" problem={problemOf('title')} help="E.g. the device it is for: iPad Application.">
        {(control) => <input {...control} maxLength={200} value={title} onChange={(event) => setTitle(event.target.value)} />}
      </LabeledField>
      <LabeledField label="Description" problem={problemOf('description')}>
        {(control) => <textarea {...control} rows={2} maxLength={2000} value={description} onChange={(event) => setDescription(event.target.value)} />}
      </LabeledField>
      <ClientPicker environment={environment} value={clientId} problem={problemOf('clientId')} onChange={setClientId} />
      <PrincipalPicker environmentId={environment.id} value={principalId} problem={problemOf('principalId')} onChange={setPrincipalId} />
      <OpenDriverCheckbox checked={openDriver} problem={problemOf('allowOpenDriverAuthentication')} onChange={setOpenDriver} />
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
        Enabled
      </label>
    </FormDialog>
  );
}
