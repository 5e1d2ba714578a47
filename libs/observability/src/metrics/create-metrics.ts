import { buildVersion } from './build-version';
import { DISABLED_METRICS, type Metrics } from './metrics';
import { PrometheusMetrics } from './prometheus-metrics';

/** The process's one Metrics (runtime creates it at start; both apps share it). */
export function createMetrics(enabled: boolean): Metrics {
  return enabled ? new PrometheusMetrics(buildVersion()) : DISABLED_METRICS;
}
