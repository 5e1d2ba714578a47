import { EmailIdentities, IdentityMethods } from '@rapidauth/identity';
import { codeIn, linkIn, mailsTo, nthMail } from '../../support/email-mail';
import { installationSecrets, type GatewayInstance } from '../../support/gateway-instance';
import { SmtpInbox } from '../../support/smtp-inbox';
import { createNativeApp, createTenant } from '../../support/tenant';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';
import { startCapturedGateway } from '../observability/captured-gateway';

const PASSWORD = 'a long and unusual passphrase';

type Answer = { status: number; headers: Headers; body: Record<string, any> };

/**
 * Email delivery at the gateway (docs/gateway.md#email-login): a mail server that refuses the
 * message makes a sign-up 503 DELIVERY_FAILED with its code void and no identity left, and voids a
 * sign-in code mailed after its 202; and at LOG_LEVEL=debug no log line holds a code, a link token or a password.
 */
describe('email delivery', () => {
  let scratch: ScratchDatabase;
  let inbox: SmtpInbox;
  let gateway: GatewayInstance;
  let lines: string[];
  let clientId: string;
  let environmentId: string;
  const used = new Set<string>();

  const post = async (path: string, body: Record<string, unknown>): Promise<Answer> => {
    const response = await fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: clientId, ...body }) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
  };
  const manager = () => gateway.running.runtime.database.dataSource.manager;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    inbox = await SmtpInbox.start({ tls: 'none' });
    ({ gateway, lines } = await startCapturedGateway({
      databaseUrl: scratch.url,
      secrets: installationSecrets(),
      env: { LOG_LEVEL: 'debug', LOG_FORMAT: 'json', SMTP_URL: inbox.url() },
    }));
    const tenant = await createTenant(gateway.provisioner);
    environmentId = tenant.environment.id;
    clientId = (await createNativeApp(gateway.provisioner, environmentId, { name: 'Mail app', grantTypes: ['urn:rapidauth:grant-type:email-otp', 'urn:rapidauth:grant-type:anonymous'] })).clientId;
    await gateway.get(IdentityMethods).update(environmentId, { email: { enabled: true }, anonymous: { enabled: true }, otp: { resendAfterSeconds: 0 } });
  });

  afterAll(async () => {
    await gateway?.stop();
    await inbox?.close();
    await scratch?.drop();
  });

  afterEach(() => {
    inbox.refusing = false;
  });

  it('answers a sign-up whose mail is refused 503 DELIVERY_FAILED and keeps no identity, so it can be tried again', async () => {
    const email = `refused.${Date.now()}@example.com`;
    inbox.refusing = true;
    const refused = await post('/v3/auth/email/signup', { email, password: PASSWORD });
    expect([refused.status, refused.body.error, refused.body.code]).toEqual([503, 'temporarily_unavailable', 'DELIVERY_FAILED']);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await manager().query(`SELECT 1 FROM "identity" WHERE "provider_uid" = $1`, [email])).toHaveLength(0);
    const [code]: { consumed: boolean }[] = await manager().query(`SELECT "consumed_at" IS NOT NULL AS "consumed" FROM "one_time_code" WHERE "destination" = $1`, [email]);
    expect(code).toEqual({ consumed: true });

    inbox.refusing = false;
    const created = await post('/v3/auth/email/signup', { email, password: PASSWORD });
    expect(created.status).toBe(201);
    const mail = await nthMail(inbox, email, 1);
    used.add(codeIn(mail)).add(new URL(linkIn(mail)).searchParams.get('token')!).add(PASSWORD);
  });

  it('leaves an anonymous account as it was when the mail of its upgrade is refused', async () => {
    const guest = await post('/v3/auth/anonymous', {});
    const uid = guest.body.auth.uid;
    const [{ expires_at: expiresAt }]: { expires_at: Date }[] = await manager().query(`SELECT "expires_at" FROM "account" WHERE "id" = $1`, [uid]);
    const email = `upgrade-refused.${Date.now()}@example.com`;
    inbox.refusing = true;
    const response = await fetch(`${gateway.url}/v3/auth/email/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${guest.body.access_token}` },
      body: JSON.stringify({ client_id: clientId, email, password: PASSWORD }),
    });
    expect(response.status).toBe(503);
    const identities: { provider: string }[] = await manager().query(`SELECT "provider" FROM "identity" WHERE "account_id" = $1`, [uid]);
    expect(identities.map((identity) => identity.provider)).toEqual(['anonymous']);
    const [account]: { expires_at: Date }[] = await manager().query(`SELECT "expires_at" FROM "account" WHERE "id" = $1`, [uid]);
    expect(account.expires_at).toEqual(expiresAt);
    used.add(guest.body.access_token);
  });

  it('voids a sign-in code whose mail is refused after its 202 (email-send-timing.e2e.ts holds the message to prove the order)', async () => {
    const email = `otp-refused.${Date.now()}@example.com`;
    await gateway.get(EmailIdentities).signUp({ environmentId, email, password: PASSWORD, now: new Date() });
    inbox.refusing = true;
    const refused = await post('/v3/auth/email/otp', { email });
    expect(refused.status).toBe(202);
    const consumed = async () => {
      const rows: { consumed: boolean }[] = await manager().query(`SELECT "consumed_at" IS NOT NULL AS "consumed" FROM "one_time_code" WHERE "destination" = $1`, [email]);
      return rows.length === 1 && rows[0].consumed;
    };
    for (const deadline = Date.now() + 10_000; !(await consumed()); ) {
      if (Date.now() > deadline) throw new Error('the refused code was not voided');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(mailsTo(inbox, email)).toHaveLength(0);

    inbox.refusing = false;
    expect((await post('/v3/auth/email/otp', { email })).status).toBe(202);
    const code = codeIn(await nthMail(inbox, email, 1));
    used.add(code);
    const signedIn = await post('/v3/auth/email/otp/verify', { email, code });
    expect(signedIn.status).toBe(200);
    used.add(signedIn.body.access_token).add(signedIn.body.refresh_token);
  });

  it('logs none of the codes, link tokens, passwords or tokens the email endpoints handled', () => {
    expect(lines.some((line) => line.includes('/v3/auth/email/signup'))).toBe(true);
    expect(used.size).toBeGreaterThanOrEqual(5);
    for (const secret of used) expect(lines.filter((line) => line.includes(secret))).toEqual([]);
  });
});
