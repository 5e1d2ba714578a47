import { Link } from 'react-router';
import { ListTable, type Column } from '../../components/ListTable';
import type { Organization } from './types';

const COLUMNS: Column<Organization>[] = [
  { label: 'Name', cell: (organization) => <Link to={`/organizations/${organization.id}`}>{organization.name}</Link> },
  { label: 'Display name', cell: (organization) => organization.displayName },
  { label: 'Client id', long: true, cell: (organization) => <code>{organization.clientId}</code> },
  { label: 'Status', cell: (organization) => (organization.enabled ? 'Enabled' : 'Disabled') },
];

export function OrganizationsTable({ rows }: { rows: readonly Organization[] }) {
  return <ListTable columns={COLUMNS} rows={rows} rowKey={(organization) => organization.id} />;
}
