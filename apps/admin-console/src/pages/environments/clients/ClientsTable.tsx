import { ListTable, type Column } from '../../../components/ListTable';
import { DeleteButton, RowActions, ToggleButton } from '../../../components/RowActions';
import type { ClientView } from '../types';

export function ClientsTable({ clients, allowed, onEdit, onRotate, onToggle, onDelete }: {
  clients: readonly ClientView[];
  allowed: (action: string) => boolean;
  onEdit: (client: ClientView) => void;
  onRotate: (client: ClientView) => void;
  onToggle: (client: ClientView) => void;
  onDelete: (client: ClientView) => void;
}) {
  const columns: Column<ClientView>[] = [
    { label: 'Name', cell: (client) => client.name },
    { label: 'Client ID', cell: (client) => <code>{client.clientId}</code> },
    { label: 'Type', cell: (client) => client.type },
    { label: 'Status', cell: (client) => (client.enabled ? 'Enabled' : 'Disabled') },
    {
      label: 'Actions',
      cell: (client) => (
        <RowActions>
          <button type="button" aria-label={`Edit ${client.name}`} onClick={() => onEdit(client)}>
            Edit
          </button>
          {client.type === 'confidential' ? (
            <button type="button" aria-label={`Rotate secret of ${client.name}`} disabled={!allowed('rotate')} onClick={() => onRotate(client)}>
              Rotate secret
            </button>
          ) : null}
          <ToggleButton enabled={client.enabled} name={client.name} disabled={!allowed(client.enabled ? 'disable' : 'enable')} onClick={() => onToggle(client)} />
          <DeleteButton name={client.name} disabled={!allowed('delete')} onClick={() => onDelete(client)} />
        </RowActions>
      ),
    },
  ];
  return <ListTable caption="Clients of this environment" columns={columns} rows={clients} rowKey={(client) => client.id} />;
}
