import type { Response } from 'express';

/**
 * The console's page may load only its own scripts, styles and API (no inline script or style,
 * nothing third-party), may not be framed, and sends no referrer (docs/admin-console.md).
 */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Hashed file names change with their content: a year, never revalidated (RFC 8246). */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** The page itself is revalidated on every load (RFC 9111 §5.2.2.4), so a new build is picked up at once. */
export const PAGE_CACHE_CONTROL = 'no-cache';

export function setPageHeaders(response: Response): void {
  response.setHeader('Content-Security-Policy', CONSOLE_CSP);
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cache-Control', PAGE_CACHE_CONTROL);
}

/** The console's own refusals (bad path, wrong method, no build): one line of text, never cached. */
export function answerText(response: Response, status: number, line: string): void {
  response.status(status).set({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).send(`${line}\n`);
}
