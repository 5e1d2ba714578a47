import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The version of the running RapidAuth: the `version` of the nearest package.json named
 * `rapidauth` above this file, which finds it from the sources, from dist/ and in the Docker
 * image alike. `unknown` when there is none (a bundled copy).
 */
export function buildVersion(from = __dirname): string {
  for (let directory = from; ; directory = dirname(directory)) {
    const manifest = readManifest(join(directory, 'package.json'));
    if (manifest?.name === 'rapidauth' && typeof manifest.version === 'string') return manifest.version;
    if (dirname(directory) === directory) return 'unknown';
  }
}

function readManifest(path: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
