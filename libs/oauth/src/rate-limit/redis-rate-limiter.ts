import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { RateLimitDecision, RateLimiter, RateLimitRule } from './rate-limiter';

// INCR and set the window's expiry on the first hit, atomically; returns [count, ms left].
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

/**
 * Counts shared by every instance through Redis. If Redis cannot answer, the request is let
 * through (and logged): an outage of the limiter must not become an outage of sign-in.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly logger = new Logger(RedisRateLimiter.name);

  constructor(private readonly redis: Redis) {}

  async hit(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    try {
      const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, `rapidauth:rl:${key}`, String(rule.windowMs))) as [number, number];
      return { allowed: count <= rule.limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
    } catch (error) {
      this.logger.warn(`rate limiter unavailable, request allowed: ${(error as Error).message}`);
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }
}
