/** `GET /v1/operations/cleanup` (docs/admin-api.md). */
export interface CleanupRun {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly outcome: string;
  readonly deleted: Readonly<Record<string, number>>;
}

export interface CleanupStatus {
  readonly mode: 'bullmq' | 'in-process';
  readonly intervalSeconds: number;
  readonly batchSize: number;
  readonly running: boolean;
  readonly lastRun: CleanupRun | null;
  readonly nextRunAt: string | null;
}

/** `POST /v1/operations/cleanup`: the run, or `{running: true}` (202) when it outlasts the answer. */
export type CleanupAnswer = CleanupRun | { readonly running: true };

export interface RotatedKeys {
  readonly rotated: readonly { readonly kid: string; readonly alg: string; readonly activatesAt: string }[];
}

export interface OrganizationRow {
  readonly id: string;
  readonly name: string;
}

export interface Conflict {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** A dry run of `POST /v1/organizations/import`. */
export interface ImportPlan {
  readonly dryRun: true;
  readonly conflicts: readonly Conflict[];
  readonly plan: Readonly<Record<string, number>>;
  readonly missingSecrets: readonly { readonly ref: string; readonly keys: readonly string[] }[];
}

/** A real import: every secret newly issued, shown only here. */
export interface ImportResult {
  readonly organization: { readonly id: string; readonly name: string; readonly clientId: string; readonly clientSecret: string };
  readonly environments: readonly { readonly ref: string; readonly id: string; readonly appKey: string; readonly appSecret: string }[];
  readonly clients: readonly { readonly ref: string; readonly id: string; readonly clientId: string; readonly clientSecret?: string }[];
  readonly appSignatures: readonly { readonly ref: string; readonly id: string; readonly secret: string }[];
}
