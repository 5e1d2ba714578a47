import { ListTable, type Column } from '../../components/ListTable';
import type { AuditEvent } from './types';

/** An id as the admin knows it (a username, an organization name) when the console has it, else the id. */
const named = (names: ReadonlyMap<string, string>, id: string | null): string => (id ? (names.get(id) ?? id) : '');
const who = (event: AuditEvent, names: ReadonlyMap<string, string>): string => `${event.actorType} ${named(names, event.actorId)}`.trim();
const what = (event: AuditEvent, names: ReadonlyMap<string, string>): string => (event.targetType ? `${event.targetType} ${named(names, event.targetId)}`.trim() : '');

export function AuditTable({ rows, names }: { rows: readonly AuditEvent[]; names: ReadonlyMap<string, string> }) {
  const columns: Column<AuditEvent>[] = [
    { label: 'Time', cell: (event) => <time dateTime={event.occurredAt}>{new Date(event.occurredAt).toLocaleString()}</time> },
    { label: 'Actor', long: true, cell: (event) => who(event, names) },
    { label: 'Action', cell: (event) => event.action },
    { label: 'Target', long: true, cell: (event) => what(event, names) },
    { label: 'Outcome', cell: (event) => event.outcome },
  ];
  return <ListTable columns={columns} rows={rows} rowKey={(event) => event.id} />;
}
