/** The kinds of config keys (GET /v1/auth-service-types, docs/admin-api.md#auth-service-configuration). */
export type FieldKind = 'string' | 'url' | 'string[]' | 'boolean' | 'integer' | 'pem' | 'enum' | 'object' | 'object[]';

/** One config key as the admin API describes it: the form renders it with no per-type code. */
export interface ConfigField {
  readonly key: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  /** Write-only: never answered, so never prefilled; empty on edit keeps the stored value. */
  readonly secret: boolean;
  readonly endpoint: boolean;
  readonly label: string;
  readonly help: string;
  readonly default?: unknown;
  readonly options?: readonly string[];
  /** Inclusive `[min, max]` of an `integer`. */
  readonly range?: readonly [number, number];
  readonly maxItems?: number;
  /** The keys of an `object`, or of each entry of an `object[]`. */
  readonly fields?: readonly ConfigField[];
}

export interface ServiceType {
  readonly type: string;
  readonly label: string;
  readonly description: string;
  readonly fields: readonly ConfigField[];
  readonly capabilities: readonly string[];
  readonly loginAvailable: boolean;
}

/** Where a service lives: one environment, or its whole organization. */
export type ServiceScope = { readonly environmentId: string } | { readonly organizationId: string };

/** A stored service as the form edits it (the parts of GET /v1/auth-services/:id it needs). */
export interface EditedService {
  readonly name: string;
  readonly description: string | null;
  readonly type: string;
  readonly scope: ServiceScope;
  readonly config: Readonly<Record<string, unknown>>;
  /** Which secret keys are set; their values are never answered. */
  readonly secretsSet: readonly string[];
}

export interface CreateServiceBody {
  readonly name: string;
  readonly description?: string;
  readonly type: string;
  readonly scope: ServiceScope;
  readonly config: Record<string, unknown>;
}

/** Only what changed; a config key set to null goes back to its default. */
export interface UpdateServiceBody {
  name?: string;
  description?: string;
  config?: Record<string, unknown>;
}

/** A user to sign in as while testing; never stored, never prefilled. */
export interface ConnectionProbe {
  readonly username: string;
  readonly password: string;
}

/** POST /v1/auth-services/test: the create body, nothing saved. */
export interface TestNewServiceBody extends CreateServiceBody {
  readonly probe?: ConnectionProbe;
}

/** POST /v1/auth-services/:id/test: the changed keys merged over the stored config as PATCH merges them. */
export interface TestStoredServiceBody {
  readonly config?: Record<string, unknown>;
  readonly probe?: ConnectionProbe;
}

export interface ConnectionCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly ms: number;
}

/** What a connection test answers: the checks in order (it stops at the first failing one). */
export interface ConnectionTestResult {
  readonly ok: boolean;
  readonly checks: readonly ConnectionCheck[];
}
