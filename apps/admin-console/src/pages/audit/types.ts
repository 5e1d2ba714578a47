/** One audit event as `GET /v1/audit-events` answers it (docs/admin-api.md). */
export interface AuditEvent {
  readonly id: string;
  readonly occurredAt: string;
  readonly actorType: string;
  readonly actorId: string | null;
  readonly action: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly organizationId: string | null;
  readonly outcome: 'success' | 'failure' | 'denied';
  readonly ip: string | null;
  readonly details: Record<string, unknown>;
}

/** The filters as typed: `from`/`to` are `datetime-local` values (the admin's local time). */
export interface AuditFilterValues {
  readonly organizationId: string;
  readonly action: string;
  readonly outcome: string;
  readonly from: string;
  readonly to: string;
}

export const NO_FILTERS: AuditFilterValues = { organizationId: '', action: '', outcome: '', from: '', to: '' };
