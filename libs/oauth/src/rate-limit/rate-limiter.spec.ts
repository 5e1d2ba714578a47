import { MemoryRateLimiter } from './rate-limiter';

describe('MemoryRateLimiter', () => {
  it('allows `limit` hits per window, then refuses with the time left, then resets', async () => {
    const limiter = new MemoryRateLimiter();
    const rule = { limit: 3, windowMs: 1000 };
    const start = 1_000_000;
    for (let i = 0; i < 3; i++) expect((await limiter.hit('k', rule, start + i)).allowed).toBe(true);
    expect(await limiter.hit('k', rule, start + 500)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await limiter.hit('other', rule, start + 500)).allowed).toBe(true);
    expect((await limiter.hit('k', rule, start + 1000)).allowed).toBe(true);
  });
});
