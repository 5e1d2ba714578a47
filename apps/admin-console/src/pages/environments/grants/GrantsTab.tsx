import { useState } from 'react';
import type { Page } from '../../../api/client';
import { useApi } from '../../../app/session-context';
import { useLoad } from '../../../app/use-load';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { SecretOnce } from '../../../components/SecretOnce';
import { useDenied } from '../../../components/use-denied';
import { PagedList } from '../../../components/PagedList';
import type { Revealed } from '../Revealed';
import type { EnvironmentView, GrantView, GrantWithSecret } from '../types';
import { useRowActions } from '../use-row-actions';
import { CreateGrantDialog } from './CreateGrantDialog';
import { EditGrantDialog } from './EditGrantDialog';
import { DEFAULT_SORT, NO_FILTERS, queryBody, sortedBy, type GrantFilters, type GrantSort } from './grant-query';
import { GrantFiltersForm } from './GrantFiltersForm';
import { grantName, GrantsTable } from './GrantsTable';
import { TabToolbar } from '../TabToolbar';

const credentialsOf = (title: string, grant: GrantWithSecret): Revealed => ({
  title,
  values: [
    { label: 'Key', value: grant.key },
    { label: 'Secret', value: grant.secret },
  ],
});

/** The environment's authentication grants through POST /v1/authentication-grants/query: filters, sort and paging. */
export function GrantsTab({ environment }: { environment: EnvironmentView }) {
  const api = useApi();
  const [filters, setFilters] = useState<GrantFilters>(NO_FILTERS);
  const [sort, setSort] = useState<GrantSort>(DEFAULT_SORT);
  const [skip, setSkip] = useState(0);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<GrantView>();
  const [rotating, setRotating] = useState<GrantView>();
  const [deleting, setDeleting] = useState<GrantView>();
  const [revealed, setRevealed] = useState<Revealed>();
  const grants = useLoad(
    () => api.post<Page<GrantView>>('/v1/authentication-grants/query', queryBody(environment.id, filters, sort, skip)),
    [api, environment.id, filters, sort, skip],
  );
  const actions = useRowActions(grants.reload);
  const editRefused = useDenied();
  const allowed = (action: string) => actions.allowed(action) && !(action === 'edit' && editRefused.denied);
  const toggle = (grant: GrantView) =>
    void actions.run(grant.enabled ? 'disable' : 'enable', () => api.post(`/v1/authentication-grants/${grant.id}/${grant.enabled ? 'disable' : 'enable'}`));
  const filtered = Object.values(filters).some((value) => value !== '');
  return (
    <>
      <TabToolbar title="Authentication grants" action="New grant" onAction={() => setCreating(true)} />
      <GrantFiltersForm
        onApply={(next) => {
          setSkip(0);
          setFilters(next);
        }}
      />
      <ErrorBanner error={actions.error} />
      <PagedList
        loaded={grants}
        empty={<p>{filtered ? 'No grants match these filters' : 'No grants yet'}</p>}
        onSkip={setSkip}
      >
        {(rows) => (
          <GrantsTable
            grants={rows}
            sort={sort}
            onSort={(field) => {
              setSkip(0);
              setSort(sortedBy(sort, field));
            }}
            allowed={allowed}
            onEdit={setEditing}
            onToggle={toggle}
            onRotate={setRotating}
            onDelete={setDeleting}
          />
        )}
      </PagedList>
      {creating ? (
        <CreateGrantDialog
          environment={environment}
          onClose={() => setCreating(false)}
          onCreated={(grant) => {
            setCreating(false);
            grants.reload();
            setRevealed(credentialsOf(`Grant ${grantName(grant)} created`, grant));
          }}
        />
      ) : null}
      {editing ? (
        <EditGrantDialog
          grant={editing}
          guard={editRefused.guard}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            grants.reload();
          }}
        />
      ) : null}
      {rotating ? (
        <ConfirmAction
          title={`Rotate the secret of ${grantName(rotating)}?`}
          message="The old secret stops working and every login made with it is revoked."
          action="Rotate"
          onClose={() => setRotating(undefined)}
          onConfirm={async () => {
            const answer = await api.post<GrantWithSecret>(`/v1/authentication-grants/${rotating.id}/rotate`);
            setRotating(undefined);
            grants.reload();
            setRevealed(credentialsOf(`New secret of ${grantName(answer)}`, answer));
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmAction
          title={`Delete grant ${grantName(deleting)}?`}
          message="Every login made through it is revoked."
          action="Delete"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.delete(`/v1/authentication-grants/${deleting.id}`);
            setDeleting(undefined);
            grants.reload();
          }}
        />
      ) : null}
      {revealed ? <SecretOnce title={revealed.title} values={revealed.values} onDone={() => setRevealed(undefined)} /> : null}
    </>
  );
}
