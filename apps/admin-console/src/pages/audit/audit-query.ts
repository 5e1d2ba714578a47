import type { Query } from '../../api/client';
import type { FieldProblem } from '../../api/errors';
import type { AuditFilterValues } from './types';

const MAX_ACTION = 64;

/** A `datetime-local` value read in the admin's time zone, as the ISO instant the API filters by. */
export function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const instant = new Date(local);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

export function filterProblems(filters: AuditFilterValues): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (filters.action.trim().length > MAX_ACTION) problems.push({ field: 'action', message: `Use at most ${MAX_ACTION} characters.` });
  if (filters.from && !isoOf(filters.from)) problems.push({ field: 'from', message: 'Enter a date and time.' });
  if (filters.to && !isoOf(filters.to)) problems.push({ field: 'to', message: 'Enter a date and time.' });
  const from = isoOf(filters.from);
  const to = isoOf(filters.to);
  if (from && to && from >= to) problems.push({ field: 'to', message: 'To must be later than From.' });
  return problems;
}

/** The query of `GET /v1/audit-events`: `from` inclusive, `to` exclusive; empty filters are left out. */
export function auditQuery(filters: AuditFilterValues, limit: number, skip: number): Query {
  return {
    organizationId: filters.organizationId || undefined,
    action: filters.action.trim() || undefined,
    outcome: filters.outcome || undefined,
    from: isoOf(filters.from),
    to: isoOf(filters.to),
    limit,
    skip,
  };
}
