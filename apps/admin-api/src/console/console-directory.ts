import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where `npm run build` writes the console, under the package root (apps/admin-console/vite.config.mts). */
const BUILD_PATH = join('dist', 'apps', 'admin-console');

/**
 * The console build of the RapidAuth this file belongs to: dist/apps/admin-console under the
 * nearest package.json named `rapidauth` above this file, which finds the same build from
 * dist/apps/admin-api, from the sources (tests) and in the Docker image alike. Without such a
 * package.json (a copied dist/), the build beside this compiled file: dist/apps/admin-console.
 */
export function builtConsoleDirectory(from = __dirname): string {
  for (let directory = from; ; directory = dirname(directory)) {
    if (isRapidAuthPackage(join(directory, 'package.json'))) return join(directory, BUILD_PATH);
    if (dirname(directory) === directory) return resolve(from, '..', '..', '..', 'admin-console');
  }
}

function isRapidAuthPackage(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name === 'rapidauth';
  } catch {
    return false;
  }
}
