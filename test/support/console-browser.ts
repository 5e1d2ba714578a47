import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startBuiltServer } from './built-server';
import { launchChromium } from './chromium';
import type { ServerProcess } from './server-process';

export const CONSOLE_OWNER = { username: 'console-owner', password: 'console owner password' };
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? join(__dirname, '..', 'artifacts', 'console');
const WIDTHS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/**
 * The admin console in real Chromium against the built server as `npm start` runs it (embedded
 * database, bootstrap admin), with the admin API as the owner beside it to set up and check what
 * the console did, and every request the page made recorded.
 */
export class ConsoleBrowser {
  readonly requested: string[] = [];
  readonly consoleErrors: string[] = [];

  private constructor(
    readonly server: ServerProcess,
    readonly admin: string,
    /** The gateway of the same server: for suites that check what the console changed there or need users who signed in. */
    readonly gateway: string,
    private readonly ownerToken: string,
    private readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.setDefaultTimeout(15_000);
    page.on('request', (request) => this.requested.push(new URL(request.url()).pathname));
    page.on('console', (message) => message.type() === 'error' && this.consoleErrors.push(message.text()));
    page.on('pageerror', (error) => this.consoleErrors.push(error.message));
  }

  static async start(dataDirPrefix: string): Promise<ConsoleBrowser> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const { server, admin, gateway } = await startBuiltServer(dataDirPrefix, CONSOLE_OWNER);
    const token = await fetch(`${admin}/management/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'password', ...CONSOLE_OWNER }) });
    const ownerToken = ((await token.json()) as { access_token: string }).access_token;
    const browser = await launchChromium();
    const context = await browser.newContext({ viewport: WIDTHS[0] });
    return new ConsoleBrowser(server, admin, gateway, ownerToken, browser, context, await context.newPage());
  }

  /** The admin API as the owner, outside the browser. */
  async api<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
    const answer = await fetch(`${this.admin}${path}`, { ...init, headers: { authorization: `Bearer ${this.ownerToken}`, 'content-type': 'application/json', ...init.headers } });
    const text = await answer.text();
    return { status: answer.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** An organization, app and environment made over the API, for suites about what lies inside them; the environment's credentials too. */
  async environment(names: { organization: string; app: string; environment: string }): Promise<{ organizationId: string; appId: string; environmentId: string; appKey: string; appSecret: string }> {
    const organization = await this.api<{ id: string }>('/v1/organizations', { method: 'POST', body: JSON.stringify({ name: names.organization }) });
    const app = await this.api<{ id: string }>(`/v1/organizations/${organization.body.id}/apps`, { method: 'POST', body: JSON.stringify({ name: names.app }) });
    const environment = await this.api<{ id: string; appKey: string; appSecret: string }>(`/v1/apps/${app.body.id}/environments`, { method: 'POST', body: JSON.stringify({ name: names.environment }) });
    const { id: environmentId, appKey, appSecret } = environment.body;
    return { organizationId: organization.body.id, appId: app.body.id, environmentId, appKey, appSecret };
  }

  async signIn(): Promise<void> {
    await this.page.goto(`${this.admin}/`);
    await this.page.getByRole('heading', { name: 'Sign in to RapidAuth' }).waitFor();
    await this.page.getByLabel('Username').fill(CONSOLE_OWNER.username);
    await this.page.getByLabel('Password').fill(CONSOLE_OWNER.password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organizations' }).waitFor();
  }

  /** The page at both widths into test/artifacts/console (`SCREENSHOT_DIR`), after checking neither scrolls sideways. */
  /**
   * The page at both widths, checked to need no sideways scrolling. `showing`: a part inside
   * something that scrolls on its own (a dialog), scrolled into view at each width and taken as
   * the viewport shows it.
   */
  async screenshot(name: string, { showing }: { showing?: Locator } = {}): Promise<void> {
    for (const size of WIDTHS) {
      await this.page.setViewportSize({ width: size.width, height: size.height });
      await showing?.scrollIntoViewIfNeeded();
      expect(await this.page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await this.page.screenshot({ path: join(SCREENSHOTS, `${name}-${size.name}.png`), fullPage: showing === undefined });
    }
    await this.page.setViewportSize(WIDTHS[0]);
  }

  /** Requests outside the public admin API and the console's own files. */
  requestsOutsideTheApi(): string[] {
    return this.requested.filter((path) => !/^\/(v1|management)\//.test(path) && !path.startsWith('/console/') && path !== '/');
  }

  /** Chromium reports every refused fetch as "Failed to load resource"; anything else the console logged. */
  ownConsoleErrors(): string[] {
    return this.consoleErrors.filter((text) => !text.startsWith('Failed to load resource'));
  }

  async close(): Promise<void> {
    await this.browser.close();
    this.server.kill();
    await this.server.exited;
  }
}
