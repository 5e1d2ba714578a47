import { consolePathProblem } from './console-path';

describe('consolePathProblem', () => {
  it.each(['/', '/organizations', '/environments/4f0c/auth-services', '/assets/index-B1x9Qz.js', '/a%20b', '//assets//x.css', '/users/jane.doe'])(
    'serves %s',
    (path) => expect(consolePathProblem(path)).toBeUndefined(),
  );

  it.each([
    '/..',
    '/../package.json',
    '/assets/../../secret.txt',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/.%2e/package.json',
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets%2findex.js',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/.',
    '/index.html%00.js',
    '/%E0%A4%A',
  ])('refuses %s', (path) => expect(consolePathProblem(path)).toBe('invalid'));

  it.each(['/.build-stamp', '/%2ebuild-stamp', '/assets/.hidden', '/.git/config'])('hides the dot file %s', (path) => expect(consolePathProblem(path)).toBe('hidden'));
});
