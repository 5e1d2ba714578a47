// Which RapidAuth code is measured, and its build.
//
// Default: this repository's working tree, built with `npm run build` (incremental; dist/).
// BENCH_REF=<git ref>: that commit, exported with `git archive` into a temporary directory
// (node_modules linked to this repository's) and built there — nothing in the working tree or
// its dist/ is touched. Useful to compare commits, or to measure while the tree does not build.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function git(root, args) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

function build(dir) {
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: 'inherit' });
  return result.status === 0;
}

/** Returns { dir, description, cleanup() } with dist/ built in `dir`. */
export function prepareSource(root, ref, log) {
  if (!ref) {
    let description = 'working tree';
    try {
      const head = git(root, ['rev-parse', '--short', 'HEAD']);
      const dirty = git(root, ['status', '--porcelain', '--', 'apps', 'libs', 'tsconfig.json', 'tsconfig.build.json', 'package.json']) !== '';
      description = `working tree at ${head}${dirty ? ' + uncommitted changes in apps/ or libs/' : ''}`;
    } catch {
      // not a git checkout
    }
    log(`bench: npm run build (${description})`);
    if (!build(root)) {
      throw new Error(
        'npm run build failed: the working tree does not compile right now. ' +
          'Measure a commit instead with BENCH_REF=HEAD (or any git ref); it is built in a temporary directory.',
      );
    }
    return { dir: root, description, cleanup: () => undefined };
  }

  const commit = git(root, ['rev-parse', '--verify', `${ref}^{commit}`]);
  const dir = mkdtempSync(join(tmpdir(), 'rapidauth-bench-src-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    log(`bench: exporting ${ref} (${commit.slice(0, 12)}) to ${dir} and building it there`);
    execFileSync('bash', ['-c', 'git archive --format=tar "$1" | tar -x -C "$2"', 'bash', commit, dir], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    if (!build(dir)) throw new Error(`npm run build failed for ${ref} (${commit.slice(0, 12)})`);
  } catch (error) {
    cleanup();
    throw error;
  }
  return { dir, description: `commit ${commit.slice(0, 12)} (BENCH_REF=${ref})`, cleanup };
}
