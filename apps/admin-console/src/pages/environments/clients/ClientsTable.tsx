import type { ClientView } from '../types';

export function ClientsTable({ clients, allowed, onEdit, onRotate, onToggle, onDelete }: {
  clients: readonly ClientView[];
  allowed: (action: string) => boolean;
  onEdit: (client: ClientView) => void;
  onRotate: (client: ClientView) => void;
  onToggle: (client: ClientView) => void;
  onDelete: (client: ClientView) => void;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="muted">Clients of this environment</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Client ID</th>
            <th scope="col">Kind</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {clients.map((client) => (
            <tr key={client.id}>
              <td>{client.name}</td>
              <td>
                <code>{client.clientId}</code>
              </td>
              <td>{client.kind}</td>
              <td>{client.type}</td>
              <td>{client.enabled ? 'Enabled' : 'Disabled'}</td>
              <td>
                <div className="row-actions">
                  <button type="button" aria-label={`Edit ${client.name}`} onClick={() => onEdit(client)}>
                    Edit
                  </button>
                  {client.type === 'confidential' ? (
                    <button type="button" aria-label={`Rotate secret of ${client.name}`} disabled={!allowed('rotate')} onClick={() => onRotate(client)}>
                      Rotate secret
                    </button>
                  ) : null}
                  <button
                    type="button"
                    aria-label={`${client.enabled ? 'Disable' : 'Enable'} ${client.name}`}
                    disabled={!allowed(client.enabled ? 'disable' : 'enable')}
                    onClick={() => onToggle(client)}
                  >
                    {client.enabled ? 'Disable' : 'Enable'}
                  </button>
                  <button type="button" className="danger" aria-label={`Delete ${client.name}`} disabled={!allowed('delete')} onClick={() => onDelete(client)}>
                    Delete
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
