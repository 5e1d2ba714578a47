import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** How long one nonce window lasts; a nonce is accepted in its window and the next. */
export const DPOP_NONCE_WINDOW_SECONDS = 300;

/**
 * RFC 9449 §8/§9 server nonces that need no shared state: a nonce is its time window and an HMAC
 * of it under a key derived from the installation's secret, so every instance issues and accepts
 * the same ones. The current and the previous window are accepted (a nonce lives 5 to 10 minutes).
 */
export class DpopNonces {
  private readonly key: Buffer;

  constructor(installationSecret: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', installationSecret, Buffer.alloc(0), 'rapidauth dpop nonce', 32));
  }

  current(now: Date): string {
    return this.nonceFor(windowOf(now));
  }

  accepts(nonce: string | undefined, now: Date): boolean {
    if (nonce === undefined) return false;
    const window = windowOf(now);
    return [window, window - 1].some((candidate) => sameText(nonce, this.nonceFor(candidate)));
  }

  private nonceFor(window: number): string {
    return `${window.toString(36)}.${createHmac('sha256', this.key).update(String(window)).digest('base64url')}`;
  }
}

function windowOf(now: Date): number {
  return Math.floor(now.getTime() / 1000 / DPOP_NONCE_WINDOW_SECONDS);
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
