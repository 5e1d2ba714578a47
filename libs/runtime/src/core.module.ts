import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@rapidauth/config';
import { DatabaseModule } from '@rapidauth/database';
import { HealthModule, LoggerModule, MetricsModule } from '@rapidauth/observability';
import { RedisModule } from '@rapidauth/redis';
import type { Runtime } from './served-app';

/** What every app imports: configuration, the database, Redis (when configured), JSON logging, metrics and /health. */
@Module({})
export class CoreModule {
  static forRoot(runtime: Runtime, appName: string): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(runtime.config),
        DatabaseModule.forRoot(runtime.database),
        LoggerModule.forRoot(runtime.logger, appName),
        MetricsModule.forRoot(runtime.metrics),
        RedisModule,
        HealthModule,
      ],
    };
  }
}
