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
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Scope</th>
            <th scope="col">Enabled</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {services.map((service) => (
            <tr key={service.id}>
              <td>{service.name}</td>
              <td>{labelOf(service.type)}</td>
              <td>{'organizationId' in service.scope ? 'Organization' : 'This environment'}</td>
              <td>{service.enabled ? 'Yes' : 'No'}</td>
              <td className="row-actions">
                <button type="button" aria-label={`Edit ${service.name}`} onClick={() => onEdit(service)}>
                  Edit
                </button>
                <button type="button" aria-label={`${service.enabled ? 'Disable' : 'Enable'} ${service.name}`} onClick={() => onToggle(service)}>
                  {service.enabled ? 'Disable' : 'Enable'}
                </button>
                {service.type !== 'local' && (
                  <button type="button" className="danger" aria-label={`Delete ${service.name}`} onClick={() => onDelete(service)}>
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
