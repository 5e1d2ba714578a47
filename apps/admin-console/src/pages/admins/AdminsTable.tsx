import { ListTable } from '../../components/ListTable';
import type { Admin } from './types';

const when = (value: string | null): string => (value ? new Date(value).toLocaleString() : 'Never');

/** `denied`: the caller may not disable admins (403), so the toggles are off. */
export function AdminsTable({ rows, busyId, denied, onToggle }: { rows: readonly Admin[]; busyId: string | undefined; denied: boolean; onToggle: (admin: Admin) => void }) {
  return (
    <ListTable>
      <thead>
        <tr>
          <th scope="col">Username</th>
          <th scope="col">Email</th>
          <th scope="col">Status</th>
          <th scope="col">Last sign-in</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((admin) => (
          <tr key={admin.id}>
            <td className="long">{admin.username}</td>
            <td className="long">{admin.email}</td>
            <td>{admin.disabled ? 'Disabled' : 'Enabled'}</td>
            <td>{when(admin.lastLoginAt)}</td>
            <td>
              <button
                type="button"
                disabled={denied || busyId === admin.id}
                aria-label={`${admin.disabled ? 'Enable' : 'Disable'} ${admin.username}`}
                onClick={() => onToggle(admin)}
              >
                {admin.disabled ? 'Enable' : 'Disable'}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </ListTable>
  );
}
