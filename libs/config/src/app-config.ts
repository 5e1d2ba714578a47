import type { MailConfig, SmsConfig } from './delivery-config';
import type { SecretValue } from './secret-value';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
/** How log lines are written; unset: readable lines on a terminal, JSON otherwise. */
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Where the data lives: a PostgreSQL server, or the embedded PGlite in a data directory. */
export type DatabaseConfig =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'pglite'; readonly dataDir: string };

/** The master key of the vault: 32 bytes, with the id stored beside everything it encrypts. */
export interface VaultKeyConfig {
  readonly keyId: string;
  readonly key: SecretValue;
}

/**
 * Express's `trust proxy`: `false` (default, the socket address is the client), a number of hops,
 * or the addresses/CIDRs/keywords whose X-Forwarded-For is believed.
 */
export type TrustProxy = false | number | readonly string[];

/** The validated, frozen configuration. Nothing outside libs/config reads process.env. */
export interface AppConfig {
  /** Interface both servers listen on (default all, 0.0.0.0). */
  readonly host: string;
  readonly port: number;
  readonly adminPort: number;
  /** The issuer: no trailing slash. */
  readonly publicUrl: string;
  /** PUBLIC_URL uses https: cookies get `Secure` and pages send HSTS. */
  readonly https: boolean;
  readonly adminPublicUrl: string;
  readonly database: DatabaseConfig;
  /** Absolute path; holds the embedded database, its lock and generated secrets. */
  readonly dataDir: string;
  /** CONSOLE_DIR: an existing directory (absolute) the admin console is served from; unset: the build beside the admin API's (docs/admin-console.md). */
  readonly consoleDir?: string;
  readonly redisUrl?: string;
  readonly vaultKey: VaultKeyConfig;
  /** Master keys that open what they sealed but never seal (VAULT_PREVIOUS_MASTER_KEYS), for rotation. */
  readonly previousVaultKeys: readonly VaultKeyConfig[];
  /** Keys the HMAC of generated secrets (client, app and grant secrets). */
  readonly secretPepper: SecretValue;
  readonly trustProxy: TrustProxy;
  readonly logLevel: LogLevel;
  readonly logFormat?: LogFormat;
  readonly bootstrapAdmin?: { readonly username: string; readonly password: SecretValue };
  /**
   * Requests per second per client on the token endpoint, sign-ins per minute per address and
   * username, and authorization requests per minute per address; 0 turns one off.
   */
  readonly rateLimits: { readonly tokenPerSecond: number; readonly loginPerMinute: number; readonly authorizePerMinute: number; readonly deviceRegistrationPerMinute: number };
  /** The expiry cleanup (docs/operations.md, "Expiry cleanup"). */
  readonly cleanup: CleanupConfig;
  /** GET /metrics on both ports (docs/operations.md, "Metrics"); false: 404 and nothing counted. */
  readonly metricsEnabled: boolean;
  /** NODE_ENV=production: without a mail or SMS transport that method cannot be used (no console outbox). */
  readonly production: boolean;
  readonly mail: MailConfig;
  /** Unset without SMS_PROVIDER_URL. */
  readonly sms?: SmsConfig;
}

export interface CleanupConfig {
  /** Seconds between scheduled runs; 0: none (a run can still be asked for). */
  readonly intervalSeconds: number;
  /** Rows per delete statement. */
  readonly batchSize: number;
  /** Audit events older than this many days are deleted; 0 keeps them forever. */
  readonly auditRetentionDays: number;
}
