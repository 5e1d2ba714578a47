/** Injection token of the process's Metrics. */
export const METRICS = Symbol('METRICS');
