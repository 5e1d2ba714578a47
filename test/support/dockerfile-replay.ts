import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join, posix, relative, sep } from 'node:path';

/**
 * A Dockerfile replayed without a container engine: each stage's filesystem is a directory of its
 * own (the container's `/`), its RUN commands run there with `sh -c` and the stage's ENV. Only the
 * instructions below are understood; any other instruction or flag fails the planning, so a
 * Dockerfile cannot grow past what the replay proves without the replay saying so.
 */

/** One instruction as written: its keyword in upper case, its arguments (continuation lines joined), the line it starts on. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

export interface HealthCheck {
  /** `--interval` and the like, by name without the dashes. */
  readonly options: Readonly<Record<string, string>>;
  /** Exec form as written; a shell form becomes `['/bin/sh', '-c', text]`, as the engine runs it. */
  readonly command: readonly string[];
}

type Step =
  | { readonly kind: 'workdir'; readonly line: number; readonly path: string }
  | { readonly kind: 'env'; readonly line: number; readonly vars: readonly (readonly [string, string])[] }
  | { readonly kind: 'copy'; readonly line: number; readonly from?: string; readonly sources: readonly string[]; readonly dest: string }
  | { readonly kind: 'run'; readonly line: number; readonly command: string | readonly string[] };

export interface StagePlan {
  /** The `AS` name, else the stage's index (as `--from` may name it). */
  readonly name: string;
  readonly image: string;
  readonly steps: readonly Step[];
  readonly user?: string;
  readonly expose: readonly string[];
  readonly healthcheck?: HealthCheck;
  readonly cmd?: readonly string[];
}

const KNOWN = ['FROM', 'WORKDIR', 'COPY', 'ENV', 'RUN', 'USER', 'EXPOSE', 'HEALTHCHECK', 'CMD'];

/** The instructions of a Dockerfile: comments (parser directives among them) and blank lines dropped, `\` continuations joined. */
export function parseInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { start: number; text: string } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const continued = /\\\s*$/.test(raw);
    const body = (continued ? raw.replace(/\\\s*$/, '') : raw).trim();
    pending = pending ? { start: pending.start, text: `${pending.text} ${body}` } : { start: index + 1, text: body };
    if (continued) return;
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(pending.text) as RegExpExecArray;
    instructions.push({ keyword: keyword.toUpperCase(), args: args.trim(), line: pending.start });
    pending = undefined;
  });
  if (pending) throw new Error(`line ${pending.start}: the last instruction ends in a line continuation`);
  return instructions;
}

/** The stages of a Dockerfile, checked before anything runs: an instruction, flag or form the replay does not know throws, naming it. */
export function planStages(text: string): StagePlan[] {
  const stages: { -readonly [K in keyof StagePlan]: StagePlan[K] }[] = [];
  for (const instruction of parseInstructions(text)) {
    const { keyword, args, line } = instruction;
    const where = `line ${line}: ${keyword}`;
    if (!KNOWN.includes(keyword)) throw new Error(`${where} is an instruction the Dockerfile replay does not know (it knows ${KNOWN.join(', ')})`);
    if (/\$/.test(args) && keyword !== 'RUN' && keyword !== 'HEALTHCHECK' && keyword !== 'CMD') throw new Error(`${where}: variable substitution is not replayed`);
    if (keyword === 'FROM') {
      const match = /^(?!--)(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!match) throw new Error(`${where} ${args}: only \`FROM <image> [AS <name>]\` is replayed`);
      if (stages.some((stage) => stage.name === match[1])) throw new Error(`${where} ${args}: a stage built on another stage is not replayed`);
      stages.push({ name: match[2] ?? String(stages.length), image: match[1], steps: [], expose: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${where} comes before the first FROM`);
    const steps = stage.steps as Step[];
    switch (keyword) {
      case 'WORKDIR':
        if (!args.startsWith('/')) throw new Error(`${where} ${args}: only an absolute WORKDIR is replayed`);
        steps.push({ kind: 'workdir', line, path: posix.normalize(args) });
        break;
      case 'ENV':
        steps.push({ kind: 'env', line, vars: envPairs(args, where) });
        break;
      case 'COPY':
        steps.push(copyStep(args, line, where));
        break;
      case 'RUN':
        if (args.startsWith('--')) throw new Error(`${where}: flags (${args.split(/\s/)[0]}) are not replayed`);
        steps.push({ kind: 'run', line, command: args.startsWith('[') ? execForm(args, where) : args });
        break;
      case 'USER':
        stage.user = args;
        break;
      case 'EXPOSE':
        stage.expose = [...stage.expose, ...args.split(/\s+/)];
        break;
      case 'HEALTHCHECK':
        stage.healthcheck = healthCheck(args, where);
        break;
      case 'CMD':
        stage.cmd = args.startsWith('[') ? execForm(args, where) : ['/bin/sh', '-c', args];
        break;
    }
  }
  if (stages.length === 0) throw new Error('the Dockerfile has no FROM');
  return stages;
}

function envPairs(args: string, where: string): [string, string][] {
  const pairs: [string, string][] = [];
  const pattern = /\s*([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/y;
  let rest = args;
  while (rest.trim() !== '') {
    pattern.lastIndex = 0;
    const match = pattern.exec(rest);
    if (!match) throw new Error(`${where} ${args}: only the \`KEY=value …\` form is replayed`);
    pairs.push([match[1], match[2].startsWith('"') ? (JSON.parse(match[2]) as string) : match[2]]);
    rest = rest.slice(match[0].length);
  }
  return pairs;
}

function copyStep(args: string, line: number, where: string): Step {
  const words = args.split(/\s+/);
  let from: string | undefined;
  while (words[0]?.startsWith('--')) {
    const flag = words.shift() as string;
    const fromFlag = /^--from=(\S+)$/.exec(flag);
    if (!fromFlag) throw new Error(`${where}: the flag ${flag} is not replayed`);
    from = fromFlag[1];
  }
  if (words.length < 2 || args.includes('[')) throw new Error(`${where} ${args}: only \`COPY [--from=<stage>] <source>… <dest>\` is replayed`);
  return { kind: 'copy', line, from, sources: words.slice(0, -1), dest: words.at(-1) as string };
}

function execForm(args: string, where: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((part) => typeof part === 'string')) throw new Error(`${where}: the exec form must be a JSON array of strings`);
  return parsed;
}

function healthCheck(args: string, where: string): HealthCheck {
  const options: Record<string, string> = {};
  let rest = args;
  for (let option = /^--([a-z-]+)=(\S+)\s+/.exec(rest); option; option = /^--([a-z-]+)=(\S+)\s+/.exec(rest)) {
    if (!['interval', 'timeout', 'start-period', 'start-interval', 'retries'].includes(option[1])) throw new Error(`${where}: the option --${option[1]} is unknown`);
    options[option[1]] = option[2];
    rest = rest.slice(option[0].length);
  }
  const command = /^CMD\s+(.*)$/.exec(rest);
  if (!command) throw new Error(`${where} ${rest}: only \`HEALTHCHECK [options] CMD …\` is replayed`);
  return { options, command: command[1].startsWith('[') ? execForm(command[1], where) : ['/bin/sh', '-c', command[1]] };
}

/**
 * Whether a path of the build context (relative, `/`-separated) is left out by `.dockerignore`
 * rules as the engine reads them: patterns relative to the context root (`node_modules` is only
 * the top-level one, `**` any number of directories), a path is out when it or a directory above
 * it matches, and the last matching rule wins (`!` brings a path back).
 */
export function dockerignoreMatcher(text: string): (path: string) => boolean {
  const rules = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const keep = line.startsWith('!');
      const pattern = posix.normalize((keep ? line.slice(1) : line).trim().replace(/^\/+/, ''));
      return { keep, pattern: globRegExp(pattern) };
    });
  return (path) => {
    const parts = path.split('/');
    const prefixes = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
    let ignored = false;
    for (const rule of rules) if (prefixes.some((prefix) => rule.pattern.test(prefix))) ignored = !rule.keep;
    return ignored;
  };
}

/** A glob of `/`-separated segments: `*` and `?` within a segment, `[…]` classes, `**` across segments. */
function globRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index];
    if (char === '*' && glob[index + 1] === '*') {
      const slash = glob[index + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const end = glob.indexOf(']', index);
      source += glob.slice(index, end + 1).replace(/^\[!/, '[^');
      index = end;
    } else if (char === '\\') source += `\\${glob[++index]}`;
    else source += char.replace(/[.+^${}()|]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Users the base images bring, by name (uid:gid); the replay runs `chown` and the CMD with these ids. */
const IMAGE_USERS: readonly { readonly image: RegExp; readonly users: Readonly<Record<string, readonly [number, number]>> }[] = [{ image: /^node:/, users: { node: [1000, 1000] } }];

/** A stage after the replay: its directory standing for the container's `/`, and what the image would record. */
export interface ReplayedStage {
  readonly plan: StagePlan;
  /** The host directory standing for the container's `/`. */
  readonly root: string;
  /** WORKDIR at the end of the stage (a container path). */
  readonly workdir: string;
  /** ENV at the end of the stage, as the image has it (container paths). */
  readonly env: Readonly<Record<string, string>>;
  /** The host path of a container path (relative ones from WORKDIR). */
  hostPath(containerPath: string): string;
  /** `text` with the container's paths (WORKDIRs and below) as the host's. */
  mapPaths(text: string): string;
  /** ENV with container paths mapped to the host. */
  hostEnv(): Record<string, string>;
  /** The uid and gid USER names, for spawning the CMD as it; none when the replay does not run as root or no USER is set. */
  userIds(): { uid: number; gid: number } | undefined;
}

export interface ReplayOptions {
  /** The build context (the repository). */
  readonly context: string;
  /** The Dockerfile's text (default: `Dockerfile` in the context). */
  readonly dockerfile?: string;
  /** Where the stages' directories go (a fresh directory under it; default the OS temp directory). */
  readonly scratch?: string;
  /** Each RUN's output, as it comes. */
  readonly log?: (stage: string, chunk: string) => void;
}

export interface Replay {
  /** The directory holding every stage's. */
  readonly directory: string;
  readonly stages: readonly ReplayedStage[];
  stage(name: string): ReplayedStage;
}

/**
 * Replays the Dockerfile. Stages run side by side, as the engine builds them, until a COPY --from
 * waits for the stage it names. npm in RUN gets a cache of the stage's own, seeded from this
 * machine's before the stage's first RUN that mentions npm (`npm cache clean` there must not empty
 * the machine's), and prefers it to the registry.
 */
export async function replayDockerfile(options: ReplayOptions): Promise<Replay> {
  const text = options.dockerfile ?? readFileSync(join(options.context, 'Dockerfile'), 'utf8');
  const plans = planStages(text);
  const ignorePath = join(options.context, '.dockerignore');
  const ignored = existsSync(ignorePath) ? dockerignoreMatcher(readFileSync(ignorePath, 'utf8')) : () => false;
  const directory = mkdtempSync(join(options.scratch ?? tmpdir(), 'dockerfile-replay-'));
  // The image's user must reach its files, as in the container.
  chmodSync(directory, 0o755);
  const finished = new Map<string, Promise<ReplayedStage>>();
  const all = plans.map((plan) => {
    const done = replayStage(plan, join(directory, plan.name), { ...options, ignored, stage: (name) => finished.get(name) });
    finished.set(plan.name, done);
    return done;
  });
  const settled = await Promise.allSettled(all);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) {
    rmSync(directory, { recursive: true, force: true });
    throw failed.reason;
  }
  const stages = settled.map((result) => (result as PromiseFulfilledResult<ReplayedStage>).value);
  return {
    directory,
    stages,
    stage: (name) => {
      const found = stages.find((stage) => stage.plan.name === name);
      if (!found) throw new Error(`the Dockerfile has no stage ${name}`);
      return found;
    },
  };
}

interface StageContext extends ReplayOptions {
  readonly ignored: (path: string) => boolean;
  readonly stage: (name: string) => Promise<ReplayedStage> | undefined;
}

async function replayStage(plan: StagePlan, root: string, context: StageContext): Promise<ReplayedStage> {
  mkdirSync(root, { recursive: true, mode: 0o755 });
  const users = IMAGE_USERS.find((entry) => entry.image.test(plan.image))?.users ?? {};
  const asRoot = process.getuid?.() === 0;
  const idsOf = (user: string) => (asRoot ? users[user] : undefined) ?? [process.getuid?.() ?? 0, process.getgid?.() ?? 0];
  const tools = join(root, '.replay', 'bin');
  writeChownShim(tools, Object.fromEntries(Object.keys(users).map((user) => [user, idsOf(user)])));
  const home = join(root, 'root');
  let cacheSeeded = false;
  let workdir = '/';
  const dirs = new Set<string>();
  const env: Record<string, string> = {};
  const hostPath = (path: string) => join(root, posix.isAbsolute(path) ? path : posix.join(workdir, path));
  const mapPaths = (value: string) =>
    [...dirs].reduce((mapped, dir) => mapped.replace(new RegExp(`(^|[\\s=:'"])${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[/\\s'":])`, 'g'), `$1${join(root, dir)}`), value);
  const hostEnv = () => Object.fromEntries(Object.entries(env).map(([name, value]) => [name, mapPaths(value)]));
  const replayed: ReplayedStage = {
    plan,
    root,
    get workdir() {
      return workdir;
    },
    env,
    hostPath,
    mapPaths,
    hostEnv,
    userIds: () => {
      if (!plan.user || !asRoot) return undefined;
      const ids = users[plan.user];
      if (!ids) throw new Error(`USER ${plan.user}: the image ${plan.image} has no such user the replay knows`);
      return { uid: ids[0], gid: ids[1] };
    },
  };
  for (const step of plan.steps) {
    const where = `stage ${plan.name}, line ${step.line}`;
    switch (step.kind) {
      case 'workdir':
        workdir = step.path;
        dirs.add(step.path);
        mkdirSync(hostPath(step.path), { recursive: true });
        break;
      case 'env':
        for (const [name, value] of step.vars) env[name] = value;
        break;
      case 'copy':
        await copy(step, replayed, context, where);
        break;
      case 'run': {
        if (!cacheSeeded && [step.command].flat().join(' ').includes('npm')) cacheSeeded = seedNpmCache(join(home, '.npm'));
        const runEnv = { PATH: `${tools}:${process.env.PATH}`, HOME: home, npm_config_cache: join(home, '.npm'), npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false', ...hostEnv() };
        const [file, ...args] = typeof step.command === 'string' ? ['sh', '-c', mapPaths(step.command)] : step.command.map(mapPaths);
        await run(file, args, { cwd: hostPath(workdir), env: runEnv, where, log: (chunk) => context.log?.(plan.name, chunk) });
        break;
      }
    }
  }
  return replayed;
}

async function copy(step: Extract<Step, { kind: 'copy' }>, stage: ReplayedStage, context: StageContext, where: string): Promise<void> {
  const toDirectory = step.sources.length > 1 || step.dest.endsWith('/') || step.sources.some((source) => /[*?[]/.test(source));
  const dest = stage.hostPath(step.dest);
  let sources: { path: string; filter: (path: string) => boolean }[];
  if (step.from !== undefined) {
    const from = context.stage(step.from);
    if (!from) throw new Error(`${where}: COPY --from=${step.from} names no earlier stage`);
    const other = await from;
    sources = step.sources.map((source) => ({ path: join(other.root, posix.isAbsolute(source) ? source : posix.join('/', source)), filter: () => true }));
  } else {
    const inContext = (path: string) => {
      const rel = relative(context.context, path).split(sep).join('/');
      return rel === '' || !context.ignored(rel);
    };
    sources = step.sources.flatMap((source) => {
      const matches = globContext(context.context, posix.normalize(source.replace(/^\/+/, '')), context.ignored);
      if (matches.length === 0) throw new Error(`${where}: COPY ${source}: not found in the build context (or left out by .dockerignore)`);
      return matches.map((path) => ({ path: join(context.context, path), filter: inContext }));
    });
  }
  for (const source of sources) {
    if (!existsSync(source.path)) throw new Error(`${where}: COPY ${source.path}: not found`);
    const target = statSync(source.path).isDirectory() || !toDirectory ? dest : join(dest, basename(source.path));
    cpSync(source.path, target, { recursive: true, filter: source.filter, verbatimSymlinks: true });
  }
}

/** The context paths (relative, `/`) a COPY source names, wildcards expanded, none that .dockerignore leaves out. */
function globContext(contextDir: string, source: string, ignored: (path: string) => boolean): string[] {
  if (source === '.') return ['.'];
  let matches = [''];
  for (const segment of source.split('/')) {
    const pattern = globRegExp(segment);
    matches = matches.flatMap((base) => {
      const dir = join(contextDir, base);
      if (!/[*?[]/.test(segment)) return existsSync(join(dir, segment)) ? [posix.join(base, segment)] : [];
      return statSync(dir).isDirectory() ? readdirSync(dir).filter((name) => pattern.test(name)).map((name) => posix.join(base, name)) : [];
    });
  }
  return matches.filter((path) => !ignored(path)).sort();
}

/** A `chown` that knows the base image's users (this machine has no such users). */
function writeChownShim(tools: string, users: Record<string, readonly [number, number]>): void {
  mkdirSync(tools, { recursive: true });
  const chown = spawnSync('sh', ['-c', 'command -v chown'], { encoding: 'utf8' }).stdout.trim() || '/bin/chown';
  const cases = Object.entries(users).flatMap(([name, [uid, gid]]) => [`    ${name}:${name}) argument=${uid}:${gid} ;;`, `    ${name}) argument=${uid} ;;`]);
  const script = ['#!/bin/sh', 'for argument do', '  shift', '  case "$argument" in', ...cases, '  esac', '  set -- "$@" "$argument"', 'done', `exec ${chown} "$@"`, ''];
  writeFileSync(join(tools, 'chown'), script.join('\n'), { mode: 0o755 });
}

/** The machine's npm cache as the stage's own: the index copied, the content (written once, by hash) linked. */
function seedNpmCache(cache: string): true {
  const machine = join(homedir(), '.npm', '_cacache');
  const seeded = join(cache, '_cacache');
  mkdirSync(seeded, { recursive: true });
  const copy = (part: string, flags: string) => {
    if (!existsSync(join(machine, part))) return;
    const copied = spawnSync('cp', [flags, join(machine, part), join(seeded, part)]);
    if (copied.status !== 0) cpSync(join(machine, part), join(seeded, part), { recursive: true });
  };
  copy('index-v5', '-r');
  copy('content-v2', '-al');
  return true;
}

function run(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; where: string; log: (chunk: string) => void }): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      options.log(chunk.toString());
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${options.where}: RUN ${[file, ...args].join(' ')} failed (${signal ?? `exit ${code}`})\n${output.slice(-4000)}`));
    });
  });
}
