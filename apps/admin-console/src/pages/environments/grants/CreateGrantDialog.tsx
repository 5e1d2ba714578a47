import { useState } from 'react';
import type { Page } from '../../../api/client';
import { useApi } from '../../../app/session-context';
import { useLoad } from '../../../app/use-load';
import { Dialog } from '../../../components/Dialog';
import { Field } from '../form/Field';
import { FormSummary } from '../form/FormSummary';
import { isUuid } from '../form/lines';
import { useForm } from '../form/use-form';
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
  const form = useForm<GrantWithSecret>(onCreated);
  const create = () =>
    form.submit(
      {
        principalId: isUuid(principalId.trim()) ? undefined : 'Choose the user the grant signs in as.',
        clientId: clientId.trim() === '' ? 'Choose the client the grant signs in through.' : undefined,
        title: title.length > 200 ? 'At most 200 characters.' : undefined,
        description: description.length > 2000 ? 'At most 2000 characters.' : undefined,
      },
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
    );
  return (
    <Dialog title="New grant" onClose={onClose}>
      <form
        ref={form.formRef}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <FormSummary problems={form.problems} />
        <Field label="Title" problem={form.problemOf('title')} help="E.g. the device it is for: iPad Application.">
          {(control) => <input {...control} maxLength={200} value={title} onChange={(event) => setTitle(event.target.value)} />}
        </Field>
        <Field label="Description" problem={form.problemOf('description')}>
          {(control) => <textarea {...control} rows={2} maxLength={2000} value={description} onChange={(event) => setDescription(event.target.value)} />}
        </Field>
        <Field label="Client" required problem={form.problemOf('clientId')} help="The client the grant signs in through.">
          {(control) => <PickOrType control={control} loaded={choices.clients} value={clientId} onChange={setClientId} placeholder="client_id or appKey" />}
        </Field>
        <Field label="Principal" required problem={form.problemOf('principalId')} help="The user the grant signs in as.">
          {(control) => <PickOrType control={control} loaded={choices.users} value={principalId} onChange={setPrincipalId} placeholder="User id" empty="No users yet: create one in Users." />}
        </Field>
        <label className="check">
          <input type="checkbox" checked={openDriver} onChange={(event) => setOpenDriver(event.target.checked)} />
          Allow open driver authentication (client_id alone, without a client secret)
        </label>
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
          Enabled
        </label>
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={form.busy}>
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}
