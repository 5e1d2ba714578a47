import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'ldapts';
import { freePort } from './server-process';

const run = promisify(execFile);
const SCHEMAS = ['core', 'cosine', 'inetorgperson', 'nis'].map((name) => `/etc/ldap/schema/${name}.schema`);
const AD_SCHEMA = join(__dirname, 'ldap', 'active-directory.schema');

export const SUFFIX = 'dc=example,dc=com';
export const ROOT_DN = `cn=admin,${SUFFIX}`;
const ROOT_PASSWORD = 'slapd-root-secret';

export interface SlapdOptions {
  /** LDIF added with slapadd before the first start (the suffix entry is added for you). */
  readonly seed: string;
  /** Also load the Active Directory-like schema (test/support/ldap/active-directory.schema). */
  readonly activeDirectory?: boolean;
}

/** The per-run CA and certificates `openssl` made: the server's CA, and a second CA that did not sign it. */
export interface TestCertificates {
  readonly ca: string;
  readonly wrongCa: string;
}

/**
 * A real OpenLDAP slapd of one suite's own (SLAPD_PATH / SLAPADD_PATH from scripts/test-servers.sh),
 * from a temp slapd.conf: back_mdb under `dc=example,dc=com`, the rootdn `cn=admin`, passwords
 * readable by nobody, everything else by everyone. It listens on loopback for plain LDAP (with
 * StartTLS) and for ldaps, with a server certificate for 127.0.0.1 and localhost issued by a CA
 * made for this run. slapd runs in the foreground with `-d stats`, so its log (each BIND) can be read.
 */
export class Slapd {
  private process?: ChildProcess;
  private logText = '';

  private constructor(
    private readonly dir: string,
    readonly ldapPort: number,
    readonly ldapsPort: number,
    readonly certificates: TestCertificates,
  ) {}

  /** `ldap://127.0.0.1:port` (StartTLS on offer). */
  get ldapUrl(): string {
    return `ldap://127.0.0.1:${this.ldapPort}`;
  }

  /** `ldaps://127.0.0.1:port`. */
  get ldapsUrl(): string {
    return `ldaps://127.0.0.1:${this.ldapsPort}`;
  }

  /** The log slapd wrote since it started (all runs). */
  get log(): string {
    return this.logText;
  }

  static async start(options: SlapdOptions): Promise<Slapd> {
    const slapd = process.env.SLAPD_PATH;
    const slapadd = process.env.SLAPADD_PATH;
    if (!slapd || !slapadd) throw new Error('SLAPD_PATH and SLAPADD_PATH are not set: run the tests through `bash scripts/test-servers.sh` (npm test does)');
    const dir = mkdtempSync(join(tmpdir(), 'rapidauth-slapd-'));
    try {
      const certificates = await makeCertificates(dir);
      mkdirSync(join(dir, 'data'));
      writeFileSync(join(dir, 'slapd.conf'), slapdConf(dir, options.activeDirectory === true));
      writeFileSync(join(dir, 'seed.ldif'), `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n\n${options.seed}`);
      await run(slapadd, ['-f', join(dir, 'slapd.conf'), '-l', join(dir, 'seed.ldif')]).catch((error: { stderr?: string }) => {
        throw new Error(`slapadd failed: ${error.stderr ?? String(error)}`);
      });
      const server = new Slapd(dir, await freePort(), await freePort(), certificates);
      await server.resume();
      return server;
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Starts the stopped server again (same data, same ports) unless it runs; resolves once both listeners accept. */
  async resume(): Promise<void> {
    if (this.running) return;
    const urls = `${this.ldapUrl}/ ${this.ldapsUrl}/`;
    const child = spawn(process.env.SLAPD_PATH!, ['-f', join(this.dir, 'slapd.conf'), '-h', urls, '-d', 'stats'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const logFrom = this.logText.length;
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.logText += chunk));
    this.process = child;
    // Its own "slapd starting" too: a port taken meanwhile by another process accepts as well.
    const listening = async () => this.logText.includes('slapd starting', logFrom) && (await accepts(this.ldapPort)) && (await accepts(this.ldapsPort));
    const deadline = Date.now() + 10_000;
    while (!(await listening())) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`slapd did not start: ${this.logText.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Stops it (SIGTERM) and waits until it has exited: the directory is down. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || !this.running) return;
    this.process = undefined;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  private get running(): boolean {
    return this.process !== undefined && this.process.exitCode === null && this.process.signalCode === null;
  }

  /** SIGSTOP: the port stays open but nothing answers (a hung directory), until `thaw`. */
  freeze(): void {
    this.process?.kill('SIGSTOP');
  }

  thaw(): void {
    this.process?.kill('SIGCONT');
  }

  /** How many simple binds slapd logged, optionally only those of one DN. */
  bindCount(dn?: string): number {
    const binds = this.logText.match(/ BIND dn="[^"]*" method=128/g) ?? [];
    return dn === undefined ? binds.length : binds.filter((line) => line.toLowerCase() === ` bind dn="${dn.toLowerCase()}" method=128`).length;
  }

  /** Runs `work` on a connection bound as the rootdn (to change entries during a test). */
  async asRoot<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ url: this.ldapUrl, timeout: 5000, connectTimeout: 5000 });
    try {
      await client.bind(ROOT_DN, ROOT_PASSWORD);
      return await work(client);
    } finally {
      await client.unbind();
    }
  }

  async destroy(): Promise<void> {
    this.thaw();
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function slapdConf(dir: string, activeDirectory: boolean): string {
  return [
    ...SCHEMAS.map((schema) => `include ${schema}`),
    ...(activeDirectory ? [`include ${AD_SCHEMA}`] : []),
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    `TLSCACertificateFile ${join(dir, 'ca.pem')}`,
    `TLSCertificateFile ${join(dir, 'server.pem')}`,
    `TLSCertificateKeyFile ${join(dir, 'server.key')}`,
    'database mdb',
    'maxsize 67108864',
    `suffix "${SUFFIX}"`,
    `rootdn "${ROOT_DN}"`,
    `rootpw ${ROOT_PASSWORD}`,
    `directory ${join(dir, 'data')}`,
    'index objectClass eq',
    'access to attrs=userPassword by anonymous auth by self write by * none',
    'access to * by * read',
    '',
  ].join('\n');
}

/** A CA, a server certificate it signed (SAN 127.0.0.1 and localhost), and an unrelated second CA. */
async function makeCertificates(dir: string): Promise<TestCertificates> {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  const ca = async (name: string, subject: string) =>
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file(`${name}.key`), '-out', file(`${name}.pem`), '-days', '2', '-subj', subject);
  await Promise.all([ca('ca', '/CN=RapidAuth test CA'), ca('wrong-ca', '/CN=RapidAuth unrelated CA')]);
  await openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', file('server.ext'), '-out', file('server.pem'));
  return { ca: readFileSync(file('ca.pem'), 'utf8'), wrongCa: readFileSync(file('wrong-ca.pem'), 'utf8') };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
