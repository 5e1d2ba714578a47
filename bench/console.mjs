#!/usr/bin/env node
// node bench/console.mjs — the admin console's weight and first load (docs/admin-console.md).
//
// 1. `npm run build` (the console is rebuilt only when its stamp says so), then the size of what
//    the page loads first: the scripts, preloaded modules and stylesheets index.html names, raw and
//    gzip (level 6, what a compressing proxy would send; the admin API itself sends them raw).
// 2. The built admin API (`npm run start:admin`'s entry) on a fresh embedded database in a
//    temporary DATA_DIR with a bootstrap admin and 100 organizations, pinned to core 0; this
//    process and Chromium (Debian's, CHROMIUM_PATH or /usr/bin/chromium, through playwright-core,
//    the flags of test/e2e/oauth/browser-login.e2e.ts) on core 1.
// 3. CONSOLE_BENCH_RUNS times (default 7), each in a fresh browser context: a cold load of
//    /console/ (empty cache), then a warm one in a second tab of the same context (the hashed
//    assets from the cache, the page revalidated): DOMContentLoaded, first contentful paint, and
//    the sign-in form usable (the "Username" field and an enabled "Sign in" button in the DOM),
//    all from navigation start; then, in the warm tab, signing in until the organizations table
//    shows a row (n/a while the page has no table). Medians; the table is printed for
//    BENCHMARKS.md ("Admin console"). Not a test: nothing is asserted.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { describeMachine } from './lib/machine.mjs';
import { freePort, killAllSync, pinPids, spawnPinned, stopAll, waitForHttp } from './lib/proc.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const BUILD = join(ROOT, 'dist', 'apps', 'admin-console');
const ORGANIZATIONS = 100;
const ADMIN = { username: 'benchowner', password: 'bench owner password 1' };
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const runsRaw = process.env.CONSOLE_BENCH_RUNS || '7';
const RUNS = Number(runsRaw);
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 50) {
  console.error(`bench:console: CONSOLE_BENCH_RUNS must be an integer from 1 to 50 (got "${runsRaw}")`);
  process.exit(2);
}
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.error(`bench:console: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(2);
}

process.on('exit', killAllSync);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const machine = describeMachine();
execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
const sizes = initialLoadSizes();
const workDir = mkdtempSync(join(tmpdir(), 'rapidauth-bench-console-'));
try {
  pinPids([process.pid], 1);
  const port = await freePort();
  const admin = `http://127.0.0.1:${port}`;
  const server = spawnPinned({
    core: 0,
    name: 'admin-api',
    nodeArgs: ['dist/apps/admin-api/src/main.js'],
    logFile: join(workDir, 'admin-api.log'),
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      ADMIN_PORT: String(port),
      PORT: String(await freePort()),
      DATA_DIR: join(workDir, 'data'),
      LOG_LEVEL: 'warn',
      CLEANUP_INTERVAL_SECONDS: '0',
      LOGIN_RATE_LIMIT: '0',
      BOOTSTRAP_ADMIN_USERNAME: ADMIN.username,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    },
  });
  await waitForHttp(server, `${admin}/health`, 120_000);
  await seedOrganizations(admin);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  const runs = [];
  try {
    for (let run = 0; run < RUNS; run++) runs.push(await measureRun(browser, `${admin}/console/`));
  } finally {
    await browser.close();
  }
  printReport(machine, sizes, runs);
} finally {
  await stopAll();
  rmSync(workDir, { recursive: true, force: true });
}

/** What index.html makes the browser fetch before the app runs. */
function initialLoadSizes() {
  const html = readFileSync(join(BUILD, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="\/console\/([^"]+)"/g)].map((match) => match[1]);
  const sum = (extension) =>
    files
      .filter((file) => file.endsWith(extension))
      .map((file) => readFileSync(join(BUILD, file)))
      .reduce((total, content) => ({ raw: total.raw + content.length, gzip: total.gzip + gzipSync(content, { level: 6 }).length, files: total.files + 1 }), { raw: 0, gzip: 0, files: 0 });
  const page = Buffer.from(html);
  return { js: sum('.js'), css: sum('.css'), html: { raw: page.length, gzip: gzipSync(page, { level: 6 }).length, files: 1 } };
}

async function seedOrganizations(admin) {
  const form = new URLSearchParams({ grant_type: 'password', ...ADMIN });
  const { access_token: token } = await (await fetch(`${admin}/management/token`, { method: 'POST', body: form })).json();
  for (let index = 0; index < ORGANIZATIONS; index++) {
    const response = await fetch(`${admin}/v1/organizations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `bench-org-${String(index).padStart(3, '0')}` }),
    });
    if (response.status !== 201) throw new Error(`creating organization ${index}: HTTP ${response.status} ${await response.text()}`);
  }
}

/** Marks the moment the sign-in form is usable; runs before the page's own scripts. */
function watchSignInForm() {
  const usable = () => {
    const button = [...document.querySelectorAll('button')].find((candidate) => candidate.textContent.trim() === 'Sign in');
    return Boolean(button && !button.disabled && document.querySelector('input[name="username"]'));
  };
  new MutationObserver((_, observer) => {
    if (!usable()) return;
    window.__signInUsableAt = performance.now();
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true, attributes: true });
}

async function loadOnce(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__signInUsableAt !== undefined && performance.getEntriesByName('first-contentful-paint').length > 0, undefined, { timeout: 30_000 });
  return page.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    return {
      domContentLoaded: navigation.domContentLoadedEventEnd,
      firstContentfulPaint: performance.getEntriesByName('first-contentful-paint')[0].startTime,
      signInUsable: window.__signInUsableAt,
      transferredBytes: navigation.transferSize + resources.reduce((total, entry) => total + entry.transferSize, 0),
      cachedResources: resources.filter((entry) => entry.transferSize === 0).length,
      resources: resources.length,
    };
  });
}

/** From pressing "Sign in" until the organizations table shows a row; null while the page has none. */
async function signInToOrganizations(page) {
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  const startedAt = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Organizations' }).waitFor({ timeout: 30_000 });
  try {
    await page.getByRole('table').getByRole('link').first().waitFor({ timeout: 5_000 });
  } catch {
    return null;
  }
  return (await page.evaluate(() => performance.now())) - startedAt;
}

async function measureRun(browser, url) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(watchSignInForm);
    const coldPage = await context.newPage();
    const cold = await loadOnce(coldPage, url);
    // Closed first, so the warm tab has the cores to itself.
    await coldPage.close();
    const warmPage = await context.newPage();
    const warm = await loadOnce(warmPage, url);
    const signIn = await signInToOrganizations(warmPage);
    return { cold, warm, signIn };
  } finally {
    await context.close();
  }
}

function median(values) {
  const sorted = values.filter((value) => value !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function kB(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

function ms(value) {
  return value === null ? 'n/a' : `${value.toFixed(0)} ms`;
}

function printReport(machine, sizes, runs) {
  const of = (phase, key) => median(runs.map((run) => run[phase][key]));
  const lines = [
    `Machine: ${machine.cpuModel}, ${machine.nproc} cores, ${machine.memTotalGiB.toFixed(1)} GiB, Node ${machine.node}, ${machine.kernel}; ${machine.date}; load average ${machine.loadAverage.map((load) => load.toFixed(1)).join(' ')} at the start`,
    `Chromium: ${execFileSync(chromiumPath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()}; ${RUNS} runs, medians`,
    '',
    '| initial load | files | raw | gzip |',
    '| --- | --- | --- | --- |',
    `| JavaScript | ${sizes.js.files} | ${kB(sizes.js.raw)} | ${kB(sizes.js.gzip)} |`,
    `| CSS | ${sizes.css.files} | ${kB(sizes.css.raw)} | ${kB(sizes.css.gzip)} |`,
    `| index.html | 1 | ${kB(sizes.html.raw)} | ${kB(sizes.html.gzip)} |`,
    `| total (goal ≤ 250 kB gzip) | ${sizes.js.files + sizes.css.files + 1} | ${kB(sizes.js.raw + sizes.css.raw + sizes.html.raw)} | ${kB(sizes.js.gzip + sizes.css.gzip + sizes.html.gzip)} |`,
    '',
    '| first load of /console/ (from navigation start) | cold cache | warm cache |',
    '| --- | --- | --- |',
    `| DOMContentLoaded | ${ms(of('cold', 'domContentLoaded'))} | ${ms(of('warm', 'domContentLoaded'))} |`,
    `| first contentful paint | ${ms(of('cold', 'firstContentfulPaint'))} | ${ms(of('warm', 'firstContentfulPaint'))} |`,
    `| sign-in form usable | ${ms(of('cold', 'signInUsable'))} | ${ms(of('warm', 'signInUsable'))} |`,
    `| bytes over the network | ${kB(of('cold', 'transferredBytes'))} | ${kB(of('warm', 'transferredBytes'))} |`,
    `| subresources from the cache | ${of('cold', 'cachedResources')} of ${of('cold', 'resources')} | ${of('warm', 'cachedResources')} of ${of('warm', 'resources')} |`,
    '',
    `Sign-in to the organizations table (${ORGANIZATIONS} organizations): ${ms(median(runs.map((run) => run.signIn)))}`,
  ];
  console.log(lines.join('\n'));
}
