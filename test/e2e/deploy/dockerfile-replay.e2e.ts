import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dockerignoreMatcher, parseInstructions, planStages, replayDockerfile } from '../../support/dockerfile-replay';

/** The replay's own rules (test/support/dockerfile-replay.ts), on small Dockerfiles: no npm, no server. */
describe('Dockerfile replay', () => {
  describe('parsing', () => {
    it('joins continuation lines, drops comments and directives, and keeps the line each instruction starts on', () => {
      const text = ['# syntax=docker/dockerfile:1', '', 'FROM node:22 AS build', '# a comment', 'ENV A=1 \\', '    B="two words"', 'run echo hi'].join('\n');
      expect(parseInstructions(text)).toEqual([
        { keyword: 'FROM', args: 'node:22 AS build', line: 3 },
        { keyword: 'ENV', args: 'A=1 B="two words"', line: 5 },
        { keyword: 'RUN', args: 'echo hi', line: 7 },
      ]);
    });

    it('records stages with their names, ENV pairs, COPY --from, USER, EXPOSE, HEALTHCHECK and CMD', () => {
      const [build, runtime] = planStages(
        [
          'FROM node:22 AS build',
          'WORKDIR /app',
          'COPY a b ./',
          'FROM node:22',
          'ENV NODE_ENV=production PORT=3000',
          'COPY --from=build /app/dist ./dist',
          'USER node',
          'EXPOSE 3000 3001',
          'HEALTHCHECK --interval=30s --retries=3 CMD ["node", "-e", "1"]',
          'CMD node main.js',
        ].join('\n'),
      );
      expect(build).toMatchObject({ name: 'build', image: 'node:22', steps: [{ kind: 'workdir', path: '/app' }, { kind: 'copy', sources: ['a', 'b'], dest: './' }] });
      expect(runtime).toMatchObject({
        name: '1',
        steps: [
          { kind: 'env', vars: [['NODE_ENV', 'production'], ['PORT', '3000']] },
          { kind: 'copy', from: 'build', sources: ['/app/dist'], dest: './dist' },
        ],
        user: 'node',
        expose: ['3000', '3001'],
        healthcheck: { options: { interval: '30s', retries: '3' }, command: ['node', '-e', '1'] },
        cmd: ['/bin/sh', '-c', 'node main.js'],
      });
    });

    it.each([
      ['ADD a /a', /line 2: ADD is an instruction the Dockerfile replay does not know/],
      ['ENTRYPOINT ["node"]', /line 2: ENTRYPOINT is an instruction/],
      ['LABEL a=b', /line 2: LABEL is an instruction/],
      ['COPY --chown=node:node a ./', /line 2: COPY: the flag --chown=node:node is not replayed/],
      ['RUN --mount=type=cache,target=/root/.npm npm ci', /line 2: RUN: flags \(--mount=type=cache,target=\/root\/.npm\) are not replayed/],
      ['ENV A $B', /line 2: ENV: variable substitution is not replayed/],
      ['HEALTHCHECK NONE', /only `HEALTHCHECK \[options\] CMD …` is replayed/],
      ['WORKDIR app', /only an absolute WORKDIR is replayed/],
    ])('refuses what it does not replay: %s', (line, message) => {
      expect(() => planStages(`FROM node:22\n${line}\n`)).toThrow(message);
    });

    it('refuses an instruction before FROM and a stage built on another stage', () => {
      expect(() => planStages('WORKDIR /app\nFROM node:22\n')).toThrow(/line 1: WORKDIR comes before the first FROM/);
      expect(() => planStages('FROM node:22 AS build\nFROM build\n')).toThrow(/a stage built on another stage is not replayed/);
    });
  });

  describe('.dockerignore', () => {
    const ignored = dockerignoreMatcher(['# comment', 'node_modules', '**/node_modules', '/dist', '*.log', 'docs/**/*.tmp', '!docs/keep.tmp', 'docs/*.tmp'].join('\n'));

    it.each([
      ['node_modules', true],
      ['node_modules/jest/package.json', true],
      ['apps/admin-console/node_modules/.vite/deps.json', true],
      ['dist/main.js', true],
      ['apps/dist/main.js', false],
      ['build.log', true],
      ['logs/build.log', false],
      ['docs/a/b/c.tmp', true],
      ['docs/keep.tmp', true],
      ['docs/readme.md', false],
      ['apps/server/src/main.ts', false],
    ])('%s: left out %s', (path, out) => {
      expect(ignored(path)).toBe(out);
    });

    it('lets a later ! rule bring a path back', () => {
      const matcher = dockerignoreMatcher('*.md\n!README.md\n');
      expect([matcher('CHANGES.md'), matcher('README.md')]).toEqual([true, false]);
    });
  });

  describe('replaying', () => {
    let context: string;
    let scratch: string;

    beforeEach(() => {
      context = mkdtempSync(join(tmpdir(), 'dockerfile-replay-context-'));
      scratch = mkdtempSync(join(tmpdir(), 'dockerfile-replay-scratch-'));
      const write = (path: string, text: string) => {
        mkdirSync(dirname(join(context, path)), { recursive: true });
        writeFileSync(join(context, path), text);
      };
      write('package.json', '{}');
      write('tsconfig.json', 'base');
      write('tsconfig.build.json', 'build');
      write('src/main.txt', 'main');
      write('src/node_modules/cache.txt', 'cache');
      write('src/debug.log', 'log');
      write('.dockerignore', '**/node_modules\nsrc/*.log\n');
      symlinkSync(context, join(context, 'node_modules'));
    });

    afterEach(() => {
      rmSync(context, { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
    });

    const dockerfile = (...lines: string[]) => ['FROM node:22 AS build', 'WORKDIR /app', ...lines].join('\n');

    it('copies files, wildcards and directories into WORKDIR, leaving out what .dockerignore names', async () => {
      const replay = await replayDockerfile({ context, scratch, dockerfile: dockerfile('COPY package.json tsconfig*.json ./', 'COPY src ./src', 'COPY src/main.txt ./copied/') });
      const build = replay.stage('build');
      expect(['package.json', 'tsconfig.json', 'tsconfig.build.json', 'src/main.txt', 'copied/main.txt'].map((path) => readFileSync(build.hostPath(path), 'utf8'))).toEqual([
        '{}',
        'base',
        'build',
        'main',
        'main',
      ]);
      expect(['src/node_modules', 'src/debug.log', 'node_modules'].filter((path) => existsSync(build.hostPath(path)))).toEqual([]);
      expect(build.hostPath('/app/src')).toBe(join(build.root, 'app', 'src'));
    });

    it('runs RUN with sh -c in WORKDIR with the ENV, container paths mapped, and copies from an earlier stage', async () => {
      const replay = await replayDockerfile({
        context,
        scratch,
        dockerfile: [
          dockerfile('ENV GREETING=hello OUT=/app/out', 'RUN mkdir -p /app/out && printf "%s %s" "$GREETING" "$(pwd)" > "$OUT/said.txt"'),
          'FROM node:22',
          'WORKDIR /srv',
          'COPY --from=build /app/out ./from-build',
          'RUN mkdir -p /srv/data && chown node:node /srv/data',
        ].join('\n'),
      });
      const [build, runtime] = replay.stages;
      expect(readFileSync(build.hostPath('out/said.txt'), 'utf8')).toBe(`hello ${build.hostPath('/app')}`);
      expect(readFileSync(runtime.hostPath('from-build/said.txt'), 'utf8')).toBe(`hello ${build.hostPath('/app')}`);
      expect([existsSync(runtime.hostPath('/srv/data')), existsSync('/srv/data')]).toEqual([true, false]);
      if (process.getuid?.() === 0) expect(statSync(runtime.hostPath('data')).uid).toBe(1000);
    });

    it('fails naming the line of a RUN that fails, a source that is not in the context, and a --from with no such stage', async () => {
      await expect(replayDockerfile({ context, scratch, dockerfile: dockerfile('RUN echo before && exit 3') })).rejects.toThrow(/stage build, line 3: RUN sh -c echo before && exit 3 failed \(exit 3\)\nbefore/);
      await expect(replayDockerfile({ context, scratch, dockerfile: dockerfile('COPY libs ./libs') })).rejects.toThrow(/stage build, line 3: COPY libs: not found in the build context/);
      await expect(replayDockerfile({ context, scratch, dockerfile: dockerfile('COPY src/debug.log ./') })).rejects.toThrow(/COPY src\/debug.log: not found in the build context \(or left out by .dockerignore\)/);
      await expect(replayDockerfile({ context, scratch, dockerfile: dockerfile('COPY --from=assets /x ./') })).rejects.toThrow(/COPY --from=assets names no earlier stage/);
    });
  });
});
