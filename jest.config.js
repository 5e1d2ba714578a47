/**
 * Test tiers (README, "Test"): unit specs beside the code, integration against real servers,
 * end-to-end over HTTP. `npm test` (scripts/test.sh) starts the servers and runs all three.
 */
const fs = require('node:fs');
const path = require('node:path');

// ESM-only packages (`"type": "module"`) must be transformed; everything else in node_modules is not.
// Also those nested one level down (e.g. otplib's crypto plugin brings its own @noble/hashes 2).
const packagesIn = (dir) =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.name.startsWith('@') ? fs.readdirSync(path.join(dir, entry.name)).map((name) => `${entry.name}/${name}`) : [entry.name]))
    .filter((name) => !name.startsWith('.'));
const isEsm = (dir) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).type === 'module';
  } catch {
    return false;
  }
};
const topLevel = path.join(__dirname, 'node_modules');
const esmOnly = [
  ...new Set(
    packagesIn(topLevel).flatMap((name) => {
      const nested = path.join(topLevel, name, 'node_modules');
      const inner = fs.existsSync(nested) ? packagesIn(nested).filter((inside) => isEsm(path.join(nested, inside))) : [];
      return isEsm(path.join(topLevel, name)) ? [name, ...inner] : inner;
    }),
  ),
];

const swc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swc.$schema;

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { ...swc, swcrc: false }] },
  // Decided by the package a file is in: the one after its last node_modules/.
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.map((n) => n.replace('/', '\\/')).join('|') || '$^'})/)(?!.*/node_modules/)`],
  moduleNameMapper: { '^@rapidauth/(.*)$': '<rootDir>/libs/$1/src' },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

module.exports = {
  // Real servers on a 2-core machine running suites in parallel: set-up (initdb of PGlite, a
  // gateway start) can take several seconds, so hooks and tests get 60 s before they count as hung.
  // (Jest reads this from the top level, not from a project.)
  testTimeout: 60_000,
  // Two workers on 2 cores (Jest's default there is one): most suites spend their time waiting on
  // the servers they started, and side by side the run took 931 s instead of 1444 s. Ports handed
  // to servers are unique per run for that (test/support/server-process.ts, `freePort`).
  maxWorkers: 2,
  // Each worker runs ~120 suites in turn, and what each suite's modules and servers leave on its
  // heap adds up (one run reached V8's 4 GB limit after 128 suites): a worker past this much
  // memory between suites is replaced by a fresh one.
  workerIdleMemoryLimit: '1536MB',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'] },
  ],
};
