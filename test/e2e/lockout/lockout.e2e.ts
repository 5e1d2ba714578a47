import { LocalIdentities } from '@rapidauth/identity';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { createNativeApp, createTenant, PASSWORD_APP } from '../../support/tenant';

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * The lockout over HTTP, as an attacker meets it: bursts of parallel guesses through the password
 * grant and `/management/token` (both ports), each from its own address behind a trusted proxy,
 * and unknown usernames probed for a different answer.
 */
describe('lockout over HTTP', () => {
  let testbed: AdminTestbed;
  let clientId: string;
  let environmentId: string;
  let addresses = 0;
  /** A fresh client address for every request, so neither the per-address lock nor the sign-in rate limit is what stops a burst. */
  const nextAddress = () => `203.0.${113 + Math.floor(addresses / 250)}.${(addresses++ % 250) + 1}`;

  const post = async (url: string, form: Record<string, string>, address = nextAddress()): Promise<Answer> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
      body: new URLSearchParams(form),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const passwordGrant = (username: string, password: string) =>
    post(`${testbed.gateway.url}/oauth/token`, { grant_type: 'password', client_id: clientId, username, password });
  const managementToken = (base: string, username: string, password: string) =>
    post(`${base}/management/token`, { grant_type: 'password', username, password });

  /** 30 wrong passwords and then the right one, all sent at once. */
  const burst = async (attempt: (password: string) => Promise<Answer>, rightPassword: string) => {
    const answers = await Promise.all([...Array.from({ length: 30 }, (_, i) => attempt(`wrong guess number ${i}`)), attempt(rightPassword)]);
    const right = answers.pop()!;
    return { locked: answers.filter((answer) => answer.body.code === 'IDENTITY_TEMPORARILY_LOCKED').length, right };
  };

  beforeAll(async () => {
    testbed = await startAdminTestbed({ env: { TRUST_PROXY: 'loopback' } });
    const tenant = await createTenant(testbed.gateway.provisioner);
    environmentId = tenant.environment.id;
    clientId = (await createNativeApp(testbed.gateway.provisioner, environmentId, PASSWORD_APP)).clientId;
  });

  afterAll(() => testbed?.stop());

  it('parallel guesses through the password grant cannot pass the lock, and the right password in the burst is refused', async () => {
    await testbed.gateway.get(LocalIdentities).create(environmentId, { username: 'burst', password: 'burst password ok' });
    const { locked, right } = await burst((password) => passwordGrant('burst', password), 'burst password ok');
    expect(locked).toBeGreaterThanOrEqual(25);
    expect(right).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant', code: 'IDENTITY_TEMPORARILY_LOCKED' }) });
  });

  it.each([
    ['gateway', () => testbed.gateway.url],
    ['admin', () => testbed.gateway.adminUrl],
  ])('parallel guesses at /management/token on the %s port cannot pass the lock', async (port, base) => {
    const admin = { username: `burst-admin-${port}`, password: 'burst admin password' };
    expect((await testbed.api('POST', '/v1/admins', admin)).status).toBe(201);
    const { locked, right } = await burst((password) => managementToken(base(), admin.username, password), admin.password);
    expect(locked).toBeGreaterThanOrEqual(25);
    expect(right).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant', code: 'IDENTITY_TEMPORARILY_LOCKED' }) });
  });

  it('username enumeration: after 5 failures an unknown username answers exactly like a known one (password grant)', async () => {
    await testbed.gateway.get(LocalIdentities).create(environmentId, { username: 'existing', email: 'existing@example.com', password: 'existing password ok' });
    const known: Answer[] = [];
    const unknown: Answer[] = [];
    for (let i = 0; i < 6; i++) {
      known.push(await passwordGrant(i % 2 ? 'existing@example.com' : 'existing', 'not the password'));
      unknown.push(await passwordGrant('nobody-here', 'not the password'));
    }
    expect(known.map((answer) => answer.body.code)).toEqual([...Array(5).fill('INVALID_CREDENTIALS'), 'IDENTITY_TEMPORARILY_LOCKED']);
    expect(unknown).toEqual(known);
  });

  it('username enumeration: after 5 failures an unknown admin answers exactly like a known one (/management/token)', async () => {
    const admin = { username: 'probed-admin', password: 'probed admin password' };
    expect((await testbed.api('POST', '/v1/admins', admin)).status).toBe(201);
    const known: Answer[] = [];
    const unknown: Answer[] = [];
    for (let i = 0; i < 6; i++) {
      const base = i % 2 ? testbed.gateway.url : testbed.gateway.adminUrl;
      known.push(await managementToken(base, admin.username, 'not the password'));
      unknown.push(await managementToken(base, 'no-such-admin', 'not the password'));
    }
    expect(known.map((answer) => answer.body.code)).toEqual([...Array(5).fill('INVALID_CREDENTIALS'), 'IDENTITY_TEMPORARILY_LOCKED']);
    expect(unknown).toEqual(known);
  });

  it('a common password is refused for admins and users created over the admin API, naming the field', async () => {
    const weak = { status: 400, body: expect.objectContaining({ code: 'TOO_WEAK_PASSWORD', fields: [expect.objectContaining({ field: 'password' })] }) };
    expect(await testbed.api('POST', '/v1/admins', { username: 'weak-admin', password: 'Password123' })).toEqual(weak);
    expect(await testbed.api('POST', '/v1/admins', { username: 'weak-admin', password: 'short' })).toEqual(weak);
    expect(await testbed.api('POST', `/v1/environments/${environmentId}/users`, { username: 'weak-user', password: 'qwertyuiop' })).toEqual(weak);
  });

  it('a user whose username is another user’s email (or the reverse) is refused over the admin API', async () => {
    const users = `/v1/environments/${environmentId}/users`;
    expect((await testbed.api('POST', users, { username: 'olivia', email: 'olivia@example.com', password: 'olivia password ok' })).status).toBe(201);
    const taken = (field: string) => ({ status: 409, body: expect.objectContaining({ code: 'EXISTING_IDENTITY', fields: [expect.objectContaining({ field })] }) });
    expect(await testbed.api('POST', users, { username: 'olivia@example.com', password: 'another password ok' })).toEqual(taken('username'));
    expect(await testbed.api('POST', users, { username: 'peggy', email: 'olivia@example.com', password: 'another password ok' })).toEqual(taken('email'));
    expect((await testbed.api('POST', users, { username: 'peggy', email: 'peggy@example.com', password: 'another password ok' })).status).toBe(201);
  });
});
