import { ListTable, type Column } from '../../../components/ListTable';
import { DeleteButton, RowActions, ToggleButton } from '../../../components/RowActions';
import type { UserView } from '../types';
import { nameOf } from './user-name';
import { when } from './when';

export function UsersTable({ users, allowed, onOpen, onToggle, onDelete }: {
  users: readonly UserView[];
  allowed: (action: string) => boolean;
  onOpen: (user: UserView) => void;
  onToggle: (user: UserView) => void;
  onDelete: (user: UserView) => void;
}) {
  const columns: Column<UserView>[] = [
    {
      label: 'User',
      cell: (user) => (
        <>
          {nameOf(user)}
          <br />
          <code className="muted">{user.uid}</code>
        </>
      ),
    },
    {
      label: 'Identities',
      cell: (user) => (
        <ul className="identities" aria-label={`Identities of ${nameOf(user)}`}>
          {user.identities.map((identity) => (
            <li key={identity.id}>
              {identity.provider}: {identity.username ?? identity.email ?? identity.providerUid}
            </li>
          ))}
        </ul>
      ),
    },
    { label: 'Status', cell: (user) => (user.disabled ? 'Disabled' : 'Enabled') },
    { label: 'Last sign-in', cell: (user) => when(user.lastLoginAt) },
    {
      label: 'Actions',
      cell: (user) => (
        <RowActions>
          <button type="button" aria-label={`Details of ${nameOf(user)}`} onClick={() => onOpen(user)}>
            Details
          </button>
          <ToggleButton enabled={!user.disabled} name={nameOf(user)} disabled={!allowed('disable')} onClick={() => onToggle(user)} />
          <DeleteButton name={nameOf(user)} disabled={!allowed('delete')} onClick={() => onDelete(user)} />
        </RowActions>
      ),
    },
  ];
  return <ListTable caption="Users of this environment" columns={columns} rows={users} rowKey={(user) => user.uid} />;
}
