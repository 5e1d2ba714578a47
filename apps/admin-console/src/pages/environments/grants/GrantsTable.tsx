import type { GrantView } from '../types';
import type { GrantSort, SortField } from './grant-query';
import { SortHeader } from './SortHeader';

export const grantName = (grant: GrantView): string => grant.title ?? grant.key;

const when = (iso: string): string => new Date(iso).toLocaleString();

export function GrantsTable({ grants, sort, onSort, allowed, onToggle, onRotate, onDelete }: {
  grants: readonly GrantView[];
  sort: GrantSort;
  onSort: (field: SortField) => void;
  allowed: (action: string) => boolean;
  onToggle: (grant: GrantView) => void;
  onRotate: (grant: GrantView) => void;
  onDelete: (grant: GrantView) => void;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="muted">Authentication grants of this environment</caption>
        <thead>
          <tr>
            <SortHeader field="title" label="Title" sort={sort} onSort={onSort} />
            <th scope="col">Key</th>
            <th scope="col">Client</th>
            <th scope="col">Principal</th>
            <SortHeader field="enabled" label="Enabled" sort={sort} onSort={onSort} />
            <SortHeader field="createdAt" label="Created" sort={sort} onSort={onSort} />
            <SortHeader field="updatedAt" label="Updated" sort={sort} onSort={onSort} />
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {grants.map((grant) => {
            const name = grantName(grant);
            return (
              <tr key={grant.id}>
                <td>{grant.title ?? <span className="muted">Untitled</span>}</td>
                <td>
                  <code>{grant.key}</code>
                </td>
                <td>
                  <code>{grant.clientId}</code>
                </td>
                <td>
                  <code>{grant.principalId}</code>
                </td>
                <td>{grant.enabled ? 'Enabled' : 'Disabled'}</td>
                <td>{when(grant.createdAt)}</td>
                <td>{when(grant.updatedAt)}</td>
                <td>
                  <div className="row-actions">
                    <button
                      type="button"
                      aria-label={`${grant.enabled ? 'Disable' : 'Enable'} ${name}`}
                      disabled={!allowed(grant.enabled ? 'disable' : 'enable')}
                      onClick={() => onToggle(grant)}
                    >
                      {grant.enabled ? 'Disable' : 'Enable'}
                    </button>
                    <button type="button" aria-label={`Rotate secret of ${name}`} disabled={!allowed('rotate')} onClick={() => onRotate(grant)}>
                      Rotate secret
                    </button>
                    <button type="button" className="danger" aria-label={`Delete ${name}`} disabled={!allowed('delete')} onClick={() => onDelete(grant)}>
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
