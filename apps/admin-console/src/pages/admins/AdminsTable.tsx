import { ListTable, type Column } from '../../components/ListTable';
import { ToggleButton } from '../../components/RowActions';
import type { Admin } from './types';

const when = (value: string | null): string => (value ? new Date(value).toLocaleString() : 'Never');

/** `denied`: the caller may not disable admins (403), so the toggles are off. */
export function AdminsTable({ rows, busyId, denied, onToggle }: { rows: readonly Admin[]; busyId: string | undefined; denied: boolean; onToggle: (admin: Admin) => void }) {
  const columns: Column<Admin>[] = [
    { label: 'Username', long: true, cell: (admin) => admin.username },
    { label: 'Email', long: true, cell: (admin) => admin.email },
    { label: 'Status', cell: (admin) => (admin.disabled ? 'Disabled' : 'Enabled') },
    { label: 'Last sign-in', cell: (admin) => when(admin.lastLoginAt) },
    { label: 'Actions', cell: (admin) => <ToggleButton enabled={!admin.disabled} name={admin.username} disabled={denied || busyId === admin.id} onClick={() => onToggle(admin)} /> },
  ];
  return <ListTable columns={columns} rows={rows} rowKey={(admin) => admin.id} />;
}
