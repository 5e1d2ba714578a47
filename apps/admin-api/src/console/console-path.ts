/**
 * What a request path under /console may name: a refusal for anything that could reach outside
 * the build (`.` and `..` segments, also percent-encoded; an encoded `/` or `\`, which would hide
 * a segment boundary; a backslash or NUL), `hidden` for dot files such as the build stamp (never
 * served), `undefined` for a path the console answers.
 */
export function consolePathProblem(path: string): 'invalid' | 'hidden' | undefined {
  let hidden = false;
  for (const segment of path.split('/')) {
    if (/%(2f|5c)/i.test(segment)) return 'invalid';
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return 'invalid';
    }
    if (decoded === '.' || decoded === '..' || /[\\\0]/.test(decoded)) return 'invalid';
    if (decoded.startsWith('.')) hidden = true;
  }
  return hidden ? 'hidden' : undefined;
}
