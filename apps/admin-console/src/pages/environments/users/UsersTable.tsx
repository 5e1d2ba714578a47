import type { UserView } from '../types';
import { nameOf } from './user-name';

const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : 'Never');

export function UsersTable({ users, allowed, onToggle, onDelete }: {
  users: readonly UserView[];
  allowed: (action: string) => boolean;
  onToggle: (user: UserView) => void;
  onDelete: (user: UserView) => void;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="muted">Users of this environment</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Identities</th>
            <th scope="col">Status</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const name = nameOf(user);
            return (
              <tr key={user.uid}>
                <td>
                  {name}
                  <br />
                  <code className="muted">{user.uid}</code>
                </td>
                <td>
                  <ul className="identities" aria-label={`Identities of ${name}`}>
                    {user.identities.map((identity) => (
                      <li key={identity.id}>
                        {identity.provider}: {identity.username ?? identity.email ?? identity.providerUid}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{user.disabled ? 'Disabled' : 'Enabled'}</td>
                <td>{when(user.lastLoginAt)}</td>
                <td>
                  <div className="row-actions">
                    <button type="button" aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${name}`} disabled={!allowed('disable')} onClick={() => onToggle(user)}>
                      {user.disabled ? 'Enable' : 'Disable'}
                    </button>
                    <button type="button" className="danger" aria-label={`Delete ${name}`} disabled={!allowed('delete')} onClick={() => onDelete(user)}>
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
