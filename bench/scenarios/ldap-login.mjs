// (e) Directory and adaptor logins, and the token vault (BENCH_SCENARIOS=e selects all four):
//   (e1) password-grant logins through an `ldap` service, poolSize 0 (a service-account
//        connection per login), and (e2) poolSize 4 (service-account connections kept bound),
//        against a local slapd seeded from test/support/ldap/directory.ldif;
//   (e3) the same through a `custom` service and the example adaptor (examples/custom-adaptor);
//   (e4) the token vault's put (seal + upsert) and get (read + open) of one family's upstream
//        tokens, from this process through the library (dist/) on the gateway's database.
// Each login is one POST /oauth/token (grant_type=password, the environment's own client
// `appKey.serviceId`): the upstream check, the identity found and its profile rewritten, an
// access and ID token minted; every answer must be 200. As in (d), connection i signs its own
// user in from its own loopback address (bench/lib/flows.mjs): the lockout counts logins in
// flight per user and address, so 32 parallel logins of one user would be refused by design. slapd and the adaptor run on core 1 with
// the load generator (as PostgreSQL does), so core 0 is the gateway's alone. Only RapidAuth's
// gateway has builders; the set, its slapd, adaptor and admin API are started once per run.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { IterationError, form, send } from '../lib/flows.mjs';
import { freePort, spawnPinned } from '../lib/proc.mjs';
import { startAdminApiBeside, PEERS_CORE } from '../servers/index.mjs';
import { basicAuth, expect } from './http.mjs';

const require = createRequire(import.meta.url);
const SUFFIX = 'dc=example,dc=com';
/** The bench users, one per connection, in the directory and in the adaptor's users file alike. */
const USER_PASSWORD = randomBytes(18).toString('base64url');
const benchUser = (index) => ({ username: `bench-user-${index}`, password: USER_PASSWORD });
const ADAPTOR_SECRET = randomBytes(32).toString('base64url');
const REDIRECT_URI = 'http://127.0.0.1/callback';

/** Resolves once something accepts TCP connections on `port`, or throws after `timeoutMs`. */
async function waitForPort(handle, port, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (handle.exited) throw new Error(`${handle.name} exited during start-up; see ${handle.logFile}`);
    const open = await new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`${handle.name} did not listen on ${port} within ${timeoutMs} ms`);
}

/** slapd (SLAPD_PATH, SLAPADD_PATH from scripts/test-servers.sh) on plain ldap://, seeded as the e2e suites seed it. */
async function startSlapd(workDir, root, users) {
  const [slapd, slapadd] = [process.env.SLAPD_PATH, process.env.SLAPADD_PATH];
  if (!slapd || !slapadd) throw new Error('bench (e): SLAPD_PATH and SLAPADD_PATH are not set (npm run bench runs under scripts/test-servers.sh, which sets them)');
  const dir = join(workDir, 'slapd');
  mkdirSync(join(dir, 'data'), { recursive: true });
  const conf = [
    ...['core', 'cosine', 'inetorgperson', 'nis'].map((name) => `include /etc/ldap/schema/${name}.schema`),
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'database mdb',
    'maxsize 67108864',
    `suffix "${SUFFIX}"`,
    `rootdn "cn=admin,${SUFFIX}"`,
    `rootpw ${randomBytes(12).toString('hex')}`,
    `directory ${join(dir, 'data')}`,
    'index objectClass eq',
    'access to attrs=userPassword by anonymous auth by self write by * none',
    'access to * by * read',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'slapd.conf'), conf);
  const benchEntries = Array.from({ length: users }, (_, index) => {
    const { username } = benchUser(index);
    return `dn: uid=${username},ou=people,${SUFFIX}\nobjectClass: inetOrgPerson\nuid: ${username}\ncn: ${username}\nsn: bench\nuserPassword: ${USER_PASSWORD}\n`;
  });
  const seed = `${readFileSync(join(root, 'test/support/ldap/directory.ldif'), 'utf8').trimEnd()}\n\n${benchEntries.join('\n')}`;
  writeFileSync(join(dir, 'seed.ldif'), `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n\n${seed}`);
  execFileSync(slapadd, ['-f', join(dir, 'slapd.conf'), '-l', join(dir, 'seed.ldif')], { stdio: 'ignore' });
  const port = await freePort();
  const handle = spawnPinned({
    name: 'slapd',
    core: PEERS_CORE,
    command: slapd,
    nodeArgs: ['-f', join(dir, 'slapd.conf'), '-h', `ldap://127.0.0.1:${port}/`, '-d', '0'],
    env: { PATH: process.env.PATH },
    logFile: join(workDir, 'slapd.log'),
  });
  await waitForPort(handle, port);
  return `ldap://127.0.0.1:${port}`;
}

/** The example adaptor over a users file of the bench users (added with its own add-user script). */
async function startAdaptor(workDir, root, users) {
  const usersFile = join(workDir, 'adaptor-users.json');
  for (let index = 0; index < users; index++) {
    const { username, password } = benchUser(index);
    const added = spawnSync(process.execPath, [join(root, 'examples/custom-adaptor/add-user.mjs'), '--file', usersFile, '--username', username, '--id', `u-${index}`], {
      input: `${password}\n`,
      encoding: 'utf8',
    });
    if (added.status !== 0) throw new Error(`bench (e): add-user failed: ${added.stderr}`);
  }
  const port = await freePort();
  const handle = spawnPinned({
    name: 'custom-adaptor',
    core: PEERS_CORE,
    nodeArgs: [join(root, 'examples/custom-adaptor/server.mjs')],
    env: { PATH: process.env.PATH, ADAPTOR_SHARED_SECRET: ADAPTOR_SECRET, ADAPTOR_PORT: String(port), ADAPTOR_USERS_FILE: usersFile },
    logFile: join(workDir, 'custom-adaptor.log'),
  });
  await waitForPort(handle, port);
  return `http://127.0.0.1:${port}`;
}

/** Once per gateway: slapd, the adaptor, the admin API, and the three services enabled on its environment. */
const setups = new WeakMap();
function setUp(server, users) {
  if (!setups.has(server)) {
    setups.set(
      server,
      (async () => {
        const { workDir, source } = server.installation;
        const [ldapUrl, adaptorUrl] = [await startSlapd(workDir, source.dir, users), await startAdaptor(workDir, source.dir, users)];
        const admin = await startAdminApiBeside(server, { ...server.installation, core: PEERS_CORE });
        const create = async (name, type, config) =>
          (
            await admin.api('POST', '/v1/auth-services', {
              name,
              type,
              scope: { environmentId: server.tenant.environmentId },
              config: { redirectUris: [REDIRECT_URI], allowedAttributes: [], ...config },
            })
          ).id;
        const directory = (poolSize) => ({ providerUri: ldapUrl, baseDn: SUFFIX, bindDn: `cn=reader,${SUFFIX}`, bindPassword: 'reader-secret', poolSize });
        const services = {
          ldap0: await create('Directory, no pool', 'ldap', directory(0)),
          ldap4: await create('Directory, pool of 4', 'ldap', directory(4)),
          // The longest timeout allowed: 32 scrypt checks in parallel on the adaptor's one core answer late, not never.
          custom: await create('Example adaptor', 'custom', { providerUri: adaptorUrl, sharedSecret: ADAPTOR_SECRET, timeoutMs: 30_000 }),
        };
        await admin.api('PUT', `/v1/environments/${server.tenant.environmentId}/identity`, {
          enabledServices: [server.tenant.localServiceId, ...Object.values(services)],
          defaultService: server.tenant.localServiceId,
        });
        return services;
      })(),
    );
  }
  return setups.get(server);
}

/** Logins through `service` for bench/lib/flows.mjs, worker i as bench user i; checked once first (the new services reach the gateway through TenancyChanges). */
async function passwordLogins(server, service) {
  const url = new URL(server.endpoints.token, server.url);
  const headers = { authorization: basicAuth({ id: `${server.tenant.appKey}.${service}`, secret: server.tenant.appSecret }) };
  const login = (worker, agent) => send(url, form({ grant_type: 'password', ...benchUser(worker), scope: 'openid' }, headers), agent);
  let response;
  for (let attempt = 0; attempt < 50; attempt++) {
    response = await login(0);
    if (response.status === 200) break;
    await sleep(100);
  }
  expect(response.status === 200 && typeof JSON.parse(response.text).access_token === 'string', `${server.key}: password grant through ${service} failed`, response);
  const iterate = async (worker, agent) => {
    const answer = await login(worker, agent);
    if (answer.status !== 200) throw new IterationError('password grant', answer);
  };
  return { url: server.url, unit: 'logins/s', iterate };
}

/** (e4): one family per connection, its tokens put and got back each iteration. */
async function vaultTarget(server, { connections }) {
  const { databaseUrl, source } = server.installation;
  require('reflect-metadata');
  const { openDatabase } = require(join(source.dir, 'dist/libs/database/src/index.js'));
  const { Vault, TokenVault } = require(join(source.dir, 'dist/libs/vault/src/index.js'));
  const { VaultEntriesRepository } = require(join(source.dir, 'dist/libs/vault/src/token-vault/vault-entries.repository.js'));
  const database = await openDatabase({ kind: 'postgres', url: databaseUrl });
  const dataSource = database.dataSource;
  const vault = new TokenVault(new Vault({ keyId: 'bench', key: randomBytes(32) }), new VaultEntriesRepository(dataSource));
  const families = [];
  for (let i = 0; i < connections; i++) {
    const [row] = await dataSource.query(
      `INSERT INTO "refresh_token_family" ("environment_id", "client_id", "scope", "auth_time", "absolute_expires_at")
       VALUES ($1, $2, 'openid', now(), now() + interval '1 day') RETURNING "id"`,
      [server.tenant.environmentId, server.tenant.appKey],
    );
    families.push(row.id);
  }
  const tokens = () => ({ session: { value: randomBytes(32).toString('base64url'), expiresAt: new Date(Date.now() + 3600_000) } });
  const iterate = async (worker) => {
    const put = tokens();
    await vault.putForFamily(dataSource.manager, families[worker], put);
    const got = await vault.get(families[worker]);
    if (got?.session?.value !== put.session.value) throw new Error('bench (e4): the vault gave back other tokens');
  };
  await iterate(0);
  return { url: server.url, unit: 'put+get/s', iterate, close: () => database.close() };
}

const gatewayOnly = (build) => ({ rapidauth: build });
const logins = (serviceOf) => gatewayOnly(async (server, { connections }) => passwordLogins(server, serviceOf(await setUp(server, connections))));

export const SCENARIOS = [
  {
    id: 'e1',
    set: 'e',
    title: 'password-grant login through ldap, poolSize 0',
    build: logins((services) => services.ldap0),
  },
  {
    id: 'e2',
    set: 'e',
    title: 'password-grant login through ldap, poolSize 4',
    build: logins((services) => services.ldap4),
  },
  {
    id: 'e3',
    set: 'e',
    title: 'password-grant login through the example custom adaptor',
    build: logins((services) => services.custom),
  },
  {
    id: 'e4',
    set: 'e',
    title: 'token vault put + get of one family (library, PostgreSQL)',
    build: gatewayOnly(vaultTarget),
  },
];
