import { ListTable, type Column } from '../../../components/ListTable';
import { DeleteButton, RowActions, ToggleButton } from '../../../components/RowActions';
import type { GrantView } from '../types';
import type { GrantSort, SortField } from './grant-query';
import { SortHeader } from './SortHeader';

export const grantName = (grant: GrantView): string => grant.title ?? grant.key;

const when = (iso: string): string => new Date(iso).toLocaleString();

export function GrantsTable({ grants, sort, onSort, allowed, onEdit, onToggle, onRotate, onDelete }: {
  grants: readonly GrantView[];
  sort: GrantSort;
  onSort: (field: SortField) => void;
  allowed: (action: string) => boolean;
  onEdit: (grant: GrantView) => void;
  onToggle: (grant: GrantView) => void;
  onRotate: (grant: GrantView) => void;
  onDelete: (grant: GrantView) => void;
}) {
  const sorted = (field: SortField, label: string) => ({ label, head: <SortHeader field={field} label={label} sort={sort} onSort={onSort} /> });
  const columns: Column<GrantView>[] = [
    { ...sorted('title', 'Title'), cell: (grant) => grant.title ?? <span className="muted">Untitled</span> },
    { label: 'Key', cell: (grant) => <code>{grant.key}</code> },
    { label: 'Client', cell: (grant) => <code>{grant.clientId}</code> },
    { label: 'Principal', cell: (grant) => <code>{grant.principalId}</code> },
    { ...sorted('enabled', 'Enabled'), cell: (grant) => (grant.enabled ? 'Enabled' : 'Disabled') },
    { ...sorted('createdAt', 'Created'), cell: (grant) => when(grant.createdAt) },
    { ...sorted('updatedAt', 'Updated'), cell: (grant) => when(grant.updatedAt) },
    {
      label: 'Actions',
      cell: (grant) => (
        <RowActions>
          <button type="button" aria-label={`Edit ${grantName(grant)}`} disabled={!allowed('edit')} onClick={() => onEdit(grant)}>
            Edit
          </button>
          <ToggleButton enabled={grant.enabled} name={grantName(grant)} disabled={!allowed(grant.enabled ? 'disable' : 'enable')} onClick={() => onToggle(grant)} />
          <button type="button" aria-label={`Rotate secret of ${grantName(grant)}`} disabled={!allowed('rotate')} onClick={() => onRotate(grant)}>
            Rotate secret
          </button>
          <DeleteButton name={grantName(grant)} disabled={!allowed('delete')} onClick={() => onDelete(grant)} />
        </RowActions>
      ),
    },
  ];
  return <ListTable caption="Authentication grants of this environment" columns={columns} rows={grants} rowKey={(grant) => grant.id} />;
}
