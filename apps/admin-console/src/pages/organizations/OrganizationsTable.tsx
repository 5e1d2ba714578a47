import { Link } from 'react-router';
import type { Organization } from './types';

export function OrganizationsTable({ rows }: { rows: readonly Organization[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Display name</th>
            <th scope="col">Client id</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((organization) => (
            <tr key={organization.id}>
              <td>
                <Link to={`/organizations/${organization.id}`}>{organization.name}</Link>
              </td>
              <td>{organization.displayName}</td>
              <td>
                <code>{organization.clientId}</code>
              </td>
              <td>{organization.enabled ? 'Enabled' : 'Disabled'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
