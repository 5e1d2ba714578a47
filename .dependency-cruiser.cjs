/**
 * The code's layering, checked by `npm run lint:deps` (and by `npm test`):
 *   - libs never import apps; production code never imports test/;
 *   - apps and libs reach another lib only through its public surface, `@rapidauth/<lib>`
 *     (the lib's src/index.ts) — never a deep file, never a relative path into it;
 *   - lib → lib edges follow LIB_DEPENDENCIES below, a layered graph without cycles: a new edge
 *     fails until it is added here on purpose (and keeps the graph acyclic);
 *   - no import cycles between modules, no orphans, no unresolvable imports, no devDependencies
 *     in production code.
 * Tests (test/**) may import a lib's internal files (white-box integration tests) and an app's
 * composition root, but nothing may import them. See README "Architecture".
 */

// Which libs each lib may import (through `@rapidauth/<lib>`). grants builds on oauth (revoking a
// grant's logins, the logins themselves); oauth reaches grant logins only through the two optional
// ports it declares (PASSWORD_GRANT_EXTENSION, OPEN_DRIVER_CLIENTS), which grants fills, so oauth
// never imports grants. devices builds on oauth as grants does (revoking device clients' logins) and
// fills its DEVICE_PROFILE_GUARD port; it hashes PINs with identity's argon2id under config's pepper.
// jobs drives the repositories' expiry methods (it owns no SQL) and runtime
// starts it once per process. See docs/architecture.md.
const LIB_DEPENDENCIES = {
  config: [],
  errors: [],
  database: ['config'],
  vault: ['config', 'database'],
  redis: ['config'],
  observability: ['config', 'database', 'redis'],
  identity: ['config', 'database', 'errors', 'observability', 'vault'],
  access: ['config', 'database', 'identity'],
  tenancy: ['database', 'errors', 'vault'],
  connectors: ['config', 'database', 'errors', 'identity', 'observability', 'tenancy', 'vault'],
  oauth: ['config', 'connectors', 'database', 'identity', 'observability', 'redis', 'tenancy', 'vault'],
  grants: ['access', 'database', 'errors', 'oauth', 'tenancy', 'vault'],
  devices: ['config', 'database', 'errors', 'identity', 'oauth', 'tenancy', 'vault'],
  jobs: ['access', 'config', 'connectors', 'database', 'devices', 'identity', 'oauth'],
  runtime: ['access', 'config', 'database', 'jobs', 'observability', 'redis'],
};

// The map must stay a layered graph: refuse to run on a cycle rather than let two libs import each
// other, each through the other's index.
(function assertAcyclic(graph) {
  const done = new Set();
  const visit = (lib, trail) => {
    if (trail.includes(lib)) throw new Error(`LIB_DEPENDENCIES has a cycle: ${[...trail, lib].join(' → ')}`);
    if (done.has(lib)) return;
    for (const dependency of graph[lib] ?? []) visit(dependency, [...trail, lib]);
    done.add(lib);
  };
  Object.keys(graph).forEach((lib) => visit(lib, []));
})(LIB_DEPENDENCIES);

// Files that are tests, not production code: Jest specs, and the console's Vitest specs and their support.
const TEST_CODE = ['\\.spec\\.ts$', '^apps/admin-console/src/.*\\.test\\.tsx?$', '^apps/admin-console/src/test-(support/|setup\\.ts$)'];
// Build configuration: runs at `npm run build` with the devDependencies installed, never in production.
const BUILD_CONFIG = ['^apps/admin-console/vite\\.config\\.mts$'];

// Existing import cycles, allowed by name so that `no-circular` still fails on any other one: a
// cycle is exempt only when every module in it is one of these files.
const KNOWN_CYCLES = [
  // Bidirectional TypeORM relations (app ↔ environment ↔ auth service): each side names the other
  // entity class in its decorator (`() => AppEntity`), which is how TypeORM declares the inverse.
  '^libs/database/src/entities/(app|environment|auth-service)\\.entity\\.ts$',
];

const libMapRules = Object.entries(LIB_DEPENDENCIES).map(([lib, allowed]) => ({
  name: `lib-map-${lib}`,
  severity: 'error',
  comment:
    `libs/${lib} may depend only on ${allowed.length ? allowed.join(', ') : 'no other lib'}. ` +
    'A new edge is a layering decision: add it to LIB_DEPENDENCIES in .dependency-cruiser.cjs ' +
    '(keeping the graph acyclic) or import in the other direction.',
  from: { path: `^libs/${lib}/`, pathNot: TEST_CODE },
  to: { path: '^libs/[^/]+/', pathNot: [`^libs/(${[lib, ...allowed].join('|')})/`] },
}));

const listedLibs = Object.keys(LIB_DEPENDENCIES).join('|');
libMapRules.push({
  name: 'lib-map-unlisted',
  severity: 'error',
  comment: 'A new lib enters the layering on purpose: add it to LIB_DEPENDENCIES in .dependency-cruiser.cjs.',
  from: { path: `^libs/(?!(?:${listedLibs})/)([^/]+)/`, pathNot: TEST_CODE },
  to: { path: '^libs/', pathNot: ['^libs/$1/'] },
});

module.exports = {
  forbidden: [
    {
      name: 'libs-not-to-apps',
      severity: 'error',
      comment: 'A lib never imports an app: apps compose libs, not the other way round.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment: 'Production code never imports the test suites or their helpers (test/).',
      from: { path: '^(apps|libs)/' },
      to: { path: '^test/' },
    },
    {
      name: 'lib-public-surface-only',
      severity: 'error',
      comment:
        "Another lib is reached only through its public surface, `@rapidauth/<lib>` (its src/index.ts). " +
        "Export what you need from that index instead of importing the lib's internal file.",
      from: { path: '^((?:apps|libs)/[^/]+)/' },
      to: { path: '^libs/[^/]+/', pathNot: ['^$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'lib-through-alias',
      severity: 'error',
      comment: "Import another lib as `@rapidauth/<lib>`, not by a relative path into its folder.",
      from: { path: '^((?:apps|libs)/[^/]+)/' },
      to: { path: '^libs/[^/]+/src/index\\.ts$', pathNot: ['^$1/'], dependencyTypesNot: ['aliased-tsconfig-paths'] },
    },
    ...libMapRules,
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'This import closes a cycle between modules. Break it (move the shared part into its own ' +
        'module, or depend on an interface). Cycles through `import type` only are erased at ' +
        'compile time and not reported.',
      from: {},
      to: { circular: true, via: { pathNot: KNOWN_CYCLES }, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'This module neither imports nor is imported by anything: use it or remove it.',
      from: { orphan: true, pathNot: ['\\.d\\.ts$'] },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'This import does not resolve to a file or an installed package.',
      from: {},
      to: {
        couldNotResolve: true,
        // Exception: an `import type` of @nestjs/swagger's OpenAPI interfaces, which its package.json
        // "exports" hides from Node but TypeScript (moduleResolution node) resolves; types only.
        pathNot: ['^@nestjs/swagger/dist/interfaces/open-api-spec\\.interface$'],
      },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment:
        "This package is not declared in package.json (it only happens to be installed as another's dependency).",
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Production code imports a devDependency, which `npm ci --omit=dev` does not install. ' +
        'Move the package to dependencies, or the import to a spec file or test/.',
      from: { path: '^(apps|libs)/', pathNot: [...TEST_CODE, ...BUILD_CONFIG] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
