import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { APP_CONFIG, loadConfig, type AppConfig } from '@rapidauth/config';
import { DELIVERY_AVAILABILITY, MessageDelivery, type DeliveryAvailability, type EmailTemplate } from '@rapidauth/identity';
import { DELIVERY_PROVIDERS } from '../../../libs/identity/src/delivery/delivery.providers';
import { Mailer } from '../../../libs/identity/src/delivery/mailer';
import { SmsSender } from '../../../libs/identity/src/delivery/sms-sender';
import { identityOutcome as outcome } from '../../support/identity-outcome';
import { SmsReceiver } from '../../support/sms-receiver';
import { SmtpInbox } from '../../support/smtp-inbox';

/** Every line the Nest loggers wrote during the suite: none may hold a code, an address, a body or a credential. */
const logged: string[] = [];
const capture: LoggerService = {
  log: (message: unknown) => void logged.push(String(message)),
  warn: (message: unknown) => void logged.push(String(message)),
  error: (message: unknown) => void logged.push(String(message)),
  debug: (message: unknown) => void logged.push(String(message)),
  verbose: (message: unknown) => void logged.push(String(message)),
};

const configOf = (env: NodeJS.ProcessEnv): AppConfig => loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'rapidauth-delivery-')), ...env }).config;
const credentials = { user: 'mailer@acme.example', pass: 'p@ss w0rd:/?' };
const template: EmailTemplate = {
  subject: 'Your {{appName}} code',
  text: 'Your code is {{code}}. It expires in {{expiresMinutes}} minutes. {{link}}',
  html: '<p>Your code is <b>{{code}}</b> for {{appName}}.</p><a href="{{link}}">verify</a>',
};
const vars = { code: '482913', appName: 'Acme & <Co>', expiresMinutes: 5, link: 'https://auth.example.com/v3/auth/email/verify?token=t0k&x=1' };
const SECRETS = ['482913', '771204', '650931', 'p@ss w0rd', 'sms-token-42', 'ana@example.com', 'bob@example.com', '+33612345678', 'Your code is'];

beforeAll(() => Logger.overrideLogger(capture));
afterAll(() => Logger.overrideLogger(new Logger()));

describe('mail over SMTP (a real smtp-server)', () => {
  const inboxes: SmtpInbox[] = [];
  const mailers: Mailer[] = [];
  const inbox = async (options: Parameters<typeof SmtpInbox.start>[0]) => {
    const started = await SmtpInbox.start(options);
    inboxes.push(started);
    return started;
  };
  const mailer = (smtpUrl: string, options: ConstructorParameters<typeof Mailer>[1] = {}, env: NodeJS.ProcessEnv = {}) => {
    const { mail } = configOf({ SMTP_URL: smtpUrl, ...env });
    const created = new Mailer({ ...mail, smtpUrl: mail.smtpUrl! }, options);
    mailers.push(created);
    return created;
  };

  afterAll(async () => {
    await Promise.all(mailers.map((created) => created.close()));
    await Promise.all(inboxes.map((started) => started.close()));
  });

  it('delivers subject, text and HTML (values escaped), upgrading with STARTTLS and logging in with the URL credentials', async () => {
    const server = await inbox({ credentials });
    const transport = mailer(server.url(credentials), { ca: server.ca }, { MAIL_FROM: 'Acme Login <login@acme.example>' });
    await new MessageDelivery(transport, null).sendEmail('  Ana@Example.com ', template, vars);
    const mail = await server.waitForMail('ana@example.com');
    expect(mail.secure).toBe(true);
    expect(mail.user).toBe(credentials.user);
    expect(mail.envelopeFrom).toBe('login@acme.example');
    expect(mail.headers.get('from')).toBe('Acme Login <login@acme.example>');
    expect(mail.headers.get('to')).toBe('ana@example.com');
    expect(mail.subject).toBe('Your Acme & <Co> code');
    expect(mail.text).toBe(`Your code is 482913. It expires in 5 minutes. ${vars.link}`);
    expect(mail.html).toBe(
      '<p>Your code is <b>482913</b> for Acme &amp; &lt;Co&gt;.</p><a href="https://auth.example.com/v3/auth/email/verify?token=t0k&amp;x=1">verify</a>',
    );
  });

  it('speaks TLS from the first byte with smtps://', async () => {
    const server = await inbox({ tls: 'implicit' });
    await mailer(server.url(undefined, 'smtps'), { ca: server.ca }).send({ to: 'bob@example.com', subject: 'Hello', text: 'Code 771204' });
    const mail = await server.waitForMail('bob@example.com');
    expect(mail.secure).toBe(true);
    expect(mail.text).toBe('Code 771204');
    expect(mail.html).toBeUndefined();
  });

  it('sends in plain text to a server that offers no STARTTLS (smtp:// is opportunistic)', async () => {
    const server = await inbox({ tls: 'none' });
    await mailer(server.url()).send({ to: 'ana@example.com', subject: 'Plain', text: 'Code 650931', html: '<b>650931</b>' });
    const mail = await server.waitForMail('ana@example.com');
    expect(mail.secure).toBe(false);
    expect(mail.html).toBe('<b>650931</b>');
  });

  it('keeps one recipient: a line break in the subject starts no header and a list is not an address', async () => {
    const server = await inbox({ tls: 'none' });
    const delivery = new MessageDelivery(mailer(server.url()), null);
    await delivery.sendEmail('ana@example.com', { ...template, subject: 'Hi {{code}}\r\nBcc: bob@example.com' }, { code: '482913' });
    const mail = await server.waitForMail('ana@example.com');
    expect(mail.envelopeTo).toEqual(['ana@example.com']);
    expect(mail.headers.has('bcc')).toBe(false);
    expect(await outcome(delivery.sendEmail('ana@example.com, bob@example.com', template, vars))).toBe('INVALID_EMAIL');
    expect(server.messages).toHaveLength(1);
  });

  it('fails with DELIVERY_FAILED when the credentials are refused', async () => {
    const server = await inbox({ credentials });
    const transport = mailer(server.url({ user: credentials.user, pass: 'wrong' }), { ca: server.ca });
    expect(await outcome(transport.send({ to: 'ana@example.com', subject: 's', text: 'Code 482913' }))).toBe('DELIVERY_FAILED');
    expect(server.messages).toHaveLength(0);
  });

  it('verifies the server certificate: an untrusted one is DELIVERY_FAILED, nothing sent', async () => {
    const server = await inbox({ credentials });
    const transport = mailer(server.url(credentials));
    expect(await outcome(transport.send({ to: 'ana@example.com', subject: 's', text: 'Code 482913' }))).toBe('DELIVERY_FAILED');
    expect(server.messages).toHaveLength(0);
  });

  it('fails with DELIVERY_FAILED when the server is down', async () => {
    const server = await inbox({ tls: 'none' });
    const url = server.url();
    await server.close();
    inboxes.splice(inboxes.indexOf(server), 1);
    expect(await outcome(mailer(url).send({ to: 'ana@example.com', subject: 's', text: 't' }))).toBe('DELIVERY_FAILED');
  });

  it('fails with DELIVERY_FAILED when the server accepts the connection but never greets (the timeout)', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      expect(await outcome(mailer(`smtp://127.0.0.1:${port}`, { timeoutMs: 300 }).send({ to: 'ana@example.com', subject: 's', text: 't' }))).toBe(
        'DELIVERY_FAILED',
      );
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('SMS over the provider HTTP API (a node:http receiver)', () => {
  let receiver: SmsReceiver;
  const sender = (env: NodeJS.ProcessEnv = {}, timeoutMs?: number) =>
    new SmsSender(configOf({ SMS_PROVIDER_URL: receiver.url, SMS_PROVIDER_AUTH_HEADER: 'X-Api-Key: sms-token-42', ...env }).sms!, { timeoutMs });

  beforeAll(async () => {
    receiver = await SmsReceiver.start();
  });
  afterAll(() => receiver.close());
  beforeEach(() => {
    receiver.mode = 'ok';
    receiver.requests.length = 0;
  });

  it('POSTs the default JSON body, values JSON-escaped, with the auth header', async () => {
    const delivery = new MessageDelivery(null, sender());
    await delivery.sendSms('+33 6 12 34 56 78', '{{appName}} code: {{code}} "quoted"\n', { code: '482913', appName: 'Acme' });
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe('sms-token-42');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ to: '+33612345678', text: 'Acme code: 482913 "quoted"\n' });
  });

  it('sends a plain-text template as text/plain, values as they are', async () => {
    await sender({ SMS_PROVIDER_BODY_TEMPLATE: 'to={{to}};msg={{text}}' }).send({ to: '+33612345678', text: 'Code 771204' });
    expect(receiver.requests[0].headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(receiver.requests[0].body).toBe('to=+33612345678;msg=Code 771204');
  });

  it.each([
    ['answers 500', 'fail' as const],
    ['redirects (the credential would follow)', 'redirect' as const],
  ])('fails with DELIVERY_FAILED when the provider %s', async (_label, mode) => {
    receiver.mode = mode;
    expect(await outcome(sender().send({ to: '+33612345678', text: 'Code 650931' }))).toBe('DELIVERY_FAILED');
    expect(receiver.requests).toHaveLength(1);
  });

  it('fails with DELIVERY_FAILED when the provider does not answer in time', async () => {
    receiver.mode = 'hang';
    expect(await outcome(sender({}, 300).send({ to: '+33612345678', text: 'Code 650931' }))).toBe('DELIVERY_FAILED');
  });

  it('fails with DELIVERY_FAILED when the provider cannot be reached', async () => {
    const unreachable = new SmsSender(configOf({ SMS_PROVIDER_URL: 'http://127.0.0.1:9/sms' }).sms!);
    expect(await outcome(unreachable.send({ to: '+33612345678', text: 'Code 650931' }))).toBe('DELIVERY_FAILED');
  });
});

describe('without transports outside production: the console outbox', () => {
  it('writes each message to stdout, not through the logger, and start-up says so once', async () => {
    const config = configOf({});
    const written: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const linesBefore = logged.length;
    try {
      const compile = () => Test.createTestingModule({ providers: [{ provide: APP_CONFIG, useValue: config }, ...DELIVERY_PROVIDERS] }).setLogger(capture).compile();
      const [first, second] = [await compile(), await compile()];
      const delivery = first.get(MessageDelivery);
      expect(first.get<DeliveryAvailability>(DELIVERY_AVAILABILITY).email()).toBe(true);
      await delivery.sendEmail('ana@example.com', template, vars);
      await delivery.sendSms('+33612345678', 'SMS code {{code}}', { code: '771204' });
      await Promise.all([first.close(), second.close()]);
    } finally {
      write.mockRestore();
    }
    const out = written.join('');
    expect(out).toContain('=== development outbox: mail (not sent) ===\nTo: ana@example.com\nSubject: Your Acme & <Co> code\n\nYour code is 482913.');
    expect(out).toContain('=== development outbox: SMS (not sent) ===\nTo: +33612345678\n\nSMS code 771204\n');
    const lines = logged.slice(linesBefore);
    expect(lines.filter((line) => line === 'no SMTP_URL: mail goes to the console outbox')).toHaveLength(1);
    expect(lines.filter((line) => line === 'no SMS_PROVIDER_URL: SMS go to the console outbox')).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('482913');
  });

});

// Last, so it sees every line the suite logged (Jest runs describe blocks in order).
describe('the logs', () => {
  it('said what happened and never held a code, an address, a body or a credential', () => {
    expect(logged.some((line) => /^mail sent /.test(line))).toBe(true);
    expect(logged.some((line) => /^SMS not sent: the provider answered 500$/.test(line))).toBe(true);
    for (const line of logged) for (const secret of SECRETS) expect(line).not.toContain(secret);
  });
});
