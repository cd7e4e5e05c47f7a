/**
 * Reminder sender throughput: 10,000 reminders due at once, swept against DynamoDB Local
 * and the fake Twilio API (100 ms per answer, 100 messages a second, 429 / 20429 above it),
 * with the deployed defaults (32 at once, 100 MPS ceiling, full-jitter backoff).
 * Targets (issue 4): at least 95 messages/s, 0 duplicates, 0 missed, peak RSS under 256 MB.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { bundledContent } from '../functions/adapters/content/bundled-content.js';
import { createDocumentClient } from '../functions/adapters/dynamodb/client.js';
import { makeDynamoReminderStore, scheduleWrites } from '../functions/adapters/dynamodb/reminder-store.js';
import {
  makeDynamoPeopleReader,
  makeDynamoSubscriberMarks,
  SUBSCRIBER_RETENTION_DAYS,
} from '../functions/adapters/dynamodb/subscriber-store.js';
import { subscriberKey } from '../functions/adapters/dynamodb/table.js';
import { makeTwilioMessenger } from '../functions/adapters/twilio/messenger.js';
import { makeTimedFetch } from '../functions/adapters/twilio/timed-fetch.js';
import { DEFAULT_REMINDER_SETTINGS, planReminders } from '../functions/core/reminder-plan.js';
import type { Subscriber } from '../functions/core/subscriber.js';
import { DEFAULT_SWEEP_SETTINGS, type SweepSummary, sweepReminders } from '../functions/reminders/sweep.js';
import { localDynamoClientConfig } from '../infra/local/dynamodb-local.js';
import { startFakeTwilioProcess } from '../tests/fakes/fake-twilio-process.js';
import { benchConfig, round } from './harness.js';

const DEFAULT_REMINDERS = 10_000;
const BOOKED_AT = new Date('2026-11-20T12:00:00Z');
/** Every seeded person's 14-day reminder is due 28 Nov 10:00 UTC (10:00 in London). */
const SWEEP_AT = new Date('2026-11-28T10:01:00Z');
const APPOINTMENT = { local: '2026-12-12T10:30', zone: 'Europe/London', at: '2026-12-12T10:30:00.000Z' };
/** A 15-minute Lambda: the sweep may use it all but the lease-sized margin it keeps. */
const LAMBDA_BUDGET_MS = 15 * 60_000;
const MAX_SWEEPS = 20;

const nop = () => undefined;
const quiet = { info: nop, warn: nop, error: nop };

/** A subscribed person with a confirmed appointment, and the rows a YES would have written. */
function bookedPerson(index: number, tableName: string) {
  const phone = phoneOf(index);
  const id = `SM${index.toString(16).padStart(32, '0')}`;
  const appointment = { id, ...APPOINTMENT, bookedAt: BOOKED_AT.toISOString() };
  const reminders = planReminders(appointment, DEFAULT_REMINDER_SETTINGS, BOOKED_AT).filter(
    (reminder) => reminder.daysBefore === 14,
  );
  const person: Subscriber = {
    phone,
    status: 'subscribed',
    region: 'uk',
    language: 'en',
    visited: [],
    consent: [{ at: BOOKED_AT.toISOString(), action: 'opt-in', keyword: 'START', channel: 'sms', sid: id }],
    createdAt: BOOKED_AT.toISOString(),
    updatedAt: BOOKED_AT.toISOString(),
    appointment,
    schedule: { appointmentId: id, changedBy: id, reminders },
  };
  const item = {
    ...subscriberKey(phone),
    ...person,
    version: 1,
    recent: [],
    expiresAt: Math.floor(BOOKED_AT.getTime() / 1000) + SUBSCRIBER_RETENTION_DAYS * 86_400,
  };
  const rows = scheduleWrites(person, id, tableName).flatMap((write) =>
    write.Put === undefined ? [] : [write.Put.Item],
  );
  return { phone, items: [item, ...rows] };
}

/**
 * Writes the people and their rows with BatchWrite (12 people, 24 items, a request; a few
 * requests at a time), building each batch only when it is sent so seeding stays small.
 */
async function seed(client: DynamoDBDocumentClient, tableName: string, count: number) {
  const perBatch = 12;
  let next = 0;
  const worker = async () => {
    for (let first = next; first < count; first = next) {
      next += perBatch;
      const items: Record<string, unknown>[] = [];
      for (let index = first; index < Math.min(count, first + perBatch); index++) {
        items.push(...bookedPerson(index, tableName).items);
      }
      let requests: { PutRequest: { Item: Record<string, unknown> } }[] = items.map((Item) => ({
        PutRequest: { Item },
      }));
      while (requests.length > 0) {
        const output = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (output.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
          request.PutRequest?.Item ? [{ PutRequest: { Item: request.PutRequest.Item } }] : [],
        );
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

const phoneOf = (index: number) => `+4474${String(index).padStart(8, '0')}`;

async function seedInChildProcess(endpoint: string, tableName: string, count: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: {
      ...process.env,
      BENCH_SEED_ENDPOINT: endpoint,
      BENCH_SEED_TABLE: tableName,
      BENCH_SEED_COUNT: String(count),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`seeding failed (exit code ${code})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const endpoint = process.env.BENCH_SEED_ENDPOINT;
  const tableName = process.env.BENCH_SEED_TABLE;
  if (endpoint === undefined || tableName === undefined)
    throw new Error('BENCH_SEED_ENDPOINT and BENCH_SEED_TABLE');
  const client = createDocumentClient(localDynamoClientConfig(endpoint));
  await seed(client, tableName, Number(process.env.BENCH_SEED_COUNT ?? DEFAULT_REMINDERS));
  client.destroy();
}

export async function benchReminders(options: {
  dynamodbEndpoint: string;
  /** How many reminders to seed and send (10,000 unless told). */
  count?: number;
}): Promise<Record<string, number | string>> {
  const count = options.count ?? DEFAULT_REMINDERS;
  const config = await benchConfig(options.dynamodbEndpoint);
  const tableName = config.TABLE_NAME;
  const client = createDocumentClient(localDynamoClientConfig(options.dynamodbEndpoint));
  // In its own process: the RSS and event loop measured here are the sender's alone.
  const fake = await startFakeTwilioProcess({ latencyMs: 100, mps: 100 });

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);

  try {
    // Seeding is the bench's setup, not the sender: it runs in a child process so its
    // garbage does not count towards (or enlarge the heap of) the process measured here.
    const seedStarted = performance.now();
    await seedInChildProcess(options.dynamodbEndpoint, tableName, count);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const deps = {
      reminders: makeDynamoReminderStore(client, tableName),
      people: makeDynamoPeopleReader(client, tableName),
      marks: makeDynamoSubscriberMarks(client, tableName),
      messenger: makeTwilioMessenger({
        accountSid: fake.accountSid,
        authToken: async () => fake.authToken,
        sender: { from: '+15005550006' },
        baseUrl: fake.baseUrl,
        timeoutMs: 1000,
        // As deployed (buildReminderDeps): a timeout that lets go of each request when it ends.
        fetch: makeTimedFetch(DEFAULT_SWEEP_SETTINGS.sendTimeoutMs),
        validityPeriodSeconds: 3_600,
      }),
      content: bundledContent(),
      settings: { ...DEFAULT_SWEEP_SETTINGS, statusCallbackUrl: 'https://bench.example.org/sms/status' },
      logger: quiet,
    };

    const summaries: SweepSummary[] = [];
    const started = performance.now();
    for (let run = 0; run < MAX_SWEEPS; run++) {
      const deadline = Date.now() + LAMBDA_BUDGET_MS;
      const asOf = new Date(SWEEP_AT.getTime() + (performance.now() - started));
      const summary = await sweepReminders(deps, { asOf, remainingMs: () => deadline - Date.now() });
      summaries.push(summary);
      if (summary.found === 0) break;
    }
    const elapsedSeconds = (performance.now() - started) / 1000;

    const stats = await fake.stats();
    const perPhone = new Map<string, number>();
    for (const message of stats.accepted) perPhone.set(message.to, (perPhone.get(message.to) ?? 0) + 1);
    const duplicates = [...perPhone.values()].reduce((sum, sends) => sum + Math.max(0, sends - 1), 0);
    const missed = Array.from({ length: count }, (_, index) => phoneOf(index)).filter(
      (phone) => !perPhone.has(phone),
    ).length;
    const arrivals = stats.accepted.map((message) => message.at);
    const sendingSeconds =
      arrivals.length > 1 ? (Math.max(...arrivals) - Math.min(...arrivals)) / 1000 : Number.NaN;
    const total = (key: 'sent' | 'retries' | 'unconfirmed' | 'failed' | 'released' | 'raced') =>
      summaries.reduce((sum, summary) => sum + summary[key], 0);

    return {
      reminders: count,
      sent: total('sent'),
      'messages/s sustained': round(stats.accepted.length / sendingSeconds, 1),
      'messages/s overall': round(total('sent') / elapsedSeconds, 1),
      duplicates,
      missed,
      retries: total('retries'),
      'twilio 429 answers': stats.answers['429'] ?? 0,
      'released for next sweep': total('released'),
      unconfirmed: total('unconfirmed'),
      failed: total('failed'),
      sweeps: summaries.length,
      'sweep seconds': round(elapsedSeconds, 1),
      'seed seconds': round(seedSeconds, 1),
      'peak RSS MB': round(peakRss / 1024 / 1024, 1),
      'fake Twilio': '100 ms latency, 100 MPS (burst 10), 429 / 20429 above',
      sender: `concurrency ${DEFAULT_SWEEP_SETTINGS.concurrency}, ceiling ${DEFAULT_SWEEP_SETTINGS.messagesPerSecond} MPS`,
    };
  } finally {
    clearInterval(sampler);
    await fake.close();
    client.destroy();
  }
}
