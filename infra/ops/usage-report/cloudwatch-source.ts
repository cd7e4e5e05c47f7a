import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { bundledContent } from '../../../functions/adapters/content/bundled-content.js';
import { LANGUAGES, REGIONS } from '../../../functions/core/content-model.js';
import { DELIVERY_STATUSES } from '../../../functions/core/reminder-ports.js';
import { LAYERS } from '../../../functions/core/understanding/intent.js';
import {
  type DimensionSet,
  METRIC,
  METRIC_NAMESPACE,
  METRIC_SERVICE,
} from '../../../functions/core/usage-metrics.js';
import type { UsageSeries } from './data.js';

type Wanted = { name: string; dimensions: DimensionSet };

/** The series the report reads whether or not CloudWatch lists them (it lists two weeks only). */
function knownSeries(): Wanted[] {
  const topics = bundledContent().languages.en?.topics.map((topic) => topic.id) ?? [];
  const each = (name: string, dimension: string, values: readonly string[]) =>
    values.map((value) => ({ name, dimensions: { [dimension]: value } }));
  return [
    ...Object.values(METRIC).map((name) => ({ name, dimensions: {} })),
    ...each(METRIC.inboundText, 'language', LANGUAGES),
    ...each(METRIC.inboundText, 'region', REGIONS),
    ...each(METRIC.inboundText, 'layer', LAYERS),
    ...each(METRIC.inboundText, 'topic', topics),
    ...each(METRIC.firstContact, 'channel', ['sms', 'voice']),
    ...each(METRIC.callStep, 'step', ['answer']),
    ...each(METRIC.textMeThis, 'outcome', ['sent', 'not-textable', 'declined', 'refused', 'failed']),
    ...each(METRIC.reminder, 'outcome', ['sent', 'skipped', 'deferred', 'failed', 'dropped', 'error']),
    ...each(METRIC.deliveryStatus, 'status', DELIVERY_STATUSES),
  ];
}

/** Series CloudWatch lists for the namespace (keywords, steps, codes the code cannot know). */
async function listedSeries(client: CloudWatchClient): Promise<Wanted[]> {
  const found: Wanted[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListMetricsCommand({ Namespace: METRIC_NAMESPACE, NextToken }));
    for (const metric of page.Metrics ?? []) {
      const dims = metric.Dimensions ?? [];
      if (metric.MetricName === undefined) continue;
      if (!dims.some((d) => d.Name === 'service' && d.Value === METRIC_SERVICE)) continue;
      const dimensions = Object.fromEntries(
        dims.filter((d) => d.Name !== 'service').map((d) => [d.Name ?? '', d.Value ?? '']),
      );
      if (Object.keys(dimensions).length <= 1) found.push({ name: metric.MetricName, dimensions });
    }
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return found;
}

/** Daily sums of every series from CloudWatch (GetMetricData, 500 queries a request). */
export async function readCloudWatch(
  days: string[],
  client = new CloudWatchClient({}),
): Promise<UsageSeries[]> {
  const wanted = new Map<string, Wanted>();
  for (const series of [...knownSeries(), ...(await listedSeries(client))]) {
    wanted.set(JSON.stringify([series.name, Object.entries(series.dimensions).sort()]), series);
  }
  const all = [...wanted.values()];
  const start = new Date(`${days[0]}T00:00:00Z`);
  const end = new Date(new Date(`${days.at(-1)}T00:00:00Z`).getTime() + 86_400_000);
  const result: UsageSeries[] = [];
  for (let offset = 0; offset < all.length; offset += 500) {
    const chunk = all.slice(offset, offset + 500);
    const queries: MetricDataQuery[] = chunk.map((series, i) => ({
      Id: `m${i}`,
      ReturnData: true,
      MetricStat: {
        Period: 86_400,
        Stat: 'Sum',
        Metric: {
          Namespace: METRIC_NAMESPACE,
          MetricName: series.name,
          Dimensions: [
            { Name: 'service', Value: METRIC_SERVICE },
            ...Object.entries(series.dimensions).map(([Name, Value]) => ({ Name, Value })),
          ],
        },
      },
    }));
    const counts = chunk.map(() => ({}) as Record<string, number>);
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: start, EndTime: end, NextToken }),
      );
      for (const data of page.MetricDataResults ?? []) {
        const index = Number(data.Id?.slice(1));
        const target = counts[index];
        if (target === undefined) continue;
        for (const [i, at] of (data.Timestamps ?? []).entries()) {
          const day = at.toISOString().slice(0, 10);
          target[day] = (target[day] ?? 0) + (data.Values?.[i] ?? 0);
        }
      }
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
    chunk.forEach((series, i) => {
      result.push({ name: series.name, dimensions: series.dimensions, days: counts[i] ?? {} });
    });
  }
  return result;
}
