import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { METRIC_NAMESPACE, METRIC_SERVICE, type MetricPoint } from '../../functions/core/usage-metrics.js';

/**
 * Operator tools run on a laptop, where stdout is not a Lambda log: their counts (erasures,
 * exports) go to CloudWatch with PutMetricData, under the same namespace, `service` dimension
 * and dimension sets as the functions' EMF, so the dashboard and the report add them up.
 */
export async function putMetrics(points: MetricPoint[], at: Date, client = new CloudWatchClient({})) {
  try {
    await client.send(
      new PutMetricDataCommand({
        Namespace: METRIC_NAMESPACE,
        MetricData: points.flatMap((point) =>
          point.sets.map((set) => ({
            MetricName: point.name,
            Unit: 'Count' as const,
            Value: point.value,
            Timestamp: at,
            Dimensions: [
              { Name: 'service', Value: METRIC_SERVICE },
              ...Object.entries(set).map(([Name, Value]) => ({ Name, Value })),
            ],
          })),
        ),
      }),
    );
  } finally {
    client.destroy();
  }
}
