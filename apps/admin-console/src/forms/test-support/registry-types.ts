import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceType } from '../types';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const PRINT_TYPES = "const { ConnectorRegistry } = require('./libs/connectors/src/registry'); process.stdout.write(JSON.stringify(new ConnectorRegistry().types()));";

/**
 * Every type of the real connector registry (libs/connectors), as GET /v1/auth-service-types answers
 * it, so a field added to a config class shows up in the form specs. The lib needs Node and its
 * decorators, so it runs in a child process as the repo's scripts do.
 */
export function registryTypes(): ServiceType[] {
  return JSON.parse(
    execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', PRINT_TYPES], {
      cwd: REPO,
      encoding: 'utf8',
      // The repo's tsconfig turns on the decorators the config classes use.
      env: { ...process.env, SWC_NODE_PROJECT: resolve(REPO, 'tsconfig.json') },
    }),
  ) as ServiceType[];
}
