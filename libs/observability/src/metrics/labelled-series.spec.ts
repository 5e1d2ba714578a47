import { Counter, Histogram, Registry } from 'prom-client';
import { LabelledCounter, LabelledHistogram } from './labelled-series';

const BOUNDS = [0.001, 0.01, 0.1, 1];
/** Values on, between and past the bounds, and label values the text format must escape. */
const OBSERVATIONS: Array<[string[], number]> = [
  [['GET', '/a'], 0.0005],
  [['GET', '/a'], 0.001],
  [['GET', '/a'], 0.05],
  [['GET', '/a'], 7],
  [['POST', '/b'], 0.1],
  [['POST', 'quote " back \\ line \n'], 0.2],
];

/** prom-client's JSON carries `exemplar: null` on buckets, which these series never have. */
const withoutExemplar = (value: object) => Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'exemplar'));

describe('labelled series', () => {
  it('expose exactly what prom-client exposes for the same counts and observations', async () => {
    const reference = new Registry();
    const ours = new Registry();
    const referenceHistogram = new Histogram({ name: 'demo_seconds', help: 'Demo.', labelNames: ['method', 'route'], buckets: BOUNDS, registers: [reference] });
    const referenceCounter = new Counter({ name: 'demo_total', help: 'Demo.', labelNames: ['method', 'route'], registers: [reference] });
    const histogram = new LabelledHistogram('demo_seconds', 'Demo.', ['method', 'route'], BOUNDS, ours);
    const counter = new LabelledCounter('demo_total', 'Demo.', ['method', 'route'], ours);
    for (const [[method, route], seconds] of OBSERVATIONS) {
      referenceHistogram.labels(method, route).observe(seconds);
      referenceCounter.labels(method, route).inc(2);
      histogram.observe([method, route], seconds);
      counter.inc([method, route], 2);
    }
    expect(await ours.metrics()).toBe(await reference.metrics());
    const withoutExemplars = async (registry: Registry) => (await registry.getMetricsAsJSON()).map((metric) => ({ ...metric, values: metric.values.map(withoutExemplar) }));
    expect(await withoutExemplars(ours)).toEqual(await withoutExemplars(reference));
    expect(await ours.metrics()).toContain('demo_seconds_bucket{le="0.001",method="GET",route="/a"} 2');
  });

  it('count from zero when asked to, and start over on a registry reset', async () => {
    const registry = new Registry();
    const counter = new LabelledCounter('runs_total', 'Runs.', ['outcome'], registry);
    counter.inc(['failure'], 0);
    expect(await registry.metrics()).toContain('runs_total{outcome="failure"} 0');
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('outcome="failure"');
  });

  it('refuse label values that do not match the label names', () => {
    const counter = new LabelledCounter('runs_total', 'Runs.', ['outcome'], new Registry());
    expect(() => counter.inc(['a', 'b'])).toThrow('runs_total takes 1 label values, not 2');
  });

  it('share one registry with prom-client metrics, refusing a name twice', () => {
    const registry = new Registry();
    new Counter({ name: 'taken_total', help: 'Taken.', registers: [registry] });
    expect(() => new LabelledCounter('taken_total', 'Again.', [], registry)).toThrow('already been registered');
  });
});
