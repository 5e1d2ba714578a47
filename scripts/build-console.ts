/**
 * `npm run build`'s console step (docs/admin-console.md): `vite build` of apps/admin-console into
 * dist/apps/admin-console, skipped while the stamp there matches the console's sources and the lock
 * file — a sha256 over their sorted paths and contents, written only after a build succeeded.
 *   node -r @swc-node/register scripts/build-console.ts
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

export const CONSOLE_SOURCES = join('apps', 'admin-console');
export const CONSOLE_BUILD = join('dist', 'apps', 'admin-console');
/** A dot file: the admin API never serves it. */
export const STAMP_FILE = '.build-stamp';
const LOCK_FILE = 'package-lock.json';

/** The files whose change needs a new build, relative to `root` with `/`, sorted; a node_modules folder (installed packages, tool caches: the lock file stands for them) holds none. */
export function stampedFiles(root: string): string[] {
  const files: string[] = [LOCK_FILE];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
      else if (entry.isFile()) files.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(join(root, CONSOLE_SOURCES));
  return files.sort();
}

/** One line per file, its path and the sha256 of its content, hashed again: a rename, an added or removed file changes it too. */
export function sourceStamp(root: string): string {
  const stamp = createHash('sha256');
  for (const file of stampedFiles(root)) {
    stamp.update(`${file}\0${createHash('sha256').update(readFileSync(join(root, file))).digest('hex')}\n`);
  }
  return stamp.digest('hex');
}

/** Builds unless the build is there and its stamp matches; `build` must leave index.html in the build directory. */
export function buildConsoleUnlessCurrent(root: string, build: () => void): 'built' | 'current' {
  const out = join(root, CONSOLE_BUILD);
  const stampPath = join(out, STAMP_FILE);
  const stamp = sourceStamp(root);
  const current = existsSync(join(out, 'index.html')) && existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === stamp;
  if (current) return 'current';
  build();
  if (!existsSync(join(out, 'index.html'))) throw new Error(`the console build left no index.html in ${CONSOLE_BUILD}`);
  writeFileSync(stampPath, `${stamp}\n`);
  return 'built';
}

/** `vite build` with the console's config (which empties the build directory first, the old stamp with it). */
function viteBuild(root: string): void {
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(CONSOLE_SOURCES, 'vite.config.mts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`vite build failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
}

if (require.main === module) {
  const root = join(__dirname, '..');
  try {
    buildConsoleUnlessCurrent(root, () => viteBuild(root));
  } catch (error) {
    console.error(`build: ${(error as Error).message}`);
    process.exit(1);
  }
}
