import { join } from 'node:path';
import type { RequestLines } from '@rapidauth/observability';
import { Router, static as serveStatic, type NextFunction, type Request, type Response } from 'express';
import { answerText, ASSET_CACHE_CONTROL, PAGE_CACHE_CONTROL, setPageHeaders } from './console-headers';
import { consolePathProblem } from './console-path';

/** The console's mount point on ADMIN_PORT (a reserved first path segment: libs/tenancy). */
export const CONSOLE_PATH = '/console';
const INDEX = 'index.html';
const NOT_BUILT = 'The admin console is not built: run `npm run build`.';

/**
 * The admin console (docs/admin-console.md): `GET /` and `/console` redirect to `/console/`;
 * under it the hashed assets (immutable), other files of the build, and for every other path the
 * single-page app's index.html (`no-cache`), which routes in the browser. Plain Express, not Nest
 * routes: static files are public, not admin routes with a permission. Every request under
 * /console is answered here; `lines` writes their request lines as Nest's routes get them.
 */
export function consoleRouter(directory: string, lines?: RequestLines): Router {
  const router = Router({ strict: true });
  const logged = (request: Request, response: Response, next: NextFunction) => {
    lines?.watch(request, response);
    next();
  };
  router.get('/', logged, (_request, response) => response.redirect(302, `${CONSOLE_PATH}/`));
  router.get(CONSOLE_PATH, logged, (request, response) => response.redirect(302, `${CONSOLE_PATH}/${queryOf(request.originalUrl)}`));
  router.use(CONSOLE_PATH, logged, consoleSite(directory));
  return router;
}

function consoleSite(directory: string): Router {
  const site = Router({ strict: true });
  site.use(onlyReads, safePath);
  site.use('/assets', serveStatic(join(directory, 'assets'), { index: false, redirect: false, fallthrough: false, cacheControl: false, setHeaders: assetHeaders }));
  site.use(serveStatic(directory, { index: false, redirect: false, cacheControl: false, setHeaders: fileHeaders }));
  site.use(indexPage(directory));
  site.use(consoleErrors);
  return site;
}

/** The console is read only: anything but GET and HEAD is 405 (RFC 9110 §15.5.6). */
function onlyReads(request: Request, response: Response, next: NextFunction): void {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  if (request.method === 'GET' || request.method === 'HEAD') {
    next();
    return;
  }
  response.setHeader('Allow', 'GET, HEAD');
  answerText(response, 405, 'The admin console answers GET and HEAD only.');
}

/** Never a file outside the build, never a dot file (the build stamp). */
function safePath(request: Request, response: Response, next: NextFunction): void {
  const problem = consolePathProblem(request.path);
  if (problem === 'invalid') answerText(response, 400, 'Invalid path.');
  else if (problem === 'hidden') answerText(response, 404, 'Not found.');
  else next();
}

function assetHeaders(response: Response): void {
  response.setHeader('Cache-Control', ASSET_CACHE_CONTROL);
}

/** Files of the build outside assets/ keep their names across builds: revalidated; the page gets its headers. */
function fileHeaders(response: Response, path: string): void {
  if (path.endsWith('.html')) setPageHeaders(response);
  else response.setHeader('Cache-Control', PAGE_CACHE_CONTROL);
}

/** Every path that is no file of the build: the single-page app, or 503 while there is no build. */
function indexPage(directory: string) {
  return (_request: Request, response: Response, next: NextFunction): void => {
    setPageHeaders(response);
    response.sendFile(INDEX, { root: directory, cacheControl: false, dotfiles: 'deny' }, (error?: Error & { status?: number }) => {
      if (!error) return;
      if (response.headersSent) next(error);
      else if (error.status === 404) answerText(response, 503, NOT_BUILT);
      else next(error);
    });
  };
}

/**
 * A missing asset is 404, not the page, and so is a directory (403 from the static server); nothing
 * else under /console reaches Nest or shows a stack.
 */
function consoleErrors(error: Error & { status?: number }, _request: Request, response: Response, next: NextFunction): void {
  if (response.headersSent) {
    next(error);
    return;
  }
  const status = error.status ?? 500;
  if (status === 404 || status === 403) answerText(response, 404, 'Not found.');
  else if (status < 500) answerText(response, status, 'Refused.');
  else answerText(response, 500, 'The admin console could not be served.');
}

function queryOf(url: string): string {
  const start = url.indexOf('?');
  return start < 0 ? '' : url.slice(start);
}
