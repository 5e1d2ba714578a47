// The servers under test (ceiling, oidc-provider, rapidauth — the tuned gateway —, rapidauth-default
// and rapidauth-default-warn — `npm start` as it comes, at LOG_LEVEL info and warn —; optionally nest-floor
// and rapidauth-nometrics, the tuned gateway with METRICS_ENABLED=false). Each start
// function launches one server as a child process pinned to SERVER_CORE and returns a handle:
//   { key, label, url, pid, endpoints: { token, introspect }, client: { id, secret }, stop() }
// plus server-specific fields the scenarios use. Servers with a login page ((c), (d)) also have
//   endpoints.authorization, app: { id, redirectUri } (a first-party public client: PKCE, no
//   secret, no consent page) and ensureUsers(count): users userName(0…count-1), USER_PASSWORD.
// RapidAuth servers have environmentId and admin() (their admin API: api(method, path, body)); the
// tuned gateway also mails through an SMTP server in the runner (inbox, bench/servers/smtp-inbox.mjs).
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { freePort, spawnPinned, stopChild, waitForHttp } from '../lib/proc.mjs';
import { startSmtpInbox } from './smtp-inbox.mjs';

const require = createRequire(import.meta.url);
export const SERVER_CORE = 0;
/** Where the peers a scenario needs run (the admin API beside, IdPs, directories): with the load generator. */
export const PEERS_CORE = 1;
export const SCOPE = 'orders:read';
/** The native app's loopback redirect URI (RFC 8252), on both servers. */
export const REDIRECT_URI = 'http://127.0.0.1/callback';
/** Every bench user's password; its argon2id hash is what the sign-ins of (c) and (d) verify. */
export const USER_PASSWORD = randomBytes(18).toString('base64url');
export const userName = (index) => `bench-user-${index}`;
/** oidc-provider's users are fixed at start: one per possible connection (BENCH_CONNECTIONS ≤ 1024). */
const OIDC_PROVIDER_USERS = 1024;

function baseEnv(port) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PORT: String(port),
  };
}

function handle(key, label, child, url, extra) {
  return { key, label, url, pid: child.pid, child, stop: () => stopChild(child), ...extra };
}

/** A reference server script of one static client (the ceiling, the NestJS floor), started and ready on /ready. */
async function startReference({ workDir }, key, script) {
  const port = await freePort();
  const client = { id: 'bench-client', secret: randomBytes(32).toString('base64url') };
  const child = spawnPinned({
    name: key,
    core: SERVER_CORE,
    nodeArgs: [script],
    env: { ...baseEnv(port), BENCH_CLIENT_ID: client.id, BENCH_CLIENT_SECRET: client.secret },
    logFile: join(workDir, `${key}.log`),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(child, `${url}/ready`);
  return { child, url, client };
}

/** bench/ceiling.mjs: bare node:http, HMAC client check, one ES256 signature. */
export async function startCeiling(options) {
  const { child, url, client } = await startReference(options, 'ceiling', 'bench/ceiling.mjs');
  return handle('ceiling', 'bare node:http (ceiling)', child, url, { endpoints: { token: '/token', introspect: '/introspect' }, client });
}

/** oidc-provider 9, in-memory adapter, configured as bench/servers/oidc-provider-server.mjs says. */
export async function startOidcProvider({ workDir }) {
  const port = await freePort();
  const client = { id: 'bench-client', secret: randomBytes(32).toString('base64url') };
  const child = spawnPinned({
    name: 'oidc-provider',
    core: SERVER_CORE,
    nodeArgs: ['bench/servers/oidc-provider-server.mjs'],
    env: {
      ...baseEnv(port),
      BENCH_CLIENT_ID: client.id,
      BENCH_CLIENT_SECRET: client.secret,
      BENCH_APP_CLIENT_ID: 'bench-app',
      BENCH_REDIRECT_URI: REDIRECT_URI,
      BENCH_USERS: Array.from({ length: OIDC_PROVIDER_USERS }, (_, i) => userName(i)).join(','),
      BENCH_USER_PASSWORD: USER_PASSWORD,
    },
    logFile: join(workDir, 'oidc-provider.log'),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(child, `${url}/.well-known/openid-configuration`);
  return handle('oidc-provider', `oidc-provider ${require('oidc-provider/package.json').version} (in-memory)`, child, url, {
    endpoints: { token: '/token', introspect: '/token/introspection', authorization: '/auth' },
    client,
    // Its introspection only answers opaque tokens: scenarios ask for this resource to get one.
    opaqueResource: 'https://opaque.bench.example/',
    app: { id: 'bench-app', redirectUri: REDIRECT_URI },
    ensureUsers: async (count) => {
      if (count > OIDC_PROVIDER_USERS) throw new Error(`oidc-provider has ${OIDC_PROVIDER_USERS} bench users, ${count} asked for`);
    },
  });
}

/**
 * RapidAuth's gateway alone (`node dist/apps/auth-gateway/src/main.js` of `source.dir`, the
 * repository or an exported BENCH_REF) on `databaseUrl`; it runs
 * the migrations on start. Then one organization → app → environment is provisioned through the
 * library (TenancyProvisioner from dist/, with the gateway's pepper), and the environment's
 * appKey/appSecret are the client.
 */
export async function startRapidAuth({ workDir, databaseUrl, source, nodeFlags = [], logName = 'rapidauth.log', env = {} }) {
  const port = await freePort();
  const adminPort = await freePort();
  const { pepper } = installationSecrets(databaseUrl);
  const url = `http://127.0.0.1:${port}`;
  const inbox = await startSmtpInbox();
  const child = spawnPinned({
    name: 'rapidauth',
    core: SERVER_CORE,
    cwd: source.dir,
    nodeArgs: [...nodeFlags, join(source.dir, 'dist/apps/auth-gateway/src/main.js')],
    env: {
      ...baseEnv(port),
      ...installationEnv(databaseUrl),
      ADMIN_PORT: String(adminPort),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      LOG_LEVEL: 'warn',
      // The per-client token rate limit (default 50/s) would turn a one-client benchmark into 429s.
      // Set out of reach rather than off (0), so its in-memory counter stays in the measured path.
      // (Ignored by versions without it: unknown variables are.) No REDIS_URL: the memory limiter.
      TOKEN_RATE_LIMIT: '999999999',
      LOGIN_RATE_LIMIT: '999999999',
      AUTHORIZE_RATE_LIMIT: '999999999',
      // 10 challenges and 10 answers per minute per address: (k2) registers far more from each connection's.
      DEVICE_REGISTRATION_RATE_LIMIT: '999999999',
      SMTP_URL: inbox.url,
      ...env,
    },
    logFile: join(workDir, logName),
  });
  await waitForHttp(child, `${url}/.well-known/openid-configuration`);
  const tenant = await provisionTenant(source.dir, databaseUrl, pepper);
  let users = 0;
  const started = handle('rapidauth', 'RapidAuth gateway (PostgreSQL)', child, url, {
    endpoints: { token: '/oauth/token', introspect: '/oauth/introspect', authorization: '/v3/oauth/auth' },
    client: { id: tenant.appKey, secret: tenant.appSecret },
    tenant,
    environmentId: tenant.environmentId,
    databaseUrl,
    inbox,
    app: { id: tenant.appClientId, redirectUri: REDIRECT_URI },
    // What startAdminApiBeside needs to join this installation (its mail transport: in production, email logins need one).
    installation: { workDir, databaseUrl, source, env: { SMTP_URL: inbox.url } },
    admin: async () => (await startAdminApiBeside(started, { ...started.installation, core: PEERS_CORE })).api,
    ensureUsers: async (count) => {
      if (count > users) await createUsers(source.dir, databaseUrl, tenant.environmentId, users, count);
      users = Math.max(users, count);
    },
    ensureEmailIdentities: (count) => ensureEmailIdentities(source.dir, databaseUrl, tenant.environmentId, count),
  });
  const stopGateway = started.stop;
  started.stop = async () => (await Promise.all([stopGateway(), inbox.close()]))[0];
  return started;
}

/**
 * RapidAuth as `npm start` runs it out of the box (`node dist/apps/server/src/main.js` of
 * `source.dir`): gateway and admin API in one process, the embedded database (PGlite) in a fresh
 * DATA_DIR, generated secrets, JSON logs at `logLevel` (info is the default) straight to a file.
 * Only the rate limits are put out of reach, as for the tuned run. The process holds PGlite, so
 * the tenant is created as an operator would: the bootstrap admin's management token, then the
 * admin API.
 */
async function startRapidAuthDefaults({ workDir, source, nodeFlags = [] }, { key, logLevel }) {
  const port = await freePort();
  const adminPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  const admin = { username: 'bench-owner', password: randomBytes(18).toString('base64url') };
  const child = spawnPinned({
    name: key,
    core: SERVER_CORE,
    cwd: source.dir,
    nodeArgs: [...nodeFlags, join(source.dir, 'dist/apps/server/src/main.js')],
    env: {
      ...baseEnv(port),
      ADMIN_PORT: String(adminPort),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATA_DIR: join(workDir, `${key}-data`),
      BOOTSTRAP_ADMIN_USERNAME: admin.username,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      ...(logLevel && { LOG_LEVEL: logLevel }),
      TOKEN_RATE_LIMIT: '999999999',
      LOGIN_RATE_LIMIT: '999999999',
    },
    logFile: join(workDir, `${key}.log`),
  });
  await waitForHttp(child, `${url}/.well-known/openid-configuration`);
  await waitForHttp(child, `${adminUrl}/health`);
  const api = await adminApiClient(adminUrl, admin);
  const environment = await provisionThroughAdminApi(api);
  const label = `RapidAuth, \`npm start\` defaults (PGlite, LOG_LEVEL=${logLevel ?? 'info'} to a file)`;
  return handle(key, label, child, url, {
    endpoints: { token: '/oauth/token', introspect: '/oauth/introspect' },
    client: { id: environment.appKey, secret: environment.appSecret },
    environmentId: environment.id,
    admin: async () => api,
  });
}

/** organization → app → environment through the admin API; the environment (with its appSecret). */
async function provisionThroughAdminApi(api) {
  const organization = await api('POST', '/v1/organizations', { name: `bench-${randomBytes(4).toString('hex')}` });
  const app = await api('POST', `/v1/organizations/${organization.id}/apps`, { name: 'mobile' });
  return api('POST', `/v1/apps/${app.id}/environments`, { name: 'production', customScopes: ['orders:read', 'orders:write'] });
}

/** `admin`'s management token (password grant), then api(method, path, body): the parsed JSON; throws on anything but 200/201. */
async function adminApiClient(adminUrl, admin) {
  const tokenAnswer = await fetch(`${adminUrl}/management/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', ...admin }),
  });
  const { access_token: token } = await tokenAnswer.json();
  if (!token) throw new Error(`bench: no management token from ${adminUrl} (${tokenAnswer.status})`);
  return async (method, path, body) => {
    const response = await fetch(`${adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (response.status !== 201 && response.status !== 200) throw new Error(`bench: ${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
}

/**
 * The admin API (`node dist/apps/admin-api/src/main.js` of `source.dir`) beside a started
 * `startRapidAuth` gateway, on its database with its secrets, and a bootstrap admin: what an
 * operator uses to create auth services the gateway then serves (TenancyChanges reach it). Runs
 * on `core`; `api(method, path, body)` answers the parsed JSON and throws on anything but 200/201.
 * One per gateway: the scenarios that need it share it (a second one would not know the first
 * one's bootstrap admin password).
 */
export function startAdminApiBeside(gateway, options) {
  if (!adminApis.has(gateway)) adminApis.set(gateway, launchAdminApi(gateway, options));
  return adminApis.get(gateway);
}
const adminApis = new WeakMap();

/**
 * Auth service `{ name, type, config }` created in the gateway's environment through its admin API
 * and added to the environment's enabled services (the default one stays), for clients
 * `appKey.<id>`; resolves the service id. `core`: where the admin API runs if it is not started yet.
 */
export async function createEnabledService(gateway, { name, type, config }, core) {
  const admin = await startAdminApiBeside(gateway, { ...gateway.installation, core });
  const environmentId = gateway.tenant.environmentId;
  const { id } = await admin.api('POST', '/v1/auth-services', { name, type, scope: { environmentId }, config });
  const identity = await admin.api('GET', `/v1/environments/${environmentId}/identity`);
  await admin.api('PUT', `/v1/environments/${environmentId}/identity`, {
    enabledServices: [...new Set([...identity.enabledServices, id])],
    defaultService: identity.defaultService ?? gateway.tenant.localServiceId,
  });
  return id;
}

async function launchAdminApi(gateway, { workDir, databaseUrl, source, core, env = {} }) {
  const [port, adminPort] = [await freePort(), await freePort()];
  const admin = installationAdmin(databaseUrl);
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  const child = spawnPinned({
    name: 'rapidauth-admin-api',
    core,
    cwd: source.dir,
    nodeArgs: [join(source.dir, 'dist/apps/admin-api/src/main.js')],
    env: {
      ...baseEnv(port),
      ...installationEnv(databaseUrl),
      ADMIN_PORT: String(adminPort),
      HOST: '127.0.0.1',
      PUBLIC_URL: gateway.url,
      ADMIN_PUBLIC_URL: adminUrl,
      LOG_LEVEL: 'warn',
      BOOTSTRAP_ADMIN_USERNAME: admin.username,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      ...env,
    },
    logFile: join(workDir, 'rapidauth-admin-api.log'),
  });
  await waitForHttp(child, `${adminUrl}/health`);
  return { api: await adminApiClient(adminUrl, admin), stop: () => stopChild(child) };
}

export const startRapidAuthDefault = (options, { key = 'rapidauth-default' } = {}) => startRapidAuthDefaults(options, { key });
export const startRapidAuthDefaultWarn = (options) => startRapidAuthDefaults(options, { key: 'rapidauth-default-warn', logLevel: 'warn' });

/** The bootstrap admin of an installation's admin API: the same for every admin API started on it (the profiled gateway's too). */
const installationAdmins = new Map();
function installationAdmin(databaseUrl) {
  if (!installationAdmins.has(databaseUrl)) installationAdmins.set(databaseUrl, { username: 'bench-owner', password: randomBytes(18).toString('base64url') });
  return installationAdmins.get(databaseUrl);
}

/**
 * One installation = one database and its secrets: every gateway started on the same database
 * (the measured one, the profiled one) must share the vault key that sealed its signing keys.
 */
const installations = new Map();
function installationSecrets(databaseUrl) {
  if (!installations.has(databaseUrl)) {
    installations.set(databaseUrl, {
      pepper: randomBytes(32).toString('base64'),
      vaultKey: `bench:${randomBytes(32).toString('base64')}`,
    });
  }
  return installations.get(databaseUrl);
}

/** What every process of an installation is started with: its database and its secrets. */
function installationEnv(databaseUrl) {
  const { pepper, vaultKey } = installationSecrets(databaseUrl);
  return { DATABASE_URL: databaseUrl, VAULT_MASTER_KEY: vaultKey, SECRET_PEPPER: pepper };
}

/** `work` with the database of `databaseUrl` opened through the library in `sourceDir`'s dist/. */
async function withDatabase(sourceDir, databaseUrl, work) {
  require('reflect-metadata');
  const { openDatabase } = require(join(sourceDir, 'dist/libs/database/src/index.js'));
  const database = await openDatabase({ kind: 'postgres', url: databaseUrl });
  try {
    return await work(database.dataSource);
  } finally {
    await database.close();
  }
}

/**
 * organization → app → environment (with its `local` service), as test/support/tenant.ts does,
 * plus the native app of the sign-in scenarios: public, first-party (no consent page), code +
 * refresh, as test/e2e/oauth/code-flow.e2e.ts registers it.
 */
async function provisionTenant(sourceDir, databaseUrl, pepper) {
  const { SecretHasher } = require(join(sourceDir, 'dist/libs/vault/src/index.js'));
  const { TenancyProvisioner } = require(join(sourceDir, 'dist/libs/tenancy/src/index.js'));
  return withDatabase(sourceDir, databaseUrl, async (dataSource) => {
    const provisioner = new TenancyProvisioner(dataSource, new SecretHasher(Buffer.from(pepper, 'utf8')));
    const suffix = randomBytes(4).toString('hex');
    const { organization } = await provisioner.createOrganization({ name: `bench-${suffix}` });
    const app = await provisioner.createApp({ organizationId: organization.id, name: 'mobile' });
    const { environment, appSecret, localService } = await provisioner.createEnvironment({
      appId: app.id,
      name: 'production',
      customScopes: ['orders:read', 'orders:write'],
    });
    const { client } = await provisioner.createClient({
      environmentId: environment.id,
      name: 'Bench mobile',
      type: 'public',
      applicationType: 'native',
      firstParty: true,
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token'],
    });
    return {
      organizationId: organization.id,
      environmentId: environment.id,
      localServiceId: localService.id,
      appKey: environment.appKey,
      appSecret,
      appClientId: client.clientId,
    };
  });
}

/** Local identities userName(from…to-1) in the environment, through the library (argon2id hashes). */
async function createUsers(sourceDir, databaseUrl, environmentId, from, to) {
  const { LocalIdentities, LoginThrottle } = require(join(sourceDir, 'dist/libs/identity/src/index.js'));
  await withDatabase(sourceDir, databaseUrl, async (dataSource) => {
    const identities = new LocalIdentities(dataSource, new LoginThrottle(dataSource));
    for (let i = from; i < to; i++) await identities.create(environmentId, { username: userName(i), password: USER_PASSWORD });
  });
}

export const emailAddress = (index) => `bench-mail-${index}@bench.example`;
/** How many email identities each environment has (the profiled gateway shares the measured one's). */
const emailIdentities = new Map();

/**
 * Email identities emailAddress(0…count-1) in the environment, unverified, through the library's
 * repository (one argon2id hash of USER_PASSWORD for all: their sign-ins in (j1) are by code).
 */
async function ensureEmailIdentities(sourceDir, databaseUrl, environmentId, count) {
  const from = emailIdentities.get(environmentId) ?? 0;
  if (count <= from) return;
  const { hashPassword } = require(join(sourceDir, 'dist/libs/identity/src/index.js'));
  const { EmailIdentityRepository } = require(join(sourceDir, 'dist/libs/identity/src/email/email-identity.repository.js'));
  const passwordHash = await hashPassword(USER_PASSWORD);
  await withDatabase(sourceDir, databaseUrl, async (dataSource) => {
    const rows = new EmailIdentityRepository(dataSource);
    const insert = (index) => rows.insertWithAccount({ environmentId, email: emailAddress(index), passwordHash, profile: {}, now: new Date() });
    // A few at a time: the pool's connections, not one round trip after another.
    for (let index = from; index < count; index += 16) {
      await Promise.all(Array.from({ length: Math.min(16, count - index) }, (_, offset) => insert(index + offset)));
    }
  });
  emailIdentities.set(environmentId, count);
}

/** Optional reference (not in the default BENCH_SERVERS): NestJS on Express doing the ceiling's (a) work. */
export async function startNestFloor(options) {
  const { child, url, client } = await startReference(options, 'nest-floor', 'bench/servers/nest-floor.cjs');
  const version = require('@nestjs/core/package.json').version;
  return handle('nest-floor', `NestJS ${version} on Express, ceiling's work (floor)`, child, url, { endpoints: { token: '/oauth/token' }, client });
}

/**
 * Optional (not in the default BENCH_SERVERS): the tuned gateway with METRICS_ENABLED=false, on the
 * same database, so that (a) and (b) measure what the metrics cost `rapidauth`.
 */
export async function startRapidAuthNoMetrics(options) {
  const started = await startRapidAuth({ ...options, logName: 'rapidauth-nometrics.log', env: { ...options.env, METRICS_ENABLED: 'false' } });
  return Object.assign(started, { key: 'rapidauth-nometrics', label: 'RapidAuth gateway (PostgreSQL), METRICS_ENABLED=false' });
}

export const SERVERS = [
  { key: 'ceiling', start: startCeiling },
  { key: 'oidc-provider', start: startOidcProvider },
  { key: 'rapidauth', start: startRapidAuth },
  { key: 'rapidauth-nometrics', start: startRapidAuthNoMetrics },
  { key: 'rapidauth-default', start: startRapidAuthDefault },
  { key: 'rapidauth-default-warn', start: startRapidAuthDefaultWarn },
  { key: 'nest-floor', start: startNestFloor },
];
