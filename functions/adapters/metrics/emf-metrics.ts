import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import {
  METRIC_NAMESPACE,
  METRIC_SERVICE,
  type MetricPoint,
  type Metrics,
} from '../../core/usage-metrics.js';

/**
 * Metrics as CloudWatch embedded metric format lines on stdout, written by Powertools.
 * Each count is published at once (one EMF line, all its dimension sets), so nothing is lost
 * when a handler throws and no middleware has to flush at the end of an invocation.
 */
export function emfMetrics(options: { write?: (line: string) => void } = {}): Metrics {
  const metrics = new PowertoolsMetrics({
    namespace: METRIC_NAMESPACE,
    serviceName: METRIC_SERVICE,
    ...(options.write === undefined
      ? {}
      : { logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } }),
  });
  return {
    count(point: MetricPoint) {
      for (const set of point.sets) metrics.addDimensions({ ...set });
      metrics.addMetric(point.name, MetricUnit.Count, point.value);
      if (options.write === undefined) {
        metrics.publishStoredMetrics();
        return;
      }
      options.write(JSON.stringify(metrics.serializeMetrics()));
      metrics.clearMetrics();
      metrics.clearDimensions();
    },
  };
}
