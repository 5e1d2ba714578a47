import { useState } from 'react';
import type { Page } from '../../../api/client';
import { useApi } from '../../../app/session-context';
import { useLoad } from '../../../app/use-load';
import { FormDialog } from '../../../components/FormDialog';
import { isUuid } from '../../../components/input-rules';
import { LabeledField } from '../../../components/LabeledField';
import { fieldProblems, useSubmit } from '../../../components/use-submit';
import { ENVIRONMENT_SUMMARY } from '../environment-summary';
import type { ClientView, EnvironmentView, GrantWithSecret, UserView } from '../types';
import { nameOf } from '../users/user-name';
import { PickOrType, type Pick } from './PickOrType';

/** A grant binds one account of this environment to one client: the environment's appKey or a registered client. */
function useChoices(environment: EnvironmentView) {
  const api = useApi();
  const clients = useLoad(
    () =>
      api.get<Page<ClientView>>(`/v1/environments/${environment.id}/clients`, { limit: 100 }).then((page): Pick[] => [
        { value: environment.appKey, label: `${environment.name} (appKey)` },
        ...page.rows.map((client) => ({ value: client.clientId, label: `${client.name} (${client.clientId})` })),
      ]),
    [api, environment.id, environment.appKey, environment.name],
  );
  const users = useLoad(
    () => api.get<Page<UserView>>(`/v1/environments/${environment.id}/users`, { limit: 100 }).then((page): Pick[] => page.rows.map((user) => ({ value: user.uid, label: nameOf(user) }))),
    [api, environment.id],
  );
  return { clients, users };
}

/** "New grant": the answer's key and secret go to `onCreated`, to be shown once. */
export function CreateGrantDialog({ environment, onCreated, onClose }: { environment: EnvironmentView; onCreated: (grant: GrantWithSecret) => void; onClose: () => void }) {
  const api = useApi();
  const choices = useChoices(environment);
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
    ENVIRONMENT_SUMMARY,
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
      <LabeledField label="Client" required problem={problemOf('clientId')} help="The client the grant signs in through.">
        {(control) => <PickOrType control={control} loaded={choices.clients} value={clientId} onChange={setClientId} placeholder="client_id or appKey" />}
      </LabeledField>
      <LabeledField label="Principal" required problem={problemOf('principalId')} help="The user the grant signs in as.">
        {(control) => <PickOrType control={control} loaded={choices.users} value={principalId} onChange={setPrincipalId} placeholder="User id" empty="No users yet: create one in Users." />}
      </LabeledField>
      <label className="check">
        <input type="checkbox" checked={openDriver} onChange={(event) => setOpenDriver(event.target.checked)} />
        Allow open driver authentication (client_id alone, without a client secret)
      </label>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
        Enabled
      </label>
    </FormDialog>
  );
}
