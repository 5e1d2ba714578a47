import { connect as netConnect } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { NoSuchObjectError, type Client } from 'ldapts';
import type { ConnectionCheck, ConnectionTester, FormLoginConnector, PasswordCredentials } from '../connector';
import { ConnectorError } from '../connectors.errors';
import { bindDirectory, closeQuietly, connectDirectory, hostOf } from './directory-connection';
import { isInvalidCredentials, isResultCode } from './directory-errors';
import type { DirectorySettings } from './directory-settings';

type Step = () => Promise<string>;

/**
 * A dry run of a directory config: `connect` (TCP), `tls` (the certificate's subject, expiry and
 * trust; ldaps:// or StartTLS), `bind` (the service account, or anonymous), `search` (baseDn
 * exists) and, given a probe, `probe` (the user found, bound, groups read). Stops at the first
 * failing check. Details name what was seen, never the bind password or the probe's password.
 */
export class DirectoryTester implements ConnectionTester {
  constructor(
    private readonly settings: DirectorySettings,
    private readonly login: FormLoginConnector,
  ) {}

  async test(probe?: PasswordCredentials): Promise<readonly ConnectionCheck[]> {
    const checks: ConnectionCheck[] = [];
    const run = async (name: string, step: Step): Promise<boolean> => {
      const started = performance.now();
      try {
        const detail = await step();
        checks.push({ name, ok: true, detail, ms: Math.round(performance.now() - started) });
        return true;
      } catch (error) {
        checks.push({ name, ok: false, detail: describeFailure(error), ms: Math.round(performance.now() - started) });
        return false;
      }
    };
    if (!(await run('connect', () => this.tcp()))) return checks;
    let peer: TLSSocket | undefined;
    let client: Client | undefined;
    try {
      const opened = await run('tls', async () => {
        client = await connectDirectory(this.settings, { onTls: (socket) => (peer = socket) });
        await rootDse(client);
        return peer ? certificateDetail(peer) : 'not used: plain ldap://, allowed by the configuration';
      });
      if (!opened || !client) return checks;
      const connected = client;
      if (!(await run('bind', () => this.bind(connected)))) return checks;
      if (!(await run('search', () => baseExists(connected, this.settings.baseDn)))) return checks;
    } finally {
      if (client) await closeQuietly(client);
    }
    if (probe) await run('probe', () => this.probe(probe));
    return checks;
  }

  private tcp(): Promise<string> {
    const url = new URL(this.settings.providerUri);
    const port = Number(url.port) || (url.protocol === 'ldaps:' ? 636 : 389);
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host: hostOf(this.settings.providerUri), port, timeout: this.settings.connectTimeoutMs });
      socket.once('connect', () => {
        socket.destroy();
        resolve(`port ${port} accepts connections`);
      });
      socket.once('timeout', () => {
        socket.destroy();
        reject(new Error('timed out'));
      });
      socket.once('error', reject);
    });
  }

  private async bind(client: Client): Promise<string> {
    const { bindDn, bindPassword } = this.settings;
    if (!bindDn) return 'anonymous: no bind DN configured';
    await bindDirectory(client, bindDn, bindPassword ?? '');
    return 'the service account is bound';
  }

  private async probe(credentials: PasswordCredentials): Promise<string> {
    const identity = await this.login.login(credentials, { environmentId: '', ip: '', now: new Date() });
    const groups = identity.attributes.groups;
    return Array.isArray(groups) ? `user found and bound; groups: ${groups.length ? groups.join(', ') : 'none'}` : 'user found and bound';
  }
}

/** The root DSE (RFC 4512 §5.1): the first request, which makes the connection (and its TLS) happen. */
async function rootDse(client: Client): Promise<void> {
  await client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['supportedLDAPVersion'] }).catch((error: unknown) => {
    if (!isResultCode(error)) throw error;
  });
}

async function baseExists(client: Client, baseDn: string): Promise<string> {
  try {
    await client.search(baseDn, { scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'] });
    return 'the base DN exists';
  } catch (error) {
    throw error instanceof NoSuchObjectError ? new Error('the base DN does not exist') : error;
  }
}

function certificateDetail(socket: TLSSocket): string {
  const certificate = socket.getPeerCertificate();
  const subject = certificate.subject?.CN ?? Object.values(certificate.subject ?? {}).join(', ');
  return `${socket.getProtocol()}; subject ${subject}; expires ${new Date(certificate.valid_to).toISOString()}; trusted`;
}

/** What failed, in words safe for the admin: error codes and kinds, never a password. */
function describeFailure(error: unknown): string {
  if (error instanceof ConnectorError) return error.code;
  if (isInvalidCredentials(error)) return 'the directory refused the name and password';
  if (isResultCode(error)) return `the directory answered ${error.name} (result code ${error.code})`;
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    return /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|HOSTNAME/.test(error.code) ? `TLS refused: ${error.code}` : error.code;
  }
  return error instanceof Error ? error.message : 'failed';
}
