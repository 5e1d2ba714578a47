import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

const key = Buffer.alloc(32, 7).toString('base64');
const pepper = 'p'.repeat(40);
const tempDir = () => mkdtempSync(join(tmpdir(), 'rapidauth-config-'));

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig({ DATA_DIR: tempDir(), ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults on the embedded database', () => {
    const dataDir = tempDir();
    const { config } = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 3000,
      adminPort: 3001,
      publicUrl: 'http://localhost:3000',
      https: false,
      adminPublicUrl: 'http://localhost:3001',
      database: { kind: 'pglite', dataDir },
      trustProxy: false,
      logLevel: 'info',
      bootstrapAdmin: undefined,
      redisUrl: undefined,
      rateLimits: { tokenPerSecond: 50, loginPerMinute: 10, authorizePerMinute: 60, deviceRegistrationPerMinute: 10 },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('derives the public URLs from the ports and strips trailing slashes', () => {
    const { config } = loadConfig({ DATA_DIR: tempDir(), PORT: '8080', ADMIN_PORT: '8081' });
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.adminPublicUrl).toBe('http://localhost:8081');
    const custom = loadConfig({ DATA_DIR: tempDir(), PUBLIC_URL: 'https://auth.example.com/base/' }).config;
    expect(custom.publicUrl).toBe('https://auth.example.com/base');
  });

  it('decides once from PUBLIC_URL whether the gateway is served over https', () => {
    const https = (publicUrl?: string) => loadConfig({ DATA_DIR: tempDir(), ...(publicUrl ? { PUBLIC_URL: publicUrl } : {}) }).config.https;
    expect(https()).toBe(false);
    expect(https('http://auth.example.com')).toBe(false);
    expect(https('https://auth.example.com')).toBe(true);
    expect(https('HTTPS://Auth.Example.com/base/')).toBe(true);
    expect(https('http://https.example.com/https:')).toBe(false);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['ADMIN_PORT', '0'],
    ['HOST', 'not a host!'],
    ['PUBLIC_URL', 'auth.example.com'],
    ['PUBLIC_URL', 'ftp://auth.example.com'],
    ['PUBLIC_URL', 'https://auth.example.com/?x=1'],
    ['ADMIN_PUBLIC_URL', 'https://user:pw@admin.example.com'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['VAULT_MASTER_KEY', 'too-short'],
    ['VAULT_MASTER_KEY', `bad id!:${key}`],
    ['SECRET_PEPPER', 'short'],
    ['VAULT_PREVIOUS_MASTER_KEYS', key],
    ['VAULT_PREVIOUS_MASTER_KEYS', 'old:too-short'],
    ['TRUST_PROXY', '10.0.0.0/99'],
    ['TRUST_PROXY', 'somewhere'],
    ['LOG_LEVEL', 'verbose'],
    ['LOG_FORMAT', 'yaml'],
    ['TOKEN_RATE_LIMIT', '-1'],
    ['LOGIN_RATE_LIMIT', 'lots'],
    ['AUTHORIZE_RATE_LIMIT', '1.5'],
    ['BOOTSTRAP_ADMIN_PASSWORD', 'short'],
    ['CLEANUP_INTERVAL_SECONDS', '86401'],
    ['CLEANUP_INTERVAL_SECONDS', '-1'],
    ['CLEANUP_INTERVAL_SECONDS', '5m'],
    ['CLEANUP_BATCH_SIZE', '0'],
    ['CLEANUP_BATCH_SIZE', '50001'],
    ['CLEANUP_BATCH_SIZE', '1e3'],
    ['AUDIT_RETENTION_DAYS', '-7'],
    ['AUDIT_RETENTION_DAYS', '30.5'],
    ['METRICS_ENABLED', 'yes'],
    ['METRICS_ENABLED', 'TRUE'],
  ])('rejects %s=%s with one line naming the variable', (name, value) => {
    const env: NodeJS.ProcessEnv = { [name]: value };
    if (name.startsWith('BOOTSTRAP_')) env.BOOTSTRAP_ADMIN_USERNAME = 'root';
    if (name === 'DATABASE_URL') Object.assign(env, { VAULT_MASTER_KEY: key, SECRET_PEPPER: pepper });
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(`${name}: `)).toBe(true);
    expect(problems[0]).not.toContain('\n');
  });

  it('turns metrics on unless METRICS_ENABLED is false', () => {
    const enabled = (env: NodeJS.ProcessEnv) => loadConfig({ DATA_DIR: tempDir(), ...env }).config.metricsEnabled;
    expect(enabled({})).toBe(true);
    expect(enabled({ METRICS_ENABLED: 'true' })).toBe(true);
    expect(enabled({ METRICS_ENABLED: 'false' })).toBe(false);
  });

  it('reads the cleanup settings, with their defaults and the ends of their ranges', () => {
    const cleanup = (env: NodeJS.ProcessEnv) => loadConfig({ DATA_DIR: tempDir(), ...env }).config.cleanup;
    expect(cleanup({})).toEqual({ intervalSeconds: 300, batchSize: 1000, auditRetentionDays: 0 });
    expect(cleanup({ CLEANUP_INTERVAL_SECONDS: '0', CLEANUP_BATCH_SIZE: '1', AUDIT_RETENTION_DAYS: '90' })).toEqual({
      intervalSeconds: 0,
      batchSize: 1,
      auditRetentionDays: 90,
    });
    expect(cleanup({ CLEANUP_INTERVAL_SECONDS: '86400', CLEANUP_BATCH_SIZE: '50000' })).toMatchObject({ intervalSeconds: 86_400, batchSize: 50_000 });
    expect(problemsOf({ CLEANUP_BATCH_SIZE: '0' })).toEqual(['CLEANUP_BATCH_SIZE: must be a whole number from 1 to 50000 (rows per delete statement)']);
  });

  it('reads CONSOLE_DIR as an absolute existing directory, and refuses a missing one or a file', () => {
    const consoleDir = tempDir();
    expect(loadConfig({ DATA_DIR: tempDir() }).config.consoleDir).toBeUndefined();
    expect(loadConfig({ DATA_DIR: tempDir(), CONSOLE_DIR: consoleDir }).config.consoleDir).toBe(consoleDir);
    expect(loadConfig({ DATA_DIR: tempDir(), CONSOLE_DIR: relative(process.cwd(), consoleDir) }).config.consoleDir).toBe(consoleDir);
    const missing = join(consoleDir, 'missing');
    expect(problemsOf({ CONSOLE_DIR: missing })).toEqual([`CONSOLE_DIR: must be an existing directory (${missing} is not one)`]);
    const file = join(consoleDir, 'index.html');
    writeFileSync(file, '<!doctype html>');
    expect(problemsOf({ CONSOLE_DIR: file })).toEqual([`CONSOLE_DIR: must be an existing directory (${file} is not one)`]);
  });

  it('reads LOG_FORMAT (json or pretty; unset leaves the choice to the terminal)', () => {
    expect(loadConfig({ DATA_DIR: tempDir(), LOG_FORMAT: 'json' }).config.logFormat).toBe('json');
    expect(loadConfig({ DATA_DIR: tempDir(), LOG_FORMAT: 'pretty' }).config.logFormat).toBe('pretty');
    expect(loadConfig({ DATA_DIR: tempDir() }).config.logFormat).toBeUndefined();
  });

  it('reports every problem at once and ignores unrelated variables', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'loud', PATH: '/nonsense', SOMETHING_ELSE: '!!' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });

  it('requires the vault key and pepper when DATABASE_URL is set', () => {
    const problems = problemsOf({ DATABASE_URL: 'postgres://u:p@db:5432/rapidauth' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['SECRET_PEPPER', 'VAULT_MASTER_KEY']);
    const { config, warnings } = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/rapidauth',
      VAULT_MASTER_KEY: `k2:${key}`,
      SECRET_PEPPER: pepper,
    });
    expect(warnings).toEqual([]);
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/rapidauth' });
    expect(config.vaultKey.keyId).toBe('k2');
    expect(config.vaultKey.key.reveal()).toEqual(Buffer.alloc(32, 7));
  });

  it('generates the embedded secrets once, owner-only, and reuses them', () => {
    const dataDir = tempDir();
    const first = loadConfig({ DATA_DIR: dataDir });
    expect(first.warnings).toHaveLength(1);
    expect(first.warnings[0]).toMatch(/VAULT_MASTER_KEY and SECRET_PEPPER not set/);
    const file = join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.config.vaultKey.key.reveal()).toEqual(first.config.vaultKey.key.reveal());
    expect(second.config.secretPepper.reveal()).toEqual(first.config.secretPepper.reveal());
    expect(first.config.vaultKey.key.reveal()).toHaveLength(32);
    expect(JSON.parse(readFileSync(file, 'utf8')).vaultMasterKey).toMatch(/^local:/);
  });

  it('prefers explicit secrets over generated ones on the embedded database', () => {
    const { config, warnings } = loadConfig({ DATA_DIR: tempDir(), VAULT_MASTER_KEY: key, SECRET_PEPPER: pepper });
    expect(warnings).toEqual([]);
    expect(config.vaultKey).toMatchObject({ keyId: 'default' });
    expect(config.secretPepper.reveal().toString()).toBe(pepper);
  });

  it('reads VAULT_PREVIOUS_MASTER_KEYS: keys that open but never seal, none when unset', () => {
    const old = Buffer.alloc(32, 1).toString('base64');
    const older = Buffer.alloc(32, 2).toString('base64');
    expect(loadConfig({ DATA_DIR: tempDir(), VAULT_MASTER_KEY: `k3:${key}`, SECRET_PEPPER: pepper }).config.previousVaultKeys).toEqual([]);
    const { config } = loadConfig({
      DATA_DIR: tempDir(),
      VAULT_MASTER_KEY: `k3:${key}`,
      VAULT_PREVIOUS_MASTER_KEYS: ` k2:${old}, default:${older},`,
      SECRET_PEPPER: pepper,
    });
    expect(config.previousVaultKeys.map((previous) => [previous.keyId, previous.key.reveal()])).toEqual([
      ['k2', Buffer.alloc(32, 1)],
      ['default', Buffer.alloc(32, 2)],
    ]);
    expect(Object.isFrozen(config.previousVaultKeys)).toBe(true);
    expect(inspect(config, { depth: 5 })).not.toContain(old);
    // The current key listed among the previous ones (a rollout's leftover) is simply the current key.
    const leftover = loadConfig({ DATA_DIR: tempDir(), VAULT_MASTER_KEY: `k3:${key}`, VAULT_PREVIOUS_MASTER_KEYS: `k3:${key}`, SECRET_PEPPER: pepper });
    expect(leftover.config.previousVaultKeys).toEqual([]);
  });

  it('names each bad VAULT_PREVIOUS_MASTER_KEYS entry on its own line, by position, never showing key material', () => {
    const old = Buffer.alloc(32, 1).toString('base64');
    const problems = problemsOf({ VAULT_PREVIOUS_MASTER_KEYS: `${old},k1:${old},k1:${old},bad id!:${old},k2:c2hvcnQ=` });
    expect(problems).toEqual([
      expect.stringMatching(/^VAULT_PREVIOUS_MASTER_KEYS: entry 1 must be "keyId:base64"/),
      expect.stringMatching(/^VAULT_PREVIOUS_MASTER_KEYS: entry 3 repeats key id "k1"$/),
      expect.stringMatching(/^VAULT_PREVIOUS_MASTER_KEYS: entry 4: key id/),
      expect.stringMatching(/^VAULT_PREVIOUS_MASTER_KEYS: entry 5: must be 32 random bytes/),
    ]);
    expect(problems.join('\n')).not.toContain(old);
    expect(problemsOf({ VAULT_MASTER_KEY: `k1:${key}`, VAULT_PREVIOUS_MASTER_KEYS: `k1:${old}`, SECRET_PEPPER: pepper })).toEqual([
      'VAULT_PREVIOUS_MASTER_KEYS: key id "k1" is the current master key\'s id with other key material',
    ]);
  });

  it('never shows secrets when the configuration is printed', () => {
    const { config } = loadConfig({
      DATA_DIR: tempDir(),
      VAULT_MASTER_KEY: key,
      SECRET_PEPPER: pepper,
      BOOTSTRAP_ADMIN_USERNAME: 'root',
      BOOTSTRAP_ADMIN_PASSWORD: 'correct horse battery',
    });
    const printed = `${JSON.stringify(config)} ${inspect(config, { depth: 5 })} ${String(config.secretPepper)}`;
    expect(printed).not.toContain(key);
    expect(printed).not.toContain(pepper);
    expect(printed).not.toContain('correct horse battery');
    expect(config.bootstrapAdmin?.password.reveal().toString()).toBe('correct horse battery');
  });

  it('needs both bootstrap variables or neither', () => {
    expect(problemsOf({ BOOTSTRAP_ADMIN_USERNAME: 'root' })).toEqual([
      'BOOTSTRAP_ADMIN_PASSWORD: set both BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD, or neither',
    ]);
  });

  it('parses TRUST_PROXY as hops or a list of addresses', () => {
    const trust = (value: string) => loadConfig({ DATA_DIR: tempDir(), TRUST_PROXY: value }).config.trustProxy;
    expect(trust('2')).toBe(2);
    expect(trust('false')).toBe(false);
    expect(trust('loopback, 10.0.0.0/8,::1')).toEqual(['loopback', '10.0.0.0/8', '::1']);
  });

  it('reads AUTHORIZE_RATE_LIMIT per minute per address, 0 turning it off', () => {
    const limit = (value: string) => loadConfig({ DATA_DIR: tempDir(), AUTHORIZE_RATE_LIMIT: value }).config.rateLimits.authorizePerMinute;
    expect(limit('120')).toBe(120);
    expect(limit('0')).toBe(0);
  });

  it('treats empty variables as unset', () => {
    const { config } = loadConfig({ DATA_DIR: tempDir(), PORT: '', REDIS_URL: '' });
    expect(config.port).toBe(3000);
    expect(config.redisUrl).toBeUndefined();
  });
});
