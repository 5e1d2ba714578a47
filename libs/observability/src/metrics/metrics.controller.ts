import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { METRICS } from './metrics.tokens';
import type { PrometheusMetrics } from './prometheus-metrics';

/**
 * GET /metrics, the Prometheus text exposition (format 0.0.4) of the whole process. No
 * authentication, as scrapers expect: nothing in it names a tenant, and it is served on the
 * ports the operator already exposes (docs/operations.md, "Metrics").
 */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: PrometheusMetrics) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async exposition(@Res() response: Response): Promise<void> {
    const body = await this.metrics.exposition();
    // As prom-client spells it (`text/plain; version=0.0.4; charset=utf-8`): Express's `send` would reorder it.
    response.setHeader('Content-Type', this.metrics.contentType);
    response.end(body);
  }
}
