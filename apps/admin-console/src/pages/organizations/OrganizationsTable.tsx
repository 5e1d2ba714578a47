import { Link } from 'react-router';
import { ListTable } from '../../components/ListTable';
import type { Organization } from './types';

export function OrganizationsTable({ rows }: { rows: readonly Organization[] }) {
  return (
    <ListTable>
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
            <td className="long">
              <code>{organization.clientId}</code>
            </td>
            <td>{organization.enabled ? 'Enabled' : 'Disabled'}</td>
          </tr>
        ))}
      </tbody>
    </ListTable>
  );
}
