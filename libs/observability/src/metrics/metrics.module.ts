import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { METRICS } from './metrics.tokens';

/**
 * The process's Metrics in one app (global: every module of the app counts into it) and, unless
 * METRICS_ENABLED=false, GET /metrics; without it /metrics is an unknown path, 404.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(metrics: Metrics): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: METRICS, useValue: metrics }],
      exports: [METRICS],
      controllers: metrics.enabled ? [MetricsController] : [],
    };
  }
}
