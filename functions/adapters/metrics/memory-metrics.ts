import type { DimensionSet, MetricPoint, Metrics } from '../../core/usage-metrics.js';

/** One counted series: a metric name and one of its dimension sets. */
export type CountedSeries = { name: string; dimensions: DimensionSet; value: number };

/** An hourly bucket of one series (the local sink keeps hours, as the report reads days and hours). */
export type CountedSample = CountedSeries & { hour: string };

/**
 * The local runtime's metrics sink: the same counts the Lambdas write as EMF, kept in memory
 * (by series and by hour), for GET /dev/metrics, the simulator's panel and the usage report.
 */
export type MemoryMetrics = Metrics & {
  totals(): CountedSeries[];
  samples(): CountedSample[];
  reset(): void;
};

const keyOf = (name: string, dimensions: DimensionSet, hour = '') =>
  JSON.stringify([name, hour, Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b))]);

export function memoryMetrics(now: () => Date = () => new Date()): MemoryMetrics {
  const totals = new Map<string, CountedSeries>();
  const samples = new Map<string, CountedSample>();
  return {
    count(point: MetricPoint) {
      const hour = `${now().toISOString().slice(0, 13)}:00:00Z`;
      for (const set of point.sets) {
        const total = totals.get(keyOf(point.name, set)) ?? { name: point.name, dimensions: set, value: 0 };
        total.value += point.value;
        totals.set(keyOf(point.name, set), total);
        const sample = samples.get(keyOf(point.name, set, hour)) ?? {
          name: point.name,
          dimensions: set,
          value: 0,
          hour,
        };
        sample.value += point.value;
        samples.set(keyOf(point.name, set, hour), sample);
      }
    },
    totals: () => [...totals.values()].map((series) => ({ ...series })),
    samples: () => [...samples.values()].map((sample) => ({ ...sample })),
    reset() {
      totals.clear();
      samples.clear();
    },
  };
}
