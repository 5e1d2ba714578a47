import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

const run = promisify(execFile);

export interface SmtpInboxOptions {
  /**
   * `starttls` (default): plain SMTP offering STARTTLS; `implicit`: TLS from the first byte (smtps);
   * `none`: plain SMTP that never offers STARTTLS.
   */
  readonly tls?: 'starttls' | 'implicit' | 'none';
  /** AUTH required with these credentials (only over TLS, except with `tls: 'none'`); unset: no AUTH. */
  readonly credentials?: { readonly user: string; readonly pass: string };
}

/** One message as it arrived, with the session facts a test checks. */
export interface ReceivedMail {
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  /** Header names lower-cased, folded lines joined. */
  readonly headers: ReadonlyMap<string, string>;
  readonly subject: string;
  /** The decoded parts, line ends as `\n`. */
  readonly text?: string;
  readonly html?: string;
  readonly raw: string;
  /** The session was in TLS when DATA came (implicit TLS or after STARTTLS). */
  readonly secure: boolean;
  /** The user AUTH logged in as, if any. */
  readonly user?: string;
}

/** A message the server has read but not yet answered (DATA's reply waits for the test). */
export interface HeldMail {
  readonly mail: ReceivedMail;
  /** Accepts it (250): it joins `messages`. */
  release(): void;
  /** Refuses it (554): the client's send fails. */
  refuse(): void;
}

/**
 * A real SMTP server (`smtp-server`) on 127.0.0.1, port 0, of one suite's own, with a self-signed
 * certificate for 127.0.0.1 and localhost made per run by `openssl` (its PEM is `ca`, for the
 * client to trust). It collects messages, decoding just enough MIME (multipart, quoted-printable,
 * base64) to read the text and HTML parts.
 */
export class SmtpInbox {
  readonly messages: ReceivedMail[] = [];
  /** While true, every recipient is refused (550), as a server that will not take the mail. */
  refusing = false;
  /** While true, each message is held once read (`held`) until the test releases or refuses it. */
  holding = false;
  readonly held: HeldMail[] = [];
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly ca: string,
    private readonly dir: string,
  ) {}

  static async start(options: SmtpInboxOptions = {}): Promise<SmtpInbox> {
    const dir = mkdtempSync(join(tmpdir(), 'rapidauth-smtp-'));
    const { key, cert } = await selfSignedCertificate(dir);
    const mode = options.tls ?? 'starttls';
    const credentials = options.credentials;
    let inbox: SmtpInbox | undefined;
    const server = new SMTPServer({
      secure: mode === 'implicit',
      key,
      cert,
      hideSTARTTLS: mode === 'none',
      authOptional: !credentials,
      allowInsecureAuth: mode === 'none',
      disabledCommands: credentials ? [] : ['AUTH'],
      logger: false,
      onAuth(auth, _session, callback) {
        if (credentials && auth.username === credentials.user && auth.password === credentials.pass) callback(null, { user: auth.username });
        else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo(_address, _session, callback) {
        if (inbox?.refusing) callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        else callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          if (!inbox?.holding) {
            inbox?.receive(raw, session);
            callback();
            return;
          }
          inbox.hold({
            mail: parseMail(raw, session),
            release: () => {
              inbox?.receive(raw, session);
              callback();
            },
            refuse: () => callback(Object.assign(new Error('Message refused'), { responseCode: 554 })),
          });
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    inbox = new SmtpInbox(server, port, cert, dir);
    return inbox;
  }

  /** `smtp://` (or `smtps://` with implicit TLS) URL for SMTP_URL, with credentials when given. */
  url(credentials?: { user: string; pass: string }, scheme: 'smtp' | 'smtps' = 'smtp'): string {
    const auth = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@` : '';
    return `${scheme}://${auth}127.0.0.1:${this.port}`;
  }

  /** The first message (received or to come) for `to`; rejects after `timeoutMs`. */
  async waitForMail(to: string, timeoutMs = 10_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((message) => message.envelopeTo.includes(to.toLowerCase()));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no mail for ${to} within ${timeoutMs} ms`);
      await this.nextEvent(left);
    }
  }

  /** The first held message (held or to come) for `to`; rejects after `timeoutMs`. */
  async waitForHeld(to: string, timeoutMs = 10_000): Promise<HeldMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.held.find((held) => held.mail.envelopeTo.includes(to.toLowerCase()));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no held mail for ${to} within ${timeoutMs} ms`);
      await this.nextEvent(left);
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private receive(raw: string, session: SMTPServerSession): void {
    this.messages.push(parseMail(raw, session));
    this.wake();
  }

  private hold(held: HeldMail): void {
    this.held.push(held);
    this.wake();
  }

  /** Resolves at the next message received or held, or after `timeoutMs`. */
  private nextEvent(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }
}

function parseMail(raw: string, session: SMTPServerSession): ReceivedMail {
  const { headers, body } = splitMessage(raw);
  const parts = leafParts(headers, body.replace(/\r?\n$/, ''));
  return {
    envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
    headers,
    subject: headers.get('subject') ?? '',
    text: parts.find((part) => part.type === 'text/plain')?.content,
    html: parts.find((part) => part.type === 'text/html')?.content,
    raw,
    secure: session.secure,
    user: typeof session.user === 'string' ? session.user : undefined,
  };
}

async function selfSignedCertificate(dir: string): Promise<{ key: string; cert: string }> {
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-keyout', join(dir, 'smtp.key'), '-out', join(dir, 'smtp.pem'), '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  return { key: readFileSync(join(dir, 'smtp.key'), 'utf8'), cert: readFileSync(join(dir, 'smtp.pem'), 'utf8') };
}

function splitMessage(raw: string): { headers: Map<string, string>; body: string } {
  const end = raw.search(/\r?\n\r?\n/);
  const head = end < 0 ? raw : raw.slice(0, end);
  const body = end < 0 ? '' : raw.slice(end).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** The non-multipart parts, decoded. */
function leafParts(headers: Map<string, string>, body: string): Array<{ type: string; content: string }> {
  const contentType = headers.get('content-type') ?? 'text/plain';
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (!boundary) return [];
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((section) => !section.startsWith('--'))
      .flatMap((section) => {
        const part = splitMessage(section.replace(/^\r?\n/, ''));
        return leafParts(part.headers, part.body.replace(/\r?\n$/, ''));
      });
  }
  return [{ type, content: decodeBody(body, headers.get('content-transfer-encoding')).replace(/\r\n/g, '\n') }];
}

function decodeBody(body: string, encoding = '7bit'): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const text = body.replace(/=\r?\n/g, '');
      const bytes: number[] = [];
      for (let i = 0; i < text.length; i += 1) {
        const hex = text.slice(i + 1, i + 3);
        if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
          bytes.push(parseInt(hex, 16));
          i += 2;
        } else bytes.push(...Buffer.from(text[i], 'utf8'));
      }
      return Buffer.from(bytes).toString('utf8');
    }
    default:
      return body;
  }
}
