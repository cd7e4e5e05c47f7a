import type { UsageSeries } from './data.js';

type Sample = { name: string; dimensions: Record<string, string>; value: number; hour: string };

/**
 * Daily sums from a local run's metrics sink (GET /dev/metrics on `npm start`), which needs
 * the run's dev token, as every /dev route does.
 */
export async function readLocal(baseUrl: string, devToken: string | undefined): Promise<UsageSeries[]> {
  if (devToken === undefined || devToken === '') {
    throw new Error(
      'A local report needs the dev token npm start printed: set DEV_TOKEN or pass --dev-token.',
    );
  }
  let response: Response;
  try {
    response = await fetch(new URL('/dev/metrics', baseUrl), {
      headers: { Accept: 'application/json', 'X-Dev-Token': devToken },
    });
  } catch {
    throw new Error(`Could not reach the local line at ${baseUrl}: is npm start running?`);
  }
  if (response.status === 401)
    throw new Error('The local line refused the dev token: use the one npm start printed.');
  if (!response.ok) throw new Error(`The local line answered ${response.status} to GET /dev/metrics.`);
  const body = (await response.json()) as { samples?: Sample[] };
  const series = new Map<string, UsageSeries>();
  for (const sample of body.samples ?? []) {
    const key = JSON.stringify([sample.name, Object.entries(sample.dimensions).sort()]);
    const entry = series.get(key) ?? { name: sample.name, dimensions: sample.dimensions, days: {} };
    const day = sample.hour.slice(0, 10);
    entry.days[day] = (entry.days[day] ?? 0) + sample.value;
    series.set(key, entry);
  }
  return [...series.values()];
}
