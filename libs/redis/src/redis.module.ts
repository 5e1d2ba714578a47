import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import Redis from 'ioredis';

/** Injection token of the shared Redis connection, or null when REDIS_URL is not set. */
export const REDIS = Symbol('REDIS');

/**
 * One Redis connection per app for short-lived shared state (rate limits, health). It fails fast
 * while Redis is away instead of queueing commands, and reconnects in the background.
 */
export function createRedis(url: string, name: string): Redis {
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: name, lazyConnect: false });
  // Errors surface on each command; the connection's own error events are expected while Redis is down.
  client.on('error', () => undefined);
  return client;
}

@Injectable()
class RedisShutdown implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => (config.redisUrl ? createRedis(config.redisUrl, 'rapidauth') : null),
    },
    RedisShutdown,
  ],
  exports: [REDIS],
})
export class RedisModule {}
