import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { MemoryRateLimiter, type RateLimitDecision, type RateLimiter, type RateLimitRule } from './rate-limiter';

// INCR and set the window's expiry on the first hit, atomically; returns [count, ms left].
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

/**
 * Counts shared by every instance through Redis. While Redis cannot answer, each instance counts
 * in its own memory instead: limits still hold (per instance) and sign-in keeps working — an
 * outage of the limiter must become neither an outage of sign-in nor an open door.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly logger = new Logger(RedisRateLimiter.name);
  private readonly fallback = new MemoryRateLimiter();
  private inFallback = false;

  constructor(private readonly redis: Redis) {}

  async hit(key: string, rule: RateLimitRule, now = Date.now()): Promise<RateLimitDecision> {
    let answer: [count: number, ttl: number];
    try {
      answer = (await this.redis.eval(HIT_SCRIPT, 1, `rapidauth:rl:${key}`, String(rule.windowMs))) as [number, number];
    } catch (error) {
      if (!this.inFallback) {
        this.inFallback = true;
        this.logger.warn(`Redis unavailable: rate limits count in this instance's memory until it answers (${(error as Error).message})`);
      }
      return this.fallback.hit(key, rule, now);
    }
    if (this.inFallback) {
      this.inFallback = false;
      this.logger.log('Redis answers again: rate limits are shared again');
    }
    const [count, ttl] = answer;
    return { allowed: count <= rule.limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
  }
}
