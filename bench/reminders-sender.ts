/**
 * The reminder sender as bench/reminders.ts runs it: bundled with the deployed esbuild
 * settings and started with plain `node`, so the memory measured is the sender's as it
 * would run in Lambda (not the benchmark's TypeScript loader or the fake's). Sweeps as of
 * BENCH_SWEEP_AT until nothing is due, sampling its own RSS, and prints one RESULT line.
 */
import { bundledContent } from '../functions/adapters/content/bundled-content.js';
import { createDocumentClient } from '../functions/adapters/dynamodb/client.js';
import { makeDynamoReminderStore } from '../functions/adapters/dynamodb/reminder-store.js';
import {
  makeDynamoPeopleReader,
  makeDynamoSubscriberMarks,
} from '../functions/adapters/dynamodb/subscriber-store.js';
import { makeTwilioMessenger } from '../functions/adapters/twilio/messenger.js';
import { DEFAULT_SWEEP_SETTINGS, type SweepSummary, sweepReminders } from '../functions/reminders/sweep.js';

/** What the sender reports back to the benchmark. */
export type SenderResult = {
  summaries: SweepSummary[];
  elapsedSeconds: number;
  peakRss: number;
};

/** A 15-minute Lambda: each sweep may use it all but the lease-sized margin it keeps. */
const LAMBDA_BUDGET_MS = 15 * 60_000;
const MAX_SWEEPS = 20;

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
}

async function main() {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const client = createDocumentClient({
    endpoint: required('BENCH_ENDPOINT'),
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tableName = required('BENCH_TABLE');
  const token = required('BENCH_TWILIO_TOKEN');
  const deps = {
    reminders: makeDynamoReminderStore(client, tableName),
    people: makeDynamoPeopleReader(client, tableName),
    marks: makeDynamoSubscriberMarks(client, tableName),
    // As buildReminderDeps builds it: the reminder timeout and a ValidityPeriod.
    messenger: makeTwilioMessenger({
      accountSid: required('BENCH_TWILIO_ACCOUNT'),
      authToken: async () => token,
      sender: { from: '+15005550006' },
      baseUrl: required('BENCH_TWILIO_URL'),
      timeoutMs: DEFAULT_SWEEP_SETTINGS.sendTimeoutMs,
      validityPeriodSeconds: 3_600,
    }),
    content: bundledContent(),
    settings: { ...DEFAULT_SWEEP_SETTINGS, statusCallbackUrl: 'https://bench.example.org/sms/status' },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  };

  const sweepAt = Date.parse(required('BENCH_SWEEP_AT'));
  const summaries: SweepSummary[] = [];
  const started = performance.now();
  for (let run = 0; run < MAX_SWEEPS; run++) {
    const deadline = Date.now() + LAMBDA_BUDGET_MS;
    const asOf = new Date(sweepAt + (performance.now() - started));
    const summary = await sweepReminders(deps, { asOf, remainingMs: () => deadline - Date.now() });
    summaries.push(summary);
    if (summary.found === 0) break;
  }
  const elapsedSeconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  client.destroy();
  const result: SenderResult = { summaries, elapsedSeconds, peakRss };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
