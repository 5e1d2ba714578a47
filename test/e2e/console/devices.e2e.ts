import * as oidc from 'openid-client';
import type { Page } from 'playwright-core';
import { ConsoleBrowser } from '../../support/console-browser';
import { registerDevice, type DeviceRegistration } from '../../support/device-client';
import { exchange, signInThroughLoginPage } from '../../support/login-flow';
import { isActive } from '../../support/requests';

const REDIRECT = 'http://127.0.0.1/callback';
const BUILD = { identifier: 'com.shop.wallet', version: '3.1.0', platform: 'android' };
const SIGNATURE_NAME = `${BUILD.identifier} ${BUILD.version} (${BUILD.platform})`;
const DEVICE_NAME = 'Dana phone';
const DANA = { username: 'dana', password: 'dana password for devices' };

interface Client {
  id: string;
  clientId: string;
  kind: string;
  enabled: boolean;
  appSignatureId: string | null;
}
interface Signature {
  id: string;
  identifier: string;
  version: string;
  secretSet: boolean;
}
type Tokens = { access_token: string; refresh_token: string; profile_id: string };

/**
 * The console's Devices tab in Chromium against the built server: an app signature created there
 * (its OCRA key read from the dialog that shows it once), a device registered at the gateway against
 * it, then in the tab the device client, its profile, disabling and enabling it, and "Revoke
 * devices" on the signature; each result checked over the admin API and at the gateway.
 */
describe('console Devices tab in Chromium', () => {
  let browser: ConsoleBrowser;
  let page: Page;
  let environment: Awaited<ReturnType<ConsoleBrowser['environment']>>;
  let key: string;
  let registration: DeviceRegistration;
  let device: Client;
  let firstLogin: Tokens;
  const api = <T>(path: string, init: RequestInit = {}) => browser.api<T>(path, init);
  const deviceRow = () => page.getByRole('table', { name: 'Device clients of this environment' }).getByRole('row', { name: new RegExp(DEVICE_NAME) });
  const active = (accessToken: string) => isActive(browser.gateway, { clientId: environment.appKey, secret: environment.appSecret }, accessToken);

  /** openid-client as the device, at the issuer's own URL (the server's PUBLIC_URL: a host name, not the address the suite reaches it at). */
  const deviceConfig = async () => {
    const { issuer } = (await (await fetch(`${browser.gateway}/.well-known/openid-configuration`)).json()) as { issuer: string };
    const config = await oidc.discovery(new URL(issuer), registration.clientId, undefined, oidc.ClientSecretBasic(registration.clientSecret), { execute: [oidc.allowInsecureRequests] });
    return { issuer, config };
  };
  /** A user signing in on the device through the hosted page: a new profile. */
  const signInOnDevice = async (): Promise<Tokens> => {
    const { issuer, config } = await deviceConfig();
    const { started, callback } = await signInThroughLoginPage(issuer, config, REDIRECT, DANA, { scope: 'openid offline_access' });
    return (await exchange(config, callback.location, started)) as unknown as Tokens;
  };
  /** The device's refresh (RFC 6749 §6): the rotated tokens, or undefined when refused. */
  const refreshed = async (tokens: Tokens): Promise<Tokens | undefined> => {
    const { config } = await deviceConfig();
    return oidc.refreshTokenGrant(config, tokens.refresh_token).then((answer) => answer as unknown as Tokens, () => undefined);
  };
  /** The device's own RFC 7592 read of its registration. */
  const selfRead = async () =>
    (await fetch(`${browser.gateway}/v3/devices/clients/${registration.clientId}`, { headers: { authorization: `Bearer ${registration.registrationAccessToken}` } })).status;

  beforeAll(async () => {
    browser = await ConsoleBrowser.start('rapidauth-console-devices-');
    page = browser.page;
    environment = await browser.environment({ organization: 'wallet', app: 'wallet-app', environment: 'production' });
    expect((await api(`/v1/environments/${environment.environmentId}/users`, { method: 'POST', body: JSON.stringify(DANA) })).status).toBe(201);
    await browser.signIn();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('creates an app signature and shows its OCRA key once; a device registers with that key', async () => {
    await page.goto(`${browser.admin}/console/environments/${environment.environmentId}/devices`);
    await page.getByText('No devices registered yet').waitFor();
    await page.getByRole('button', { name: 'New app signature' }).click();
    const dialog = page.getByRole('dialog', { name: 'New app signature' });
    await dialog.getByLabel('Identifier').fill(BUILD.identifier);
    await dialog.getByLabel('Version').fill(BUILD.version);
    await dialog.getByLabel('Platform').selectOption(BUILD.platform);
    await dialog.getByLabel('Redirect URIs').fill(REDIRECT);
    await dialog.getByLabel('DPoP').selectOption('allowed');
    await browser.screenshot('devices-new-signature');
    await dialog.getByRole('button', { name: 'Create' }).click();

    const shown = page.getByRole('dialog', { name: `App signature ${SIGNATURE_NAME} created` });
    key = (await shown.getByLabel('OCRA key').textContent()) ?? '';
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    await browser.screenshot('devices-signature-key');
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await page.getByText(key).count()).toBe(0);

    const signatures = (await api<{ rows: Signature[] }>(`/v1/environments/${environment.environmentId}/app-signatures`)).body.rows;
    expect(signatures).toEqual([expect.objectContaining({ identifier: BUILD.identifier, version: BUILD.version, secretSet: true })]);
    expect(signatures[0]).not.toHaveProperty('secret');

    registration = await registerDevice(browser.gateway, { ...BUILD, secret: key }, DEVICE_NAME);
    const devices = (await api<{ total: number; rows: Client[] }>(`/v1/environments/${environment.environmentId}/clients?kind=device`)).body;
    expect(devices).toMatchObject({ total: 1, rows: [{ clientId: registration.clientId, kind: 'device', enabled: true, appSignatureId: signatures[0].id }] });
    device = devices.rows[0];
  });

  it('lists the registered device after a reload, with the profile its sign-in made', async () => {
    firstLogin = await signInOnDevice();
    expect(await active(firstLogin.access_token)).toBe(true);
    await page.reload();
    const row = deviceRow();
    await row.waitFor();
    expect(await row.getByRole('cell').nth(1).textContent()).toBe(registration.clientId);
    expect(await row.getByRole('cell').nth(2).textContent()).toBe('Enabled');
    await browser.screenshot('devices');

    const uid = (await api<{ profiles: { uid: string; profileId: string }[] }>(`/v1/clients/${device.id}/profiles`)).body.profiles.map((profile) => profile.uid);
    expect(uid).toHaveLength(1);
    await row.getByRole('button', { name: `Profiles of ${DEVICE_NAME}` }).click();
    const profiles = page.getByRole('dialog', { name: `Profiles of ${DEVICE_NAME}` });
    await profiles.getByRole('table', { name: 'Users signed in on this device' }).getByRole('row', { name: new RegExp(uid[0]) }).waitFor();
    await browser.screenshot('devices-profiles');
    await profiles.getByRole('button', { name: 'Close' }).click();
    await profiles.waitFor({ state: 'detached' });
  });

  it('disables the device client (its logins revoked) and enables it again', async () => {
    await deviceRow().getByRole('button', { name: `Disable ${DEVICE_NAME}` }).click();
    await deviceRow().getByRole('button', { name: `Enable ${DEVICE_NAME}` }).waitFor();
    expect((await api<Client>(`/v1/clients/${device.id}`)).body.enabled).toBe(false);
    expect(await active(firstLogin.access_token)).toBe(false);
    expect(await selfRead()).toBe(401);

    await deviceRow().getByRole('button', { name: `Enable ${DEVICE_NAME}` }).click();
    await deviceRow().getByRole('button', { name: `Disable ${DEVICE_NAME}` }).waitFor();
    expect((await api<Client>(`/v1/clients/${device.id}`)).body.enabled).toBe(true);
    expect(await selfRead()).toBe(200);
  });

  it('revokes the devices of the signature after a confirmation: the device is disabled, its tokens and registration refused', async () => {
    // The login after re-enabling may share the second of the last revocation: its refresh tells it is live.
    const login = await refreshed(await signInOnDevice());
    expect(login).toBeDefined();
    await page.getByRole('button', { name: `Revoke devices of ${SIGNATURE_NAME}` }).click();
    const confirm = page.getByRole('dialog', { name: `Revoke the devices of ${SIGNATURE_NAME}?` });
    await browser.screenshot('devices-revoke');
    expect((await api<Client>(`/v1/clients/${device.id}`)).body.enabled).toBe(true);
    await confirm.getByRole('button', { name: 'Revoke devices' }).click();
    await page.getByText(`${SIGNATURE_NAME}: 1 device disabled, 1 login revoked.`).waitFor();
    await deviceRow().getByRole('button', { name: `Enable ${DEVICE_NAME}` }).waitFor();

    expect((await api<Client>(`/v1/clients/${device.id}`)).body.enabled).toBe(false);
    expect(await active(login!.access_token)).toBe(false);
    expect(await refreshed(login!)).toBeUndefined();
    expect(await selfRead()).toBe(401);
    await browser.screenshot('devices-revoked');

    expect(browser.requestsOutsideTheApi()).toEqual([]);
    expect(browser.ownConsoleErrors()).toEqual([]);
  });
});
