// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time by function (name + file +
// line), self time by package, and inclusive time of the busiest functions.
//
//   node bench/profile-summary.mjs PROFILE.cpuprofile [TOP]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const ROOT = pathToFileURL(process.cwd()).href + '/';

/** `file:///…/node_modules/@scope/pkg/x.js` → `@scope/pkg/x.js`; our dist → `dist/…`; node internals as is. */
export function shortUrl(url) {
  if (!url) return '';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const dist = url.search(/\/dist\/(apps|libs)\//);
  if (dist >= 0) return url.slice(dist + 1);
  if (url.startsWith(ROOT)) return url.slice(ROOT.length);
  return url.replace(/^file:\/\//, '');
}

/** What a frame belongs to: an npm package, RapidAuth's own code, Node's internals, or V8. */
export function packageOf(callFrame) {
  const { url, functionName } = callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8 builtins)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return 'node: internals';
  if (/\/dist\/(apps|libs)\//.test(url)) return 'rapidauth (dist)';
  if (url.startsWith(ROOT)) return 'rapidauth (other)';
  return 'other';
}

const GENERIC = new Set(['node: internals', '(native / V8 builtins)']);

function frameKey(callFrame) {
  const name = callFrame.functionName || '(anonymous)';
  const where = shortUrl(callFrame.url);
  return where ? `${name} ${where}:${callFrame.lineNumber + 1}` : name;
}

/**
 * `window` ({ startUs, endUs } on the monotonic clock, i.e. process.hrtime.bigint() / 1000 of any
 * process on this machine — V8's profile timestamps use the same clock on Linux) keeps only the
 * samples taken inside it, e.g. the measured run without start-up and warm-up. A window that does
 * not overlap the profile is ignored (reported as windowApplied: false).
 */
export function summarizeProfile(file, top = 25, window = undefined) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // The interval after sample i is charged to sample i (as Chrome DevTools does).
  const selfUs = new Map();
  const { samples, timeDeltas } = profile;
  const windowApplied = Boolean(window) && window.startUs < profile.endTime && window.endUs > profile.startTime;
  let totalUs = 0;
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    at += timeDeltas[i];
    const dt = i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0;
    if (dt <= 0) continue;
    if (windowApplied && (at < window.startUs || at > window.endUs)) continue;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + dt);
    totalUs += dt;
  }

  const functions = new Map();
  const packages = new Map();
  const attributed = new Map();
  const inclusive = new Map();
  for (const [nodeId, us] of selfUs) {
    const node = byId.get(nodeId);
    const key = frameKey(node.callFrame);
    const entry = functions.get(key) ?? { key, package: packageOf(node.callFrame), us: 0 };
    entry.us += us;
    functions.set(key, entry);
    const pkg = packageOf(node.callFrame);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
    // Attributed: Node internals and V8 builtins charged to the nearest package that called them.
    let owner = pkg;
    if (GENERIC.has(pkg)) {
      for (let id = parent.get(nodeId), depth = 0; id !== undefined && depth < 10_000; id = parent.get(id), depth++) {
        const candidate = packageOf(byId.get(id).callFrame);
        if (!GENERIC.has(candidate) && !candidate.startsWith('(')) {
          owner = candidate;
          break;
        }
      }
    }
    attributed.set(owner, (attributed.get(owner) ?? 0) + us);
    // Inclusive: every distinct function on the stack gets this sample once.
    const seen = new Set();
    for (let id = nodeId, depth = 0; id !== undefined && depth < 10_000; id = parent.get(id), depth++) {
      const frame = byId.get(id).callFrame;
      const k = frameKey(frame);
      if (seen.has(k) || frame.functionName === '(root)') continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }

  const idle = packages.get('(idle)') ?? 0;
  const busyUs = totalUs - idle;
  const share = (us) => us / totalUs;
  return {
    file,
    windowApplied,
    totalMs: totalUs / 1000,
    busyShare: busyUs / totalUs,
    functions: [...functions.values()].sort((a, b) => b.us - a.us).slice(0, top).map((f) => ({ ...f, ms: f.us / 1000, share: share(f.us) })),
    packages: [...packages.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: us / 1000, share: share(us) })),
    attributed: [...attributed.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: us / 1000, share: share(us) })),
    inclusive: [...inclusive.entries()]
      .filter(([key]) => !key.startsWith('('))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => ({ key, ms: us / 1000, share: share(us) })),
  };
}

const percent = (x) => `${(x * 100).toFixed(1)}%`;

export function profileMarkdown(summary, { top = 20, packagesTop = 15 } = {}) {
  const lines = [];
  lines.push(
    `${summary.windowApplied ? 'Samples of the measured run only (start-up and warm-up left out)' : 'All samples of the process (start-up included)'}: ` +
      `${(summary.totalMs / 1000).toFixed(1)} s, idle ${percent(1 - summary.busyShare)}. Shares are of those samples.`,
    '',
  );
  lines.push(
    'Self time by package, and the same with Node internals and V8 builtins charged to the package that called them:',
    '',
    '| package | self | share | | package (internals attributed) | self | share |',
    '| --- | ---: | ---: | --- | --- | ---: | ---: |',
  );
  for (let i = 0; i < packagesTop; i++) {
    const p = summary.packages[i];
    const a = summary.attributed[i];
    if (!p && !a) break;
    const cells = (x) => (x ? `${x.name} | ${x.ms.toFixed(0)} ms | ${percent(x.share)}` : ' | | ');
    lines.push(`| ${cells(p)} | | ${cells(a)} |`);
  }
  lines.push('', `Top ${top} functions by self time:`, '', '| function (file:line) | package | self | share |', '| --- | --- | ---: | ---: |');
  for (const f of summary.functions.slice(0, top)) lines.push(`| \`${f.key}\` | ${f.package} | ${f.ms.toFixed(0)} ms | ${percent(f.share)} |`);
  lines.push('', `Top ${top} functions by inclusive time (self + callees):`, '', '| function (file:line) | inclusive | share |', '| --- | ---: | ---: |');
  for (const f of summary.inclusive.slice(0, top)) lines.push(`| \`${f.key}\` | ${f.ms.toFixed(0)} ms | ${percent(f.share)} |`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/profile-summary.mjs PROFILE.cpuprofile [TOP]');
    process.exit(2);
  }
  console.log(profileMarkdown(summarizeProfile(file, Number(top) || 25), { top: Number(top) || 25 }));
}
