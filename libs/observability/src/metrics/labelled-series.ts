import type { Metric, Registry } from 'prom-client';

type Labels = Record<string, string>;
/**
 * A sample line as prom-client's Registry formats it: `metricName` defaults to the metric's name,
 * `sharedLabels` (the series' labels, one object per series) follow `labels` and are formatted once.
 */
interface Sample {
  metricName?: string;
  labels: Record<string, string | number>;
  sharedLabels?: Labels;
  value: number;
}

/**
 * Counters and histograms counted on every request, for prom-client's Registry to expose (it
 * formats and escapes them like its own). prom-client's own classes re-validate and re-hash the
 * label values on every increment and observation, even through a child from `labels()` — the
 * largest part of its share in the gateway's CPU profile (BENCHMARKS.md, "Metrics with 7 rounds");
 * here a series is one Map lookup of its joined values, and its numbers plain fields.
 */
abstract class LabelledSeries<S> {
  readonly aggregator = 'sum';
  abstract readonly type: 'counter' | 'histogram';
  private readonly series = new Map<string, { labels: Labels; state: S }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    registry: Registry,
  ) {
    // The registry exposes any metric whose `get()` answers name, help, type and values; its types name only its own classes.
    registry.registerMetric(this as unknown as Metric);
  }

  protected seriesOf(values: readonly string[]): S {
    const key = values.join('\u0000');
    let found = this.series.get(key);
    if (!found) {
      if (values.length !== this.labelNames.length) throw new Error(`${this.name} takes ${this.labelNames.length} label values, not ${values.length}`);
      const labels = Object.fromEntries(this.labelNames.map((labelName, index) => [labelName, values[index]]));
      this.series.set(key, (found = { labels, state: this.initial() }));
    }
    return found.state;
  }

  protected abstract initial(): S;
  protected abstract samples(labels: Labels, state: S): Sample[];

  /** What the Registry's text exposition reads. */
  async getForPromString(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const values = [...this.series.values()].flatMap(({ labels, state }) => this.samples(labels, state));
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** What the Registry's JSON reads: each sample with all its labels. */
  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const metric = await this.getForPromString();
    const values = metric.values.map(({ sharedLabels, labels, ...sample }) => ({ ...sample, labels: { ...labels, ...sharedLabels } }));
    return { ...metric, values };
  }

  reset(): void {
    this.series.clear();
  }
}

export class LabelledCounter extends LabelledSeries<{ value: number }> {
  readonly type = 'counter';

  inc(values: readonly string[], by = 1): void {
    this.seriesOf(values).value += by;
  }

  protected initial() {
    return { value: 0 };
  }

  protected samples(labels: Labels, state: { value: number }): Sample[] {
    return [{ labels, value: state.value }];
  }
}

interface Buckets {
  /** Observations per bucket (not cumulative), the last one past every bound (+Inf). */
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

export class LabelledHistogram extends LabelledSeries<Buckets> {
  readonly type = 'histogram';

  constructor(name: string, help: string, labelNames: readonly string[], private readonly bounds: readonly number[], registry: Registry) {
    super(name, help, labelNames, registry);
  }

  observe(values: readonly string[], seconds: number): void {
    const buckets = this.seriesOf(values);
    let index = 0;
    while (index < this.bounds.length && seconds > this.bounds[index]) index += 1;
    buckets.counts[index] += 1;
    buckets.sum += seconds;
    buckets.count += 1;
  }

  protected initial(): Buckets {
    return { counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
  }

  protected samples(labels: Labels, buckets: Buckets): Sample[] {
    let cumulative = 0;
    const bucketName = `${this.name}_bucket`;
    const perBound = this.bounds.map((bound, index) => {
      cumulative += buckets.counts[index];
      return { metricName: bucketName, labels: { le: bound }, sharedLabels: labels, value: cumulative };
    });
    return [
      ...perBound,
      { metricName: bucketName, labels: { le: '+Inf' }, sharedLabels: labels, value: buckets.count },
      { metricName: `${this.name}_sum`, labels: {}, sharedLabels: labels, value: buckets.sum },
      { metricName: `${this.name}_count`, labels: {}, sharedLabels: labels, value: buckets.count },
    ];
  }
}
