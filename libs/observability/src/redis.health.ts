import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import Redis from 'ioredis';
import { withTimeout } from './with-timeout';

/** `redis` is up when PING answers; only checked when REDIS_URL is configured. */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private client?: Redis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly health: HealthIndicatorService,
  ) {}

  get configured(): boolean {
    return Boolean(this.config.redisUrl);
  }

  async check(timeoutMs = 3000) {
    const indicator = this.health.check('redis');
    try {
      await withTimeout(this.connection().ping(), timeoutMs);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.client?.quit().catch(() => this.client?.disconnect());
  }

  private connection(): Redis {
    // Fail fast while Redis is away instead of queueing commands; reconnects in the background.
    this.client ??= new Redis(this.config.redisUrl as string, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectionName: 'rapidauth-health',
    });
    this.client.on('error', () => undefined);
    return this.client;
  }
}
