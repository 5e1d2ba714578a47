import { ListTable, type Column } from '../../../components/ListTable';
import { DeleteButton, RowActions } from '../../../components/RowActions';
import type { AuthServiceSummary } from '../types';
import type { DataLink } from './types';

export function DataLinksTable({ links, services, allowed, onEdit, onDelete }: {
  links: readonly DataLink[];
  services: readonly AuthServiceSummary[];
  allowed: (action: string) => boolean;
  onEdit: (link: DataLink) => void;
  onDelete: (link: DataLink) => void;
}) {
  const serviceName = (id: string) => services.find((service) => service.id === id)?.name ?? id;
  const columns: Column<DataLink>[] = [
    { label: 'Name', cell: (link) => link.name },
    { label: 'Backend URL', cell: (link) => <code>{link.backendUrl}</code>, long: true },
    { label: 'Auth service', cell: (link) => serviceName(link.authServiceId) },
    { label: 'Timeout', cell: (link) => `${link.timeoutMs} ms` },
    { label: 'Status', cell: (link) => (link.enabled ? 'Enabled' : 'Disabled') },
    {
      label: 'Actions',
      cell: (link) => (
        <RowActions>
          <button type="button" aria-label={`Edit ${link.name}`} disabled={!allowed('edit')} onClick={() => onEdit(link)}>
            Edit
          </button>
          <DeleteButton name={link.name} disabled={!allowed('delete')} onClick={() => onDelete(link)} />
        </RowActions>
      ),
    },
  ];
  return <ListTable caption="Data links of this environment" columns={columns} rows={links} rowKey={(link) => link.id} />;
}
