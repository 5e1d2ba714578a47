import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildConsoleUnlessCurrent, CONSOLE_BUILD, CONSOLE_SOURCES, STAMP_FILE } from '../../../scripts/build-console';

/**
 * The console step of `npm run build` (scripts/build-console.ts) over a checkout of its own: a
 * stand-in for `vite build` that empties the build directory and writes an index.html, as Vite
 * does, and counts its runs.
 */
describe('console build stamp', () => {
  let root: string;
  let builds: number;

  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  const fakeVite = () => {
    builds += 1;
    rmSync(join(root, CONSOLE_BUILD), { recursive: true, force: true });
    write(join(CONSOLE_BUILD, 'index.html'), `<!doctype html><script type="module" src="/console/assets/index-${builds}.js"></script>`);
  };
  const build = () => buildConsoleUnlessCurrent(root, fakeVite);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rapidauth-console-stamp-'));
    builds = 0;
    write('package-lock.json', '{"lockfileVersion":3}');
    write(join(CONSOLE_SOURCES, 'index.html'), '<div id="root"></div>');
    write(join(CONSOLE_SOURCES, 'vite.config.mts'), 'export default {};');
    write(join(CONSOLE_SOURCES, 'src', 'main.tsx'), 'render(<App />);');
    expect(build()).toBe('built');
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('skips the build while nothing changed, and stamps what it built', () => {
    expect([build(), build(), builds]).toEqual(['current', 'current', 1]);
    expect(readFileSync(join(root, CONSOLE_BUILD, STAMP_FILE), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it.each([
    ['a source changes', () => write(join(CONSOLE_SOURCES, 'src', 'main.tsx'), 'render(<App strict />);')],
    ['the Vite config changes', () => write(join(CONSOLE_SOURCES, 'vite.config.mts'), 'export default { base: "/" };')],
    ['the lock file changes', () => write('package-lock.json', '{"lockfileVersion":3,"packages":{}}')],
    ['a source is added', () => write(join(CONSOLE_SOURCES, 'src', 'pages', 'New.tsx'), 'export {};')],
    ['a source is removed', () => rmSync(join(root, CONSOLE_SOURCES, 'src', 'main.tsx'))],
    ['a source is renamed', () => renameSync(join(root, CONSOLE_SOURCES, 'src', 'main.tsx'), join(root, CONSOLE_SOURCES, 'src', 'index.tsx'))],
    ['the built page is gone', () => rmSync(join(root, CONSOLE_BUILD, 'index.html'))],
    ['the stamp is gone', () => rmSync(join(root, CONSOLE_BUILD, STAMP_FILE))],
  ])('builds again when %s', (_what, change) => {
    change();
    expect([build(), build(), builds]).toEqual(['built', 'current', 2]);
  });

  it('ignores a node_modules folder under the console (tool caches)', () => {
    write(join(CONSOLE_SOURCES, 'node_modules', '.vite', 'vitest', 'results.json'), '{"run":2}');
    expect([build(), builds]).toEqual(['current', 1]);
  });

  it('leaves no stamp when the build fails, so the next run builds again', () => {
    write(join(CONSOLE_SOURCES, 'src', 'main.tsx'), 'render(<App broken />);');
    expect(() =>
      buildConsoleUnlessCurrent(root, () => {
        rmSync(join(root, CONSOLE_BUILD), { recursive: true, force: true });
        throw new Error('vite build failed (exit 1)');
      }),
    ).toThrow('vite build failed');
    expect([build(), builds]).toEqual(['built', 2]);
  });
});
