import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { RedisRateLimiter } from './redis-rate-limiter';

/** A Redis whose EVAL fails while `down` (as the fail-fast client does while Redis is away), else counts like the script. */
function flakyRedis() {
  const counts = new Map<string, number>();
  const redis = {
    down: false,
    eval: async (_script: string, _keys: number, key: string, windowMs: string) => {
      if (redis.down) throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return [counts.get(key), Number(windowMs)];
    },
  };
  return redis;
}

describe('RedisRateLimiter', () => {
  const rule = { limit: 2, windowMs: 60_000 };
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('keeps limiting in memory while Redis fails, saying so once, and goes back to Redis when it answers', async () => {
    const redis = flakyRedis();
    const limiter = new RedisRateLimiter(redis as unknown as Redis);
    const now = 1_000_000;
    redis.down = true;
    const during = [];
    for (let i = 0; i < 4; i++) during.push((await limiter.hit('k', rule, now + i)).allowed);
    expect(during).toEqual([true, true, false, false]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/^Redis unavailable: rate limits count in this instance's memory/);

    redis.down = false;
    const after = [];
    for (let i = 0; i < 3; i++) after.push((await limiter.hit('k', rule, now + 10 + i)).allowed);
    expect(after).toEqual([true, true, false]);
    expect(log).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
