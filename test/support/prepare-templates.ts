/**
 * Makes the run's migrated templates (migrated-templates.ts) before Jest starts, so that no suite's
 * set-up pays for them within its hook timeout and two workers never both build one.
 *   bash scripts/test-servers.sh node -r @swc-node/register test/support/prepare-templates.ts
 * Suites still make them on first use when run without it.
 */
import { migratedPgliteTemplate, migratedPostgresTemplate } from './migrated-templates';
import { testPostgresUrl } from './test-servers';

async function main(): Promise<void> {
  const root = process.env.TEST_SCRATCH_DIR;
  if (!root) throw new Error('TEST_SCRATCH_DIR is not set: run this through scripts/test-servers.sh');
  await Promise.all([migratedPostgresTemplate(testPostgresUrl()), migratedPgliteTemplate(root)]);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
