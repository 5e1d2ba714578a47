import type { Response } from 'express';

/**
 * Headers for HTML pages: CSP with frame-ancestors 'none' and no scripts (but the one of
 * `scriptNonce`, the auto-posting form's), X-Frame-
 * Options, no referrer, HSTS on https. `formTargets` are the origins a form on the page may end
 * up at: Chromium applies form-action to the redirect after the POST, so the client's redirect
 * URI origin must be listed or the 303 back to the app is blocked.
 */
export function setHtmlSecurityHeaders(
  response: Response,
  options: { https: boolean; styleOrigins?: string[]; formTargets?: string[]; scriptNonce?: string },
): void {
  const styles = ["'self'", ...(options.styleOrigins ?? [])].join(' ');
  const forms = ["'self'", ...(options.formTargets ?? [])].join(' ');
  const scripts = options.scriptNonce ? ` script-src 'nonce-${options.scriptNonce}';` : '';
  response.setHeader(
    'Content-Security-Policy',
    `default-src 'none';${scripts} style-src ${styles}; img-src 'self' data:; form-action ${forms}; frame-ancestors 'none'; base-uri 'none'`,
  );
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Cache-Control', 'no-store');
  if (options.https) response.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}

/** The CSP source for a URL: its origin, or its scheme for private-use schemes (com.example.app:). */
export function cspSource(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : parsed.protocol;
  } catch {
    return undefined;
  }
}
