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

/** What one vault master key seals, per kind of sealed value (`GET /v1/vault/keys`). */
export interface SealedCounts {
  readonly vaultEntries: number;
  readonly authServices: number;
  readonly signingKeys: number;
  readonly identitySettings: number;
  readonly mfaFactors: number;
  readonly appSignatures: number;
}

export interface MasterKey extends SealedCounts {
  readonly keyId: string;
  /** Whether it is `VAULT_MASTER_KEY` (seals); the others only open. */
  readonly current: boolean;
}

export interface MasterKeys {
  readonly currentKeyId: string;
  readonly keys: readonly MasterKey[];
}

/** `POST /v1/vault/rotate`: what it sealed again under the current key, and per key what is still under another. */
export interface VaultRotation {
  readonly currentKeyId: string;
  readonly rewrapped: SealedCounts;
  readonly remaining: Readonly<Record<string, number>>;
}
