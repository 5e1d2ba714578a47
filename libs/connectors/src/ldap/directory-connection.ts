import { isIP, Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { Client } from 'ldapts';
import type { DirectorySettings } from './directory-settings';

/** Clients whose socket closed. ldapts misses the close of a StartTLS-upgraded socket (it watches the plain one). */
const closedClients = new WeakSet<Client>();

/** Whether the client's connection is still open: a pooled one found closed is replaced, not used. */
export function isOpen(client: Client): boolean {
  return client.isConnected && !closedClients.has(client);
}

export interface ConnectHooks {
  /** Called with the TLS socket of ldaps:// or of the StartTLS upgrade, once its handshake is done. */
  readonly onTls?: (socket: TLSSocket) => void;
}

/**
 * TLS for ldaps:// and StartTLS: the configured CA (or the system's), the host name checked
 * against the certificate (RFC 4513 §3.1.3), never an unverified peer.
 */
export function tlsOptions(settings: DirectorySettings): ConnectionOptions {
  const host = hostOf(settings.providerUri);
  return {
    host,
    ...(isIP(host) ? {} : { servername: host }),
    ...(settings.caCertificate ? { ca: settings.caCertificate } : {}),
    minVersion: 'TLSv1.2',
  };
}

export function hostOf(providerUri: string): string {
  const { hostname } = new URL(providerUri);
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

/**
 * A connected client: TCP (and TLS for ldaps://) within `connectTimeoutMs`, upgraded by StartTLS
 * (RFC 4511 §4.14) before anything is sent when configured, every operation bounded by `timeoutMs`.
 * The client never reconnects by itself: a dropped connection fails its next operation, so a
 * StartTLS session cannot silently continue in clear, and the pool replaces it instead.
 */
export async function connectDirectory(settings: DirectorySettings, hooks: ConnectHooks = {}): Promise<Client> {
  const tls = tlsOptions(settings);
  const secure = settings.providerUri.startsWith('ldaps:');
  let connected = false;
  const firstConnection = (): boolean => !connected && (connected = true);
  const watched = <S extends Socket>(socket: S): S => socket.once('close', () => closedClients.add(client));
  const secureConnect = (...args: unknown[]): TLSSocket => {
    const socket = watched((tlsConnect as (...a: unknown[]) => TLSSocket)(...args));
    if (hooks.onTls) socket.once('secureConnect', () => hooks.onTls?.(socket));
    return socket;
  };
  const client = new Client({
    url: settings.providerUri,
    connectTimeout: settings.connectTimeoutMs,
    timeout: settings.timeoutMs,
    ...(secure ? { tlsOptions: tls } : {}),
    createConnection: ((port: number, host: string) => (firstConnection() ? watched(new Socket().connect({ port, host })) : closedSocket())) as never,
    // ldaps:// connects through here (port, host, options); the StartTLS upgrade passes one options
    // object holding the existing socket, which is no new connection.
    createSecureConnection: ((...args: unknown[]) =>
      typeof args[0] !== 'number' || firstConnection() ? secureConnect(...args) : closedSocket()) as never,
  });
  try {
    if (settings.startTls && !secure) await within(settings.connectTimeoutMs, 'StartTLS', client.startTLS({ ...tls }));
    return client;
  } catch (error) {
    await closeQuietly(client);
    throw error;
  }
}

/** Binds (RFC 4513 §5.1.3, simple) with the given name and password. */
export async function bindDirectory(client: Client, name: string, password: string): Promise<void> {
  await client.bind(name, password);
}

/**
 * Unbinds (RFC 4511 §4.3) and closes. On a socket already closed there is nobody to tell, and
 * ldapts would wait for its operation timeout before giving up on the unbind.
 */
export async function closeQuietly(client: Client): Promise<void> {
  if (closedClients.has(client)) return;
  await client.unbind().catch(() => undefined);
}

function closedSocket(): Socket {
  const socket = new Socket();
  process.nextTick(() => socket.destroy(new Error('the directory connection was closed')));
  return socket;
}

async function within<T>(ms: number, step: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${step} timed out`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
