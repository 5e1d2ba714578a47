import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * Runs `script` in Node at the repository's root, TypeScript sources compiled as the repo's
 * scripts do (its tsconfig turns on the decorators the libraries use), with `input` as JSON on stdin; answers what it printed as
 * JSON. The specs use it to ask the server's own libraries (which need Node) what they answer.
 */
export function askRepo<T>(script: string, input: unknown = null): T {
  return JSON.parse(
    execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      cwd: REPO,
      encoding: 'utf8',
      input: JSON.stringify(input),
      env: { ...process.env, SWC_NODE_PROJECT: resolve(REPO, 'tsconfig.json') },
    }),
  ) as T;
}
