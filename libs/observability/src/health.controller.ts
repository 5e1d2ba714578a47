import { Controller, Get, HttpCode } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { RedisHealthIndicator } from './redis.health';

/**
 * GET /health: 503 only when the database is down. Redis, when configured, is reported, but an
 * instance without it still serves (rate limits count in memory meanwhile): 200 with
 * `degraded: ["redis"]` (docs/operations.md#health).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @HttpCode(200)
  @HealthCheck()
  async check() {
    const [database, redis] = await Promise.all([this.database.check(), this.redis.configured ? this.redis.check() : undefined]);
    if (database.database?.status === 'up' && redis?.redis?.status === 'down') return degraded(database, redis);
    return this.health.check([() => database, ...(redis ? [() => redis] : [])]);
  }
}

/** Terminus's shape (info: what is up, error: what is down, details: both) plus the names of what is down. */
function degraded(up: HealthIndicatorResult, down: HealthIndicatorResult) {
  return { status: 'ok', info: up, error: down, details: { ...up, ...down }, degraded: Object.keys(down) };
}
