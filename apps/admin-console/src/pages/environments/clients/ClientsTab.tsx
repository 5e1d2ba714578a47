import { useState } from 'react';
import type { Page } from '../../../api/client';
import { useApi } from '../../../app/session-context';
import { useLoad } from '../../../app/use-load';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { SecretOnce } from '../../../components/SecretOnce';
import { PagedList } from '../../../components/PagedList';
import type { Revealed } from '../Revealed';
import type { ClientView, ClientWithSecret, EnvironmentView } from '../types';
import { useRowActions } from '../use-row-actions';
import { ClientsTable } from './ClientsTable';
import { changedFields, clientBody, formOf, NEW_CLIENT } from './client-form';
import { ClientDialog } from './ClientDialog';
import { TabToolbar } from '../TabToolbar';

const LIMIT = 25;

const credentialsOf = (title: string, client: ClientWithSecret): Revealed => ({
  title,
  values: [
    { label: 'Client ID', value: client.clientId },
    ...(client.clientSecret ? [{ label: 'Client secret', value: client.clientSecret }] : []),
  ],
});

/** The environment's registered OAuth clients (`kind=registered`): device clients are the Devices tab's. */
export function ClientsTab({ environment }: { environment: EnvironmentView }) {
  const api = useApi();
  const [skip, setSkip] = useState(0);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ClientView>();
  const [rotating, setRotating] = useState<ClientView>();
  const [deleting, setDeleting] = useState<ClientView>();
  const [revealed, setRevealed] = useState<Revealed>();
  const clients = useLoad(() => api.get<Page<ClientView>>(`/v1/environments/${environment.id}/clients`, { kind: 'registered', limit: LIMIT, skip }), [api, environment.id, skip]);
  const actions = useRowActions(clients.reload);
  const toggle = (client: ClientView) =>
    void actions.run(client.enabled ? 'disable' : 'enable', () => api.post(`/v1/clients/${client.id}/${client.enabled ? 'disable' : 'enable'}`));
  return (
    <>
      <TabToolbar title="Clients" action="New client" onAction={() => setCreating(true)} />
      <ErrorBanner error={actions.error} />
      <PagedList
        loaded={clients}
        empty={<p>No clients yet</p>}
        onSkip={setSkip}
      >
        {(rows) => <ClientsTable clients={rows} allowed={actions.allowed} onEdit={setEditing} onRotate={setRotating} onToggle={toggle} onDelete={setDeleting} />}
      </PagedList>
      {creating ? (
        <ClientDialog
          title="New client"
          initial={NEW_CLIENT}
          editing={false}
          send={(client) => api.post<ClientWithSecret>(`/v1/environments/${environment.id}/clients`, clientBody(client))}
          onClose={() => setCreating(false)}
          onSaved={(client) => {
            setCreating(false);
            clients.reload();
            setRevealed(credentialsOf(`Client ${client.name} created`, client));
          }}
        />
      ) : null}
      {editing ? (
        <ClientDialog
          title={`Edit client ${editing.name}`}
          initial={formOf(editing)}
          editing
          send={(client) => api.patch<ClientWithSecret>(`/v1/clients/${editing.id}`, changedFields(formOf(editing), client))}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            clients.reload();
          }}
        />
      ) : null}
      {rotating ? (
        <ConfirmAction
          title={`Rotate the secret of ${rotating.name}?`}
          message="The old secret stops working at once: apps using it must get the new one."
          action="Rotate"
          onClose={() => setRotating(undefined)}
          onConfirm={async () => {
            const answer = await api.post<ClientWithSecret>(`/v1/clients/${rotating.id}/rotate-secret`);
            setRotating(undefined);
            setRevealed(credentialsOf(`New secret of ${rotating.name}`, answer));
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmAction
          title={`Delete client ${deleting.name}?`}
          message="Its logins are revoked and apps using it can no longer sign in."
          action="Delete"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.delete(`/v1/clients/${deleting.id}`);
            setDeleting(undefined);
            clients.reload();
          }}
        />
      ) : null}
      {revealed ? <SecretOnce title={revealed.title} values={revealed.values} onDone={() => setRevealed(undefined)} /> : null}
    </>
  );
}
