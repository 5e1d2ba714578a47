import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBuiltServer } from '../../support/built-server';
import { postForm } from '../../support/requests';
import type { ServerProcess } from '../../support/server-process';

const ROOT = join(__dirname, '..', '..', '..');
const BUILD = join(ROOT, 'dist', 'apps', 'admin-console');
const OWNER = { username: 'consoleowner', password: 'console owner password' };
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const IMMUTABLE = 'public, max-age=31536000, immutable';

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** The request exactly as written (fetch would resolve `..` and follow redirects). */
function raw(base: string, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: hostname, port, path, method, headers }, (answer) => {
      let body = '';
      answer.setEncoding('utf8');
      answer.on('data', (chunk: string) => (body += chunk));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, headers: answer.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const pageHeaders = (answer: RawAnswer) => ({
  status: answer.status,
  type: answer.headers['content-type'],
  csp: answer.headers['content-security-policy'],
  frames: answer.headers['x-frame-options'],
  referrer: answer.headers['referrer-policy'],
  sniff: answer.headers['x-content-type-options'],
  cache: answer.headers['cache-control'],
  pragma: answer.headers.pragma,
});
const PAGE = { status: 200, type: 'text/html; charset=utf-8', csp: CSP, frames: 'DENY', referrer: 'no-referrer', sniff: 'nosniff', cache: 'no-cache', pragma: undefined };

/** `src` of every script and `href` of every stylesheet or preloaded module of a built page. */
const referencedFiles = (html: string) => [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((match) => match[1]);

const filesUnder = (directory: string): string[] =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(directory, entry.name)) : [join(directory, entry.name)]));

/**
 * The admin console as the built server serves it on ADMIN_PORT (docs/admin-console.md): the real
 * build from dist/apps/admin-console (found from the compiled admin API), and a fixture build
 * through CONSOLE_DIR beside a file that must stay out of reach.
 */
describe('admin console: serving', () => {
  const started: { server: ServerProcess; dataDir: string }[] = [];
  let built: string;
  let fixture: string;
  let fixtureRoot: string;

  beforeAll(async () => {
    fixtureRoot = mkdtempSync(join(tmpdir(), 'rapidauth-console-fixture-'));
    const consoleDir = join(fixtureRoot, 'console');
    mkdirSync(join(consoleDir, 'assets'), { recursive: true });
    writeFileSync(join(fixtureRoot, 'secret.txt'), 'outside-the-build');
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>fixture console</title><script type="module" src="/console/assets/index-Ab12.js"></script>');
    writeFileSync(join(consoleDir, 'assets', 'index-Ab12.js'), 'export const fixture = 1;');
    writeFileSync(join(consoleDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(consoleDir, '.build-stamp'), 'stamp-of-the-fixture\n');
    const servers = await Promise.all([
      startBuiltServer('rapidauth-console-', OWNER),
      startBuiltServer('rapidauth-console-fixture-', OWNER, { CONSOLE_DIR: consoleDir }),
    ]);
    started.push(...servers);
    [built, fixture] = servers.map((server) => server.admin);
    // Two starts on two cores, beside other suites.
  }, 150_000);

  afterAll(async () => {
    for (const { server, dataDir } of started) {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    if (fixtureRoot) rmSync(fixtureRoot, { recursive: true, force: true });
  });

  it('redirects / and /console to /console/, keeping the query of /console', async () => {
    const answers = await Promise.all([raw(built, '/'), raw(built, '/console'), raw(built, '/console?tab=clients'), raw(built, '/', 'HEAD')]);
    expect(answers.map((answer) => [answer.status, answer.headers.location])).toEqual([
      [302, '/console/'],
      [302, '/console/'],
      [302, '/console/?tab=clients'],
      [302, '/console/'],
    ]);
  });

  it('serves the built page with its CSP, no framing, no referrer, revalidated on every load', async () => {
    const page = await raw(built, '/console/');
    expect(pageHeaders(page)).toEqual(PAGE);
    expect(page.body).toBe(readFileSync(join(BUILD, 'index.html'), 'utf8'));
  });

  it('answers a deep link with the same page (the app routes in the browser)', async () => {
    for (const path of ['/console/organizations', '/console/environments/6b1d2c7e-0000-4000-8000-000000000001/clients', '/console/users/jane.doe']) {
      const deep = await raw(built, path);
      expect({ path, ...pageHeaders(deep) }).toEqual({ path, ...PAGE });
      expect(deep.body).toBe(readFileSync(join(BUILD, 'index.html'), 'utf8'));
    }
  });

  it("serves the page's hashed scripts and styles for a year, immutable", async () => {
    const files = referencedFiles(readFileSync(join(BUILD, 'index.html'), 'utf8'));
    expect(files.filter((file) => file.endsWith('.js')).length).toBeGreaterThan(0);
    for (const file of files) {
      const asset = await raw(built, file);
      expect({ file, status: asset.status, cache: asset.headers['cache-control'], sniff: asset.headers['x-content-type-options'], type: asset.headers['content-type'] }).toEqual({
        file,
        status: 200,
        cache: IMMUTABLE,
        sniff: 'nosniff',
        type: file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      });
      expect(asset.body).toBe(readFileSync(join(BUILD, file.replace(/^\/console\//, '')), 'utf8'));
    }
  });

  it('answers a missing asset 404, never the page', async () => {
    for (const path of ['/console/assets/index-missing.js', '/console/assets/', '/console/assets']) {
      const missing = await raw(built, path);
      expect({ path, status: missing.status, type: missing.headers['content-type'], cache: missing.headers['cache-control'], body: missing.body }).toEqual({
        path,
        status: 404,
        type: 'text/plain; charset=utf-8',
        cache: 'no-store',
        body: 'Not found.\n',
      });
    }
  });

  it('builds a page with no inline script or style, nothing from elsewhere, and no source maps', () => {
    const html = readFileSync(join(BUILD, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.map(([, attributes, content]) => ({ src: /\bsrc="\/console\/assets\//.test(attributes), content }))).toEqual(scripts.map(() => ({ src: true, content: '' })));
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    expect(referencedFiles(html).filter((file) => !file.startsWith('/console/'))).toEqual([]);
    const files = filesUnder(BUILD);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(files.filter((file) => /\.(js|css)$/.test(file) && readFileSync(file, 'utf8').includes('sourceMappingURL'))).toEqual([]);
  });

  it('never serves the build stamp or another dot file', async () => {
    for (const path of ['/console/.build-stamp', '/console/%2ebuild-stamp', '/console/assets/.build-stamp']) {
      const hidden = await raw(built, path);
      expect({ path, status: hidden.status, body: hidden.body }).toEqual({ path, status: 404, body: 'Not found.\n' });
    }
    expect((await raw(fixture, '/console/.build-stamp')).body).not.toContain('stamp-of-the-fixture');
  });

  it('refuses every path that could leave the build directory', async () => {
    for (const path of [
      '/console/../secret.txt',
      '/console/assets/../../secret.txt',
      '/console/%2e%2e/secret.txt',
      '/console/%2E%2E/secret.txt',
      '/console/.%2e/secret.txt',
      '/console/%2e%2e%2fsecret.txt',
      '/console/assets/..%2f..%2fsecret.txt',
      '/console/assets%2f..%2f..%2fsecret.txt',
      '/console/..%5csecret.txt',
      '/console/index.html%00',
    ]) {
      const refused = await raw(fixture, path);
      expect({ path, status: refused.status, body: refused.body }).toEqual({ path, status: 400, body: 'Invalid path.\n' });
    }
    const outside = await raw(built, '/console/../../package.json');
    expect([outside.status, outside.body]).toEqual([400, 'Invalid path.\n']);
  });

  it('serves other files of the build revalidated, and answers only GET and HEAD', async () => {
    const icon = await raw(fixture, '/console/favicon.svg');
    expect([icon.status, icon.headers['cache-control'], icon.headers['x-content-type-options'], icon.headers['content-type']]).toEqual([200, 'no-cache', 'nosniff', 'image/svg+xml']);
    const head = await raw(fixture, '/console/organizations', 'HEAD');
    expect({ ...pageHeaders(head), body: head.body }).toEqual({ ...PAGE, body: '' });
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const refused = await raw(fixture, '/console/', method);
      expect({ method, status: refused.status, allow: refused.headers.allow }).toEqual({ method, status: 405, allow: 'GET, HEAD' });
    }
  });

  it('lets the browser revalidate the page (ETag, 304)', async () => {
    const page = await raw(fixture, '/console/');
    const etag = page.headers.etag as string;
    expect(etag).toEqual(expect.any(String));
    expect((await raw(fixture, '/console/apps/1', 'GET', { 'if-none-match': etag })).status).toBe(304);
  });

  it('answers 503 with one line naming `npm run build` while there is no build, and serves the build once it is there', async () => {
    const index = join(fixtureRoot, 'console', 'index.html');
    renameSync(index, `${index}.away`);
    try {
      for (const path of ['/console/', '/console/organizations', '/console/index.html']) {
        const missing = await raw(fixture, path);
        expect({ path, status: missing.status, type: missing.headers['content-type'], cache: missing.headers['cache-control'], body: missing.body }).toEqual({
          path,
          status: 503,
          type: 'text/plain; charset=utf-8',
          cache: 'no-store',
          body: 'The admin console is not built: run `npm run build`.\n',
        });
      }
    } finally {
      renameSync(`${index}.away`, index);
    }
    expect((await raw(fixture, '/console/')).body).toContain('fixture console');
  });

  it('keeps `console` out of organization names, and every admin API answer no-store', async () => {
    const { access_token: token } = (await (await postForm(`${built}/management/token`, { grant_type: 'password', ...OWNER })).json()) as { access_token: string };
    const reserved = await fetch(`${built}/v1/organizations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'console' }),
    });
    expect([reserved.status, ((await reserved.json()) as { code: string }).code]).toEqual([400, 'RESERVED_NAME']);
    for (const answer of [reserved, await fetch(`${built}/v1/organizations`), await fetch(`${built}/docs-json`), await fetch(`${built}/consoles`)]) {
      expect([answer.url, answer.headers.get('cache-control'), answer.headers.get('pragma')]).toEqual([answer.url, 'no-store', 'no-cache']);
    }
  });
});
