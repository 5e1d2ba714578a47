import { EmailIdentities, IdentityMethods } from '@rapidauth/identity';
import { codeIn, mailsTo } from '../../support/email-mail';
import { installationSecrets, type GatewayInstance } from '../../support/gateway-instance';
import { sampleSum } from '../../support/metrics-exposition';
import { freePort, ServerProcess } from '../../support/server-process';
import { SmtpInbox } from '../../support/smtp-inbox';
import { createNativeApp, createTenant } from '../../support/tenant';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';
import { startCapturedGateway } from '../observability/captured-gateway';

const PASSWORD = 'a long and unusual passphrase';
const NEW_PASSWORD = 'another long and unusual passphrase';

type Answer = { status: number; body: Record<string, any> };

/**
 * The sends that must not tell whether an address has an account (docs/gateway.md#email-login):
 * a sign-in code, a password reset and a resent confirmation answer 202 before the mail server has
 * taken the message (the server here holds each message until the test lets it go), a mail the
 * server refuses after the answer voids its code, and SIGTERM waits for a send in flight.
 */
describe('email sends after the answer', () => {
  let scratch: ScratchDatabase;
  let inbox: SmtpInbox;
  let gateway: GatewayInstance;
  let lines: string[];
  let secrets: NodeJS.ProcessEnv;
  let clientId: string;
  let environmentId: string;

  const post = async (path: string, body: Record<string, unknown>, url = gateway.url): Promise<Answer> => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: clientId, ...body }) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  };
  const manager = () => gateway.running.runtime.database.dataSource.manager;
  const codeRows = (email: string): Promise<{ consumed: boolean }[]> =>
    manager().query(`SELECT "consumed_at" IS NOT NULL AS "consumed" FROM "one_time_code" WHERE "destination" = $1 ORDER BY "created_at"`, [email]);
  const signUp = (email: string) => gateway.get(EmailIdentities).signUp({ environmentId, email, password: PASSWORD, now: new Date() });
  let sequence = 0;
  const address = (label: string) => `${label}.${Date.now()}.${(sequence += 1)}@example.com`;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    inbox = await SmtpInbox.start({ tls: 'none' });
    secrets = installationSecrets();
    ({ gateway, lines } = await startCapturedGateway({ databaseUrl: scratch.url, secrets, env: { LOG_LEVEL: 'info', LOG_FORMAT: 'json', SMTP_URL: inbox.url() } }));
    const tenant = await createTenant(gateway.provisioner);
    environmentId = tenant.environment.id;
    clientId = (await createNativeApp(gateway.provisioner, environmentId, { name: 'Timing app', grantTypes: ['urn:rapidauth:grant-type:email-otp'] })).clientId;
    await gateway.get(IdentityMethods).update(environmentId, { email: { enabled: true }, otp: { resendAfterSeconds: 0, maxSendsPerHour: 100 } });
  });

  afterAll(async () => {
    await gateway?.stop();
    await inbox?.close();
    await scratch?.drop();
  });

  afterEach(() => {
    inbox.holding = false;
  });

  const sends = [
    {
      name: 'a sign-in code',
      path: '/v3/auth/email/otp',
      use: (email: string, code: string) => post('/v3/auth/email/otp/verify', { email, code }),
      used: 200,
    },
    {
      name: 'a password reset',
      path: '/v3/auth/email/password-reset',
      use: (email: string, code: string) => post('/v3/auth/email/password-reset/confirm', { email, code, password: NEW_PASSWORD }),
      used: 204,
    },
    {
      name: 'a resent confirmation',
      path: '/v3/auth/email/verify/resend',
      use: (email: string, code: string) => post('/v3/auth/email/verify', { email, code }),
      used: 200,
    },
  ];

  it.each(sends)('answers $name 202 while the mail server still holds the message, which arrives once released', async ({ path, use, used }) => {
    const email = address('held');
    await signUp(email);
    inbox.holding = true;
    const answering = post(path, { email });
    const held = await inbox.waitForHeld(email);
    const answer = await answering;
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ expires_in: 300, resend_after: 0 });
    expect(mailsTo(inbox, email)).toHaveLength(0);

    held.release();
    const mail = await inbox.waitForMail(email);
    expect((await use(email, codeIn(mail))).status).toBe(used);
  });

  it.each(sends)('answers $name for an unknown address alike, and sends nothing', async ({ path }) => {
    const email = address('unknown');
    const answer = await post(path, { email });
    expect(answer).toEqual({ status: 202, body: { expires_in: 300, resend_after: 0 } });
    // A known address's mail sent after this one's answer arrives; the unknown one never had any.
    const known = address('known-after');
    await signUp(known);
    expect((await post(path, { email: known })).status).toBe(202);
    await inbox.waitForMail(known);
    expect(mailsTo(inbox, email)).toHaveLength(0);
    expect(inbox.held.filter((held) => held.mail.envelopeTo.includes(email))).toHaveLength(0);
  });

  it.each(sends)('voids the code of $name the mail server refuses after the 202, logs one line without the address and counts it', async ({ path, use }) => {
    const email = address('refused');
    await signUp(email);
    const purposeOf = { '/v3/auth/email/otp': 'email-login', '/v3/auth/email/password-reset': 'password-reset', '/v3/auth/email/verify/resend': 'email-verification' };
    const purpose = purposeOf[path as keyof typeof purposeOf];
    const failures = async () => sampleSum(await (await fetch(`${gateway.url}/metrics`)).text(), 'rapidauth_delivery_failures_total', { channel: 'email', purpose });
    const failuresBefore = await failures();
    const linesBefore = lines.length;
    inbox.holding = true;
    const answering = post(path, { email });
    const held = await inbox.waitForHeld(email);
    expect((await answering).status).toBe(202);
    const code = codeIn(held.mail);

    held.refuse();
    await until(async () => (await codeRows(email)).every((row) => row.consumed));
    await until(async () => lines.slice(linesBefore).some((line) => line.includes('"delivery_failed"')));
    const refused = await use(email, code);
    expect([refused.status, refused.body.error, refused.body.code]).toEqual([400, 'invalid_grant', 'INVALID_OTP']);

    const failureLines = lines.slice(linesBefore).filter((line) => line.includes('"delivery_failed"'));
    expect(failureLines).toHaveLength(1);
    expect(JSON.parse(failureLines[0])).toMatchObject({ event: 'delivery_failed', channel: 'email', purpose, error: 'DELIVERY_FAILED', codeVoided: true });
    expect(lines.filter((line) => line.includes(email) || line.includes(code))).toEqual([]);
    expect(await failures()).toBe(failuresBefore + 1);
    expect(mailsTo(inbox, email)).toHaveLength(0);
  });

  it('keeps a sign-up waiting for its mail: it answers once the server has taken the message', async () => {
    const email = address('signup');
    inbox.holding = true;
    let answered = false;
    const answering = post('/v3/auth/email/signup', { email, password: PASSWORD }).then((answer) => {
      answered = true;
      return answer;
    });
    const held = await inbox.waitForHeld(email);
    // The server has read the message and not replied: the sign-up's answer cannot have come yet.
    expect(answered).toBe(false);
    held.release();
    expect((await answering).status).toBe(201);
  });

  it('waits on SIGTERM for a send in flight, then exits', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = ServerProcess.start('gateway', {
      ...secrets,
      DATABASE_URL: scratch.url,
      PORT: String(port),
      ADMIN_PORT: String(await freePort()),
      PUBLIC_URL: url,
      SMTP_URL: inbox.url(),
      LOG_FORMAT: 'json',
    });
    try {
      await server.waitFor(`${url}/health`);
      const email = address('sigterm');
      await signUp(email);
      inbox.holding = true;
      const answering = post('/v3/auth/email/otp', { email }, url);
      const held = await inbox.waitForHeld(email);
      expect((await answering).status).toBe(202);

      let released = false;
      const exitedBeforeRelease = server.exited.then(() => !released);
      const stopped = server.stop();
      await until(async () => server.stdout.includes('"delivery_draining"'));
      released = true;
      held.release();
      expect(await stopped).toBe(0);
      expect(await exitedBeforeRelease).toBe(false);

      const mail = await inbox.waitForMail(email);
      expect((await post('/v3/auth/email/otp/verify', { email, code: codeIn(mail) })).status).toBe(200);
    } finally {
      server.kill();
      await server.exited;
    }
  });
});

/** Polls `condition` (a state reached in the background) until it holds; fails after 10 s. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
