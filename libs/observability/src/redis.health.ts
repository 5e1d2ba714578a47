import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { REDIS } from '@rapidauth/redis';
import type Redis from 'ioredis';
import { withTimeout } from './with-timeout';

/** `redis` is up when PING answers; only checked when REDIS_URL is configured. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(REDIS) private readonly redis: Redis | null,
    private readonly health: HealthIndicatorService,
  ) {}

  get configured(): boolean {
    return this.redis !== null;
  }

  async check(timeoutMs = 3000) {
    const indicator = this.health.check('redis');
    try {
      await withTimeout(this.redis!.ping(), timeoutMs);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
