/** One fixed-window counter: how many hits `key` may have per `windowMs`. */
export interface RateLimitRule {
  readonly limit: number;
  readonly windowMs: number;
}

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  readonly retryAfterSeconds: number;
}

/** Counts hits per key; implementations share counts across instances (Redis) or not (memory). */
export interface RateLimiter {
  hit(key: string, rule: RateLimitRule, now?: number): Promise<RateLimitDecision>;
}

export const RATE_LIMITER = Symbol('RATE_LIMITER');

/** For one process (the embedded default, or no REDIS_URL): counts live in memory. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetsAt: number }>();
  private lastSweep = 0;

  async hit(key: string, rule: RateLimitRule, now = Date.now()): Promise<RateLimitDecision> {
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetsAt <= now) {
      window = { count: 0, resetsAt: now + rule.windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { allowed: window.count <= rule.limit, retryAfterSeconds: Math.max(1, Math.ceil((window.resetsAt - now) / 1000)) };
  }

  /** Drops finished windows now and then, so the map holds only live keys. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 10_000) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (window.resetsAt <= now) this.windows.delete(key);
  }
}
