/** A data link as the admin API answers it (apps/admin-api/src/data-links/data-links.dto.ts, docs/admin-api.md#data-links). */
export interface DataLink {
  readonly id: string;
  readonly environmentId: string;
  readonly name: string;
  readonly backendUrl: string;
  readonly authServiceId: string;
  readonly timeoutMs: number;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}
