import { ListTable } from '../../components/ListTable';
import type { AuditEvent } from './types';

/** An id as the admin knows it (a username, an organization name) when the console has it, else the id. */
const named = (names: ReadonlyMap<string, string>, id: string | null): string => (id ? (names.get(id) ?? id) : '');
const who = (event: AuditEvent, names: ReadonlyMap<string, string>): string => `${event.actorType} ${named(names, event.actorId)}`.trim();
const what = (event: AuditEvent, names: ReadonlyMap<string, string>): string => (event.targetType ? `${event.targetType} ${named(names, event.targetId)}`.trim() : '');

export function AuditTable({ rows, names }: { rows: readonly AuditEvent[]; names: ReadonlyMap<string, string> }) {
  return (
    <ListTable>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Actor</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((event) => (
          <tr key={event.id}>
            <td>
              <time dateTime={event.occurredAt}>{new Date(event.occurredAt).toLocaleString()}</time>
            </td>
            <td className="long">{who(event, names)}</td>
            <td>{event.action}</td>
            <td className="long">{what(event, names)}</td>
            <td>{event.outcome}</td>
          </tr>
        ))}
      </tbody>
    </ListTable>
  );
}
