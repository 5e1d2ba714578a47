import { ListTable, type Column } from '../../components/ListTable';
import { RowActions, ToggleButton } from '../../components/RowActions';
import type { Admin } from './types';

const when = (value: string | null): string => (value ? new Date(value).toLocaleString() : 'Never');

/** `refused`: the API refused this caller disabling or enabling that admin (403), so its toggle is off. */
export function AdminsTable({ rows, busyId, refused, onToggle, onShowAuthorities }: {
  rows: readonly Admin[];
  busyId: string | undefined;
  refused: (admin: Admin) => boolean;
  onToggle: (admin: Admin) => void;
  onShowAuthorities: (admin: Admin) => void;
}) {
  const columns: Column<Admin>[] = [
    { label: 'Username', long: true, cell: (admin) => admin.username },
    { label: 'Email', long: true, cell: (admin) => admin.email },
    { label: 'Status', cell: (admin) => (admin.disabled ? 'Disabled' : 'Enabled') },
    { label: 'Last sign-in', cell: (admin) => when(admin.lastLoginAt) },
    {
      label: 'Actions',
      cell: (admin) => (
        <RowActions>
          <ToggleButton enabled={!admin.disabled} name={admin.username} disabled={refused(admin) || busyId === admin.id} onClick={() => onToggle(admin)} />
          <button type="button" aria-label={`Authorities of ${admin.username}`} onClick={() => onShowAuthorities(admin)}>
            Authorities
          </button>
        </RowActions>
      ),
    },
  ];
  return <ListTable columns={columns} rows={rows} rowKey={(admin) => admin.id} />;
}
