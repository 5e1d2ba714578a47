import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Page } from 'playwright-core';
import { accountCall } from '../../support/account-api';
import { ConsoleBrowser } from '../../support/console-browser';
import { codeFor } from '../../support/totp-codes';

const SECRET = 'the shop backend signs custom tokens with this 7c1e9a';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

interface Identity {
  id: string;
  provider: string;
  providerUid: string;
}
interface User {
  uid: string;
  disabled: boolean;
  identities: Identity[];
}
interface Grant {
  id: string;
  title: string | null;
  description: string | null;
  allowOpenDriverAuthentication: boolean;
}

/**
 * The console's user and grant actions in Chromium against the built server: a user with two
 * identities and a second factor (set up at the gateway as an app would), then in the console its
 * details, removing one identity, resetting the second factor, disabling and enabling it, and
 * editing a grant; each result checked over the admin API or the user's own account view.
 */
describe('console users and authentication grants in Chromium', () => {
  let browser: ConsoleBrowser;
  let page: Page;
  let environmentId: string;
  let user: User;
  let userToken: string;
  let grant: Grant;
  const api = <T>(path: string, init: RequestInit = {}) => browser.api<T>(path, init);
  const account = async () => (await accountCall(browser.gateway, 'GET', '/v3/auth/account', userToken)).body as { identities: Identity[]; mfa: { totp: boolean } };

  beforeAll(async () => {
    browser = await ConsoleBrowser.start('rapidauth-console-users-');
    page = browser.page;
    ({ environmentId } = await browser.environment({ organization: 'shop', app: 'storefront', environment: 'production' }));
    expect((await api(`/v1/environments/${environmentId}/identity-methods`, { method: 'PATCH', body: JSON.stringify({ customToken: { enabled: true, secret: SECRET } }) })).status).toBe(200);
    const client = await api<{ clientId: string }>(`/v1/environments/${environmentId}/clients`, {
      method: 'POST',
      body: JSON.stringify({ name: 'shop app', type: 'public', applicationType: 'native', firstParty: true, redirectUris: ['http://127.0.0.1/callback'], grantTypes: ['authorization_code', JWT_BEARER] }),
    });
    expect(client.status).toBe(201);

    // The user signs in with a custom token of the shop's backend, then links a second one (docs/gateway.md#linking-identities).
    const audience = ((await (await fetch(`${browser.gateway}/.well-known/openid-configuration`)).json()) as { token_endpoint: string }).token_endpoint;
    const customToken = (sub: string) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ sub, aud: audience, jti: randomUUID(), iat: now, exp: now + 60 }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
    };
    const login = await fetch(`${browser.gateway}/v3/auth/custom`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: client.body.clientId, token: await customToken('carol-web') }) });
    expect(login.status).toBe(200);
    const tokens = (await login.json()) as { access_token: string; auth: { uid: string } };
    userToken = tokens.access_token;
    expect((await accountCall(browser.gateway, 'POST', '/v3/auth/link', userToken, { method: 'custom', token: await customToken('carol-kiosk') })).status).toBe(200);
    const enrolment = await accountCall(browser.gateway, 'POST', '/v3/auth/mfa/totp', userToken, {});
    expect(enrolment.status).toBe(200);
    expect((await accountCall(browser.gateway, 'POST', '/v3/auth/mfa/totp/confirm', userToken, { code: await codeFor(enrolment.body.secret as string) })).status).toBe(200);
    expect((await account()).mfa.totp).toBe(true);
    user = (await api<User>(`/v1/users/${tokens.auth.uid}`)).body;
    expect(user.identities.map((identity) => identity.providerUid).sort()).toEqual(['carol-kiosk', 'carol-web']);

    const created = await api<Grant>('/v1/authentication-grants', {
      method: 'POST',
      body: JSON.stringify({ principalDomainId: environmentId, principalId: user.uid, clientId: client.body.clientId, title: 'Till 1' }),
    });
    expect(created.status).toBe(201);
    grant = created.body;
    await browser.signIn();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("opens a user's details, removes one identity, resets the second factor, disables and enables the user", async () => {
    await page.goto(`${browser.admin}/console/environments/${environmentId}/users`);
    await page.getByRole('button', { name: `Details of ${user.uid}` }).click();
    const details = page.getByRole('dialog', { name: `User ${user.uid}` });
    await details.getByRole('table', { name: 'Identities of this user' }).waitFor();
    await browser.screenshot('user-details');

    await details.getByRole('button', { name: 'Remove identity custom: carol-kiosk' }).click();
    const removal = page.getByRole('dialog', { name: 'Remove identity custom: carol-kiosk?' });
    await removal.getByText("Removing an account's last identity deletes the account", { exact: false }).waitFor();
    await browser.screenshot('user-remove-identity');
    await removal.getByRole('button', { name: 'Remove' }).click();
    await details.getByRole('button', { name: 'Remove identity custom: carol-kiosk' }).waitFor({ state: 'detached' });
    expect((await api<User>(`/v1/users/${user.uid}`)).body.identities.map((identity) => identity.providerUid)).toEqual(['carol-web']);

    await details.getByRole('button', { name: 'Reset second factor' }).click();
    const reset = page.getByRole('dialog', { name: `Reset the second factor of ${user.uid}?` });
    await reset.getByRole('button', { name: 'Reset' }).click();
    await reset.waitFor({ state: 'detached' });
    expect((await account()).mfa.totp).toBe(false);

    await details.getByRole('button', { name: `Disable ${user.uid}` }).click();
    await details.getByRole('button', { name: `Enable ${user.uid}` }).waitFor();
    expect((await api<User>(`/v1/users/${user.uid}`)).body.disabled).toBe(true);
    await details.getByRole('button', { name: `Enable ${user.uid}` }).click();
    await details.getByRole('button', { name: `Disable ${user.uid}` }).waitFor();
    expect((await api<User>(`/v1/users/${user.uid}`)).body.disabled).toBe(false);
    await details.getByRole('button', { name: 'Close' }).click();
  });

  it("edits a grant's title and description", async () => {
    await page.getByRole('tab', { name: 'Authentication grants' }).click();
    await page.getByRole('button', { name: 'Edit Till 1' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit grant Till 1' });
    await edit.getByLabel('Title').fill('Till 2');
    await edit.getByLabel('Description').fill('The second till by the door');
    await browser.screenshot('grant-edit');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Till 2', exact: true }).waitFor();
    const saved = (await api<Grant>(`/v1/authentication-grants/${grant.id}`)).body;
    expect(saved).toMatchObject({ title: 'Till 2', description: 'The second till by the door', allowOpenDriverAuthentication: false });
    await browser.screenshot('grants');

    await page.getByRole('button', { name: 'New grant' }).click();
    const create = page.getByRole('dialog', { name: 'New grant' });
    await create.getByRole('option', { name: 'shop app', exact: false }).first().waitFor({ state: 'attached' });
    await create.getByRole('searchbox', { name: 'Find a user' }).waitFor();
    await browser.screenshot('grant-pickers');
    await create.getByRole('button', { name: 'Cancel' }).click();

    expect(browser.requestsOutsideTheApi()).toEqual([]);
    expect(browser.ownConsoleErrors()).toEqual([]);
  });
});
