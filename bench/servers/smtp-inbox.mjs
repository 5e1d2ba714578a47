// A local SMTP server (smtp-server) in the runner's process, on core 1 with the load generator: the
// gateway's mail transport (SMTP_URL) for (j1), where each iteration reads its sign-in code from the
// mail it asked for. Plain SMTP on loopback (STARTTLS not offered, so nodemailer sends in the clear,
// as it would to a relay on the same host). Only the code of each recipient's latest mail is kept,
// until taken: the gateway voids the previous code when it issues a new one.
import { SMTPServer } from 'smtp-server';

/** The code in a sign-in mail's subject ("Your {{appName}} sign-in code: {{code}}", the default template). */
const SUBJECT_CODE = /^subject:.*?(\d{4,10})\s*$/im;

export async function startSmtpInbox() {
  const codes = new Map();
  const waiters = new Map();
  const deliver = (to, code) => {
    const waiter = waiters.get(to);
    if (waiter) {
      waiters.delete(to);
      waiter.resolve(code);
    } else {
      codes.set(to, code);
    }
  };
  const server = new SMTPServer({
    hideSTARTTLS: true,
    authOptional: true,
    disabledCommands: ['AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => (raw += chunk));
      stream.on('end', () => {
        // The headers end at the first blank line; the subject is one of them.
        const code = SUBJECT_CODE.exec(raw.slice(0, raw.search(/\r?\n\r?\n/)))?.[1];
        if (code) for (const { address } of session.envelope.rcptTo) deliver(address.toLowerCase(), code);
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    /** The code mailed to `to` (arrived or to come); rejects after `timeoutMs`. */
    codeFor(to, timeoutMs = 10_000) {
      const address = to.toLowerCase();
      if (codes.has(address)) {
        const code = codes.get(address);
        codes.delete(address);
        return Promise.resolve(code);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(address);
          reject(new Error(`no mail for ${address} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(address, { resolve: (code) => (clearTimeout(timer), resolve(code)) });
      });
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
