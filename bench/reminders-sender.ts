/**
 * The reminder sender as bench/reminders.ts runs it: bundled with the deployed esbuild
 * settings and started with plain `node`, so the memory measured is the sender's as it
 * would run in Lambda (not the benchmark's TypeScript loader or the fake's). Sweeps as of
 * BENCH_SWEEP_AT until nothing is due, sampling its own RSS, and prints one RESULT line.
 */
import { type SweepSummary, sweepReminders } from '../functions/reminders/sweep.js';
import { buildReminderDeps } from '../functions/wiring.js';

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
  // The deployed wiring (buildReminderDeps), from the settings the stack would pass: the
  // default schedule and pacing, the reminder timeout and ValidityPeriod. Only the endpoints
  // (DynamoDB Local, the fake Twilio) and the account are the bench's.
  const deps = buildReminderDeps(
    {
      TABLE_NAME: required('BENCH_TABLE'),
      PUBLIC_URL: 'https://bench.example.org',
      DYNAMODB_ENDPOINT: required('BENCH_ENDPOINT'),
      TWILIO_ACCOUNT_SID: required('BENCH_TWILIO_ACCOUNT'),
      TWILIO_AUTH_TOKEN: required('BENCH_TWILIO_TOKEN'),
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE_URL: required('BENCH_TWILIO_URL'),
    },
    { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    { region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
  );

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
  const result: SenderResult = { summaries, elapsedSeconds, peakRss };
  console.log(`RESULT ${JSON.stringify(result)}`);
  // The SDK's keep-alive sockets would hold the process open.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
