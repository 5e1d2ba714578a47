import { ListTable, type Column } from '../../../components/ListTable';
import { DeleteButton, RowActions, ToggleButton } from '../../../components/RowActions';
import type { ServiceType } from '../../../forms/types';
import type { AuthService } from './types';

/** One row per service: name, type label, scope, enabled, and its actions (named for the service). */
export function ServicesTable({ services, types, onEdit, onToggle, onDelete }: {
  services: readonly AuthService[];
  types: readonly ServiceType[];
  onEdit(service: AuthService): void;
  onToggle(service: AuthService): void;
  onDelete(service: AuthService): void;
}) {
  const labelOf = (type: string) => types.find((candidate) => candidate.type === type)?.label ?? type;
  const columns: Column<AuthService>[] = [
    { label: 'Name', cell: (service) => service.name },
    { label: 'Type', cell: (service) => labelOf(service.type) },
    { label: 'Scope', cell: (service) => ('organizationId' in service.scope ? 'Organization' : 'This environment') },
    { label: 'Enabled', cell: (service) => (service.enabled ? 'Yes' : 'No') },
    {
      label: 'Actions',
      cell: (service) => (
        <RowActions>
          <button type="button" aria-label={`Edit ${service.name}`} onClick={() => onEdit(service)}>
            Edit
          </button>
          <ToggleButton enabled={service.enabled} name={service.name} onClick={() => onToggle(service)} />
          {service.type !== 'local' && <DeleteButton name={service.name} onClick={() => onDelete(service)} />}
        </RowActions>
      ),
    },
  ];
  return <ListTable columns={columns} rows={services} rowKey={(service) => service.id} />;
}
