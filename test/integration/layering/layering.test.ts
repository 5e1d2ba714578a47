import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The layering rules (.dependency-cruiser.cjs, run by `npm run lint:deps`) against a small tree laid
 * out like the repository — the real config, tsconfig.json and package.json — that holds one
 * deliberate violation per rule beside imports the rules must allow.
 */
const repo = join(__dirname, '../../..');

const LIBS = ['config', 'database', 'vault', 'redis', 'observability', 'identity', 'access', 'tenancy',
  'connectors', 'oauth', 'grants', 'jobs', 'runtime'];

const ALLOWED: Record<string, string> = {
  // An app composes every production lib through its index; libs use what the map allows.
  'apps/admin-api/src/main.ts': LIBS.map((lib) => `import '@rapidauth/${lib}';`).join('\n'),
  'libs/database/src/index.ts': "import '@rapidauth/config';\nimport './entities/app.entity';",
  'libs/grants/src/index.ts': "import '@rapidauth/oauth';",
  // A spec file may use devDependencies.
  'libs/access/src/access.spec.ts': "import 'supertest';\nimport './index';",
  // The named exception: TypeORM's bidirectional entity relations.
  'libs/database/src/entities/app.entity.ts': "import './environment.entity';",
  'libs/database/src/entities/environment.entity.ts': "import './app.entity';",
  // A cycle closed only by `import type` is erased at compile time.
  'libs/identity/src/typed-a.ts': "import './typed-b';",
  'libs/identity/src/typed-b.ts': "import type { A } from './typed-a';\nexport type B = A;",
  // Tests may reach into a lib and an app (white-box), and use the test helpers.
  'test/integration/white-box.test.ts':
    "import '../../libs/oauth/src/internal';\nimport '../../apps/admin-api/src/main';\nimport '../support/helper';",
  'test/support/helper.ts': "import '@rapidauth/oauth';\nimport 'supertest';",
  'libs/oauth/src/internal.ts': 'export const internal = 1;',
};

// Each file breaks exactly one rule; `with` holds the files it needs, removed along with it.
const VIOLATIONS: Array<{ rule: string; file: string; source: string; with?: Record<string, string> }> = [
  { rule: 'libs-not-to-apps', file: 'libs/runtime/src/uses-app.ts', source: "import '../../../apps/admin-api/src/main';" },
  { rule: 'not-to-test', file: 'libs/runtime/src/uses-test.ts', source: "import '../../../test/integration/white-box.test';" },
  { rule: 'lib-public-surface-only', file: 'apps/admin-api/src/deep.ts', source: "import '../../../libs/oauth/src/internal';" },
  { rule: 'lib-public-surface-only', file: 'libs/grants/src/deep.ts', source: "import '../../oauth/src/internal';" },
  { rule: 'lib-through-alias', file: 'libs/grants/src/relative-index.ts', source: "import '../../oauth/src';" },
  { rule: 'lib-map-config', file: 'libs/config/src/uses-database.ts', source: "import '@rapidauth/database';" },
  { rule: 'lib-map-oauth', file: 'libs/oauth/src/uses-grants.ts', source: "import '@rapidauth/grants';" },
  { rule: 'lib-map-unlisted', file: 'libs/unlisted/src/index.ts', source: "import '@rapidauth/config';\nimport './own';",
    with: { 'libs/unlisted/src/own.ts': 'export const own = 1;' } },
  { rule: 'not-to-test', file: 'apps/admin-api/src/uses-test-helper.ts', source: "import '../../../test/support/helper';" },
  { rule: 'not-to-test', file: 'libs/access/src/uses-test-helper.spec.ts', source: "import '../../../test/support/helper';" },
  // A cycle is reported once, on the module where the cruise meets it first.
  { rule: 'no-circular', file: 'libs/identity/src/cycle-a.ts', source: "import './cycle-b';",
    with: { 'libs/identity/src/cycle-b.ts': "import './cycle-a';" } },
  { rule: 'no-orphans', file: 'libs/vault/src/orphan.ts', source: 'export const unused = 1;' },
  { rule: 'not-to-unresolvable', file: 'libs/redis/src/missing.ts', source: "import './does-not-exist';" },
  { rule: 'not-to-unresolvable', file: 'libs/redis/src/deep-alias.ts', source: "import '@rapidauth/config/config.module';" },
  { rule: 'no-non-package-json', file: 'libs/tenancy/src/transitive.ts', source: "import 'semver';" },
  { rule: 'not-to-dev-dep', file: 'libs/access/src/dev.ts', source: "import 'supertest';" },
];

type Violation = { from: string; rule: { name: string } };

function writeTree(root: string, files: Record<string, string>): void {
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), `${source}\n`);
  }
}

// As `npm run lint:deps` runs it, in the given output format ('err' is the readable default).
function cruise(root: string, outputType: 'json' | 'err') {
  return spawnSync(
    process.execPath,
    [join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), '--config', join(repo, '.dependency-cruiser.cjs'),
      '--output-type', outputType, 'apps', 'libs', 'test'],
    { cwd: root, encoding: 'utf8' },
  );
}

function violations(root: string): string[] {
  const { stdout, stderr } = cruise(root, 'json');
  expect(stderr).toBe('');
  return (JSON.parse(stdout).summary.violations as Violation[]).map((v) => `${v.rule.name} ${v.from}`).sort();
}

describe('layering rules (dependency-cruiser)', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'rapidauth-layering-'));
    copyFileSync(join(repo, 'tsconfig.json'), join(root, 'tsconfig.json'));
    copyFileSync(join(repo, 'package.json'), join(root, 'package.json'));
    symlinkSync(realpathSync(join(repo, 'node_modules')), join(root, 'node_modules'), 'dir');
    const indexes = Object.fromEntries(LIBS.map((lib) => [`libs/${lib}/src/index.ts`, 'export {};']));
    const violating = VIOLATIONS.map((v) => ({ [v.file]: v.source, ...v.with }));
    writeTree(root, Object.assign({ ...indexes, ...ALLOWED }, ...violating));
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports each deliberate violation under its rule, and nothing that the rules allow', () => {
    expect(violations(root)).toEqual(VIOLATIONS.map((v) => `${v.rule} ${v.file}`).sort());
  });

  it('fails the run, naming each broken rule', () => {
    const { status, stdout } = cruise(root, 'err');

    expect(status).toBe(VIOLATIONS.length);
    for (const { rule, file } of VIOLATIONS) expect(stdout).toContain(`error ${rule}: ${file}`);
  });

  it('passes the same tree once the violations are removed', () => {
    for (const v of VIOLATIONS) [v.file, ...Object.keys(v.with ?? {})].forEach((file) => rmSync(join(root, file)));

    expect(violations(root)).toEqual([]);
    expect(cruise(root, 'err').status).toBe(0);
  });
});
