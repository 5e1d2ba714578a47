import { ListTable } from '../../components/ListTable';
import type { AuditEvent } from './types';

const who = (event: AuditEvent): string => (event.actorId ? `${event.actorType} ${event.actorId}` : event.actorType);
const what = (event: AuditEvent): string => (event.targetType ? `${event.targetType} ${event.targetId ?? ''}`.trim() : '');

export function AuditTable({ rows }: { rows: readonly AuditEvent[] }) {
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
            <td className="long">{who(event)}</td>
            <td>{event.action}</td>
            <td className="long">{what(event)}</td>
            <td>{event.outcome}</td>
          </tr>
        ))}
      </tbody>
    </ListTable>
  );
}
