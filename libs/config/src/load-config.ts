import { resolve } from 'node:path';
import type { AppConfig, LogLevel, TrustProxy } from './app-config';
import { LOG_FORMATS, LOG_LEVELS } from './app-config';
import { ConfigError } from './config.error';
import { loadDeliveryConfig } from './delivery-config';
import { EMBEDDED_SECRETS_FILE, readOrCreateEmbeddedSecrets } from './embedded-secrets';
import {
  InvalidValue,
  parseAdminPassword,
  parseAdminUsername,
  parseBoolean,
  parseCount,
  parseExistingDirectory,
  parseHost,
  parseOneOf,
  parsePepper,
  parsePort,
  parsePreviousVaultKeys,
  parsePublicUrl,
  parseTrustProxy,
  parseUrlWithScheme,
  parseVaultKey,
  parseWholeNumberIn,
} from './env-parsers';
import { SecretValue } from './secret-value';

export interface LoadedConfig {
  config: AppConfig;
  /** Things the operator should know but that do not stop start-up. */
  warnings: string[];
}

const generateHint = 'generate with: openssl rand -base64 32';

/**
 * Validates the environment once into a frozen AppConfig. Every problem is collected and
 * reported together, one line each, naming the variable; unrelated variables are ignored.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const problems: string[] = [];
  const warnings: string[] = [];

  const read = <T>(name: string, parse: (raw: string) => T): T | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    try {
      return parse(raw);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      problems.push(`${name}: ${error.message}`);
      return undefined;
    }
  };

  const host = read('HOST', parseHost) ?? '0.0.0.0';
  const port = read('PORT', parsePort) ?? 3000;
  const adminPort = read('ADMIN_PORT', parsePort) ?? 3001;
  if (port === adminPort && env.PORT && env.ADMIN_PORT) problems.push('ADMIN_PORT: must differ from PORT');
  const publicUrl = read('PUBLIC_URL', parsePublicUrl) ?? `http://localhost:${port}`;
  const adminPublicUrl = read('ADMIN_PUBLIC_URL', parsePublicUrl) ?? `http://localhost:${adminPort}`;
  const databaseUrl = read(
    'DATABASE_URL',
    parseUrlWithScheme(['postgres', 'postgresql'], 'postgres://user:password@host:5432/rapidauth'),
  );
  const dataDir = resolve(env.DATA_DIR || './data');
  const consoleDir = read('CONSOLE_DIR', parseExistingDirectory);
  const redisUrl = read('REDIS_URL', parseUrlWithScheme(['redis', 'rediss'], 'redis://host:6379'));
  let vaultKey = read('VAULT_MASTER_KEY', parseVaultKey);
  const previousVaultKeys = parsePreviousVaultKeys(env.VAULT_PREVIOUS_MASTER_KEYS ?? '');
  problems.push(...previousVaultKeys.problems.map((problem) => `VAULT_PREVIOUS_MASTER_KEYS: ${problem}`));
  let pepper = read('SECRET_PEPPER', parsePepper);
  const trustProxy: TrustProxy = read('TRUST_PROXY', parseTrustProxy) ?? false;
  const logLevel: LogLevel = read('LOG_LEVEL', parseOneOf(LOG_LEVELS)) ?? 'info';
  const logFormat = read('LOG_FORMAT', parseOneOf(LOG_FORMATS));
  const tokenPerSecond = read('TOKEN_RATE_LIMIT', parseCount) ?? 50;
  const loginPerMinute = read('LOGIN_RATE_LIMIT', parseCount) ?? 10;
  const authorizePerMinute = read('AUTHORIZE_RATE_LIMIT', parseCount) ?? 60;
  const deviceRegistrationPerMinute = read('DEVICE_REGISTRATION_RATE_LIMIT', parseCount) ?? 10;
  const cleanupIntervalSeconds = read('CLEANUP_INTERVAL_SECONDS', parseWholeNumberIn(0, 86_400, 'seconds between cleanups; 0 schedules none')) ?? 300;
  const cleanupBatchSize = read('CLEANUP_BATCH_SIZE', parseWholeNumberIn(1, 50_000, 'rows per delete statement')) ?? 1000;
  const auditRetentionDays = read('AUDIT_RETENTION_DAYS', parseWholeNumberIn(0, 36_500, 'days audit events are kept; 0 keeps them forever')) ?? 0;
  const metricsEnabled = read('METRICS_ENABLED', parseBoolean) ?? true;
  const adminUsername = read('BOOTSTRAP_ADMIN_USERNAME', parseAdminUsername);
  const adminPassword = read('BOOTSTRAP_ADMIN_PASSWORD', parseAdminPassword);
  const delivery = loadDeliveryConfig(read, env, problems);
  if (Boolean(env.BOOTSTRAP_ADMIN_USERNAME) !== Boolean(env.BOOTSTRAP_ADMIN_PASSWORD)) {
    problems.push(
      `${env.BOOTSTRAP_ADMIN_USERNAME ? 'BOOTSTRAP_ADMIN_PASSWORD' : 'BOOTSTRAP_ADMIN_USERNAME'}: set both BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD, or neither`,
    );
  }

  if (env.DATABASE_URL) {
    if (!env.VAULT_MASTER_KEY) problems.push(`VAULT_MASTER_KEY: required when DATABASE_URL is set (${generateHint})`);
    if (!env.SECRET_PEPPER) problems.push(`SECRET_PEPPER: required when DATABASE_URL is set (${generateHint})`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  if (!databaseUrl && (!vaultKey || !pepper)) {
    const { secrets, created } = readOrCreateEmbeddedSecrets(dataDir);
    const missing = [!vaultKey && 'VAULT_MASTER_KEY', !pepper && 'SECRET_PEPPER'].filter(Boolean).join(' and ');
    vaultKey ??= parseVaultKey(secrets.vaultMasterKey);
    pepper ??= parsePepper(secrets.secretPepper);
    warnings.push(
      `${missing} not set: using the ${created ? 'newly generated' : 'generated'} value in ${resolve(dataDir, EMBEDDED_SECRETS_FILE)} ` +
        '(fine for the embedded database; set them explicitly in production and keep them safe)',
    );
  }
  if (!vaultKey || !pepper) throw new ConfigError(['VAULT_MASTER_KEY: could not be resolved']);
  const currentKey = vaultKey;
  // The current key seals; a previous key under its id would make that id name two keys.
  const clash = previousVaultKeys.keys.find((previous) => previous.keyId === currentKey.keyId && !previous.key.equals(currentKey.key));
  if (clash) throw new ConfigError([`VAULT_PREVIOUS_MASTER_KEYS: key id "${clash.keyId}" is the current master key's id with other key material`]);

  const config: AppConfig = {
    host,
    port,
    adminPort,
    publicUrl,
    https: new URL(publicUrl).protocol === 'https:',
    adminPublicUrl,
    database: databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dataDir },
    dataDir,
    consoleDir,
    redisUrl,
    vaultKey: Object.freeze({ keyId: vaultKey.keyId, key: new SecretValue(vaultKey.key) }),
    previousVaultKeys: Object.freeze(
      previousVaultKeys.keys
        .filter((previous) => previous.keyId !== currentKey.keyId)
        .map((previous) => Object.freeze({ keyId: previous.keyId, key: new SecretValue(previous.key) })),
    ),
    secretPepper: new SecretValue(pepper),
    trustProxy: Array.isArray(trustProxy) ? Object.freeze([...trustProxy]) : trustProxy,
    logLevel,
    logFormat,
    bootstrapAdmin:
      adminUsername && adminPassword
        ? Object.freeze({ username: adminUsername, password: new SecretValue(adminPassword) })
        : undefined,
    rateLimits: Object.freeze({ tokenPerSecond, loginPerMinute, authorizePerMinute, deviceRegistrationPerMinute }),
    cleanup: Object.freeze({ intervalSeconds: cleanupIntervalSeconds, batchSize: cleanupBatchSize, auditRetentionDays }),
    metricsEnabled,
    production: env.NODE_ENV === 'production',
    ...delivery,
  };
  return { config: Object.freeze(config), warnings };
}
