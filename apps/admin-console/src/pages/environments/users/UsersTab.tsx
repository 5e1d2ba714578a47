import { useState } from 'react';
import type { Page } from '../../../api/client';
import { useApi } from '../../../app/session-context';
import { useLoad } from '../../../app/use-load';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { PagedList } from '../../../components/PagedList';
import type { UserView } from '../types';
import { useRowActions } from '../use-row-actions';
import { CreateUserDialog } from './CreateUserDialog';
import { UserSearch } from './UserSearch';
import { nameOf } from './user-name';
import { UserDialog } from './UserDialog';
import { UsersTable } from './UsersTable';
import { TabToolbar } from '../TabToolbar';

const LIMIT = 25;

/** The environment's accounts with their identities: search by username or email prefix, create, open one, disable, delete. */
export function UsersTab({ environmentId }: { environmentId: string }) {
  const api = useApi();
  const [search, setSearch] = useState('');
  const [skip, setSkip] = useState(0);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<UserView>();
  const [opened, setOpened] = useState<UserView>();
  const users = useLoad(() => api.get<Page<UserView>>(`/v1/environments/${environmentId}/users`, { limit: LIMIT, skip, search }), [api, environmentId, skip, search]);
  const actions = useRowActions(users.reload);
  const toggle = (user: UserView) => void actions.run('disable', () => api.patch(`/v1/users/${user.uid}`, { disabled: !user.disabled }));
  return (
    <>
      <TabToolbar title="Users" action="New user" onAction={() => setCreating(true)} />
      <UserSearch
        onSearch={(text) => {
          setSkip(0);
          setSearch(text);
        }}
      />
      <ErrorBanner error={actions.error} />
      <PagedList
        loaded={users}
        empty={<p>{search ? `No users match "${search}"` : 'No users yet'}</p>}
        onSkip={setSkip}
      >
        {(rows) => <UsersTable users={rows} allowed={actions.allowed} onOpen={setOpened} onToggle={toggle} onDelete={setDeleting} />}
      </PagedList>
      {creating ? (
        <CreateUserDialog
          environmentId={environmentId}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            users.reload();
          }}
        />
      ) : null}
      {opened ? <UserDialog user={opened} onChanged={users.reload} onClose={() => setOpened(undefined)} /> : null}
      {deleting ? (
        <ConfirmAction
          title={`Delete user ${nameOf(deleting)}?`}
          message="The account and its identities are deleted and its logins revoked."
          action="Delete"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.delete(`/v1/users/${deleting.uid}`);
            setDeleting(undefined);
            users.reload();
          }}
        />
      ) : null}
    </>
  );
}
