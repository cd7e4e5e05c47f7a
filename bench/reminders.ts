/**
 * Reminder sender throughput: 10,000 reminders due at once, swept against DynamoDB Local
 * and the fake Twilio API (100 ms per answer, 100 messages a second, 429 / 20429 above it),
 * with the deployed defaults (32 at once, 100 MPS ceiling, full-jitter backoff).
 * Targets: at least 95 messages/s, 0 duplicates, 0 missed, peak RSS under 256 MB.
 *
 * Three processes, so each figure is the sender's own: the seeding (setup) and the fake
 * Twilio API run apart, and the sender runs as deployed, an esbuild bundle under plain
 * `node` (reminders-sender.ts), sampling its own RSS.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { createDocumentClient } from '../functions/adapters/dynamodb/client.js';
import { scheduleWrites } from '../functions/adapters/dynamodb/reminder-store.js';
import { SUBSCRIBER_RETENTION_DAYS } from '../functions/adapters/dynamodb/subscriber-store.js';
import { subscriberKey } from '../functions/adapters/dynamodb/table.js';
import { DEFAULT_REMINDER_SETTINGS, planReminders } from '../functions/core/reminder-plan.js';
import type { Subscriber } from '../functions/core/subscriber.js';
import { defaultSweepSettings } from '../functions/reminders/settings.js';
import { lambdaEsbuildOptions } from '../infra/cdk/constructs/bundling.js';
import { localDynamoClientConfig } from '../infra/local/dynamodb-local.js';
import { startFakeTwilioProcess } from '../tests/fakes/fake-twilio-process.js';
import { benchConfig, round } from './harness.js';
import type { SenderResult } from './reminders-sender.js';

const DEFAULT_REMINDERS = 10_000;

type Bound = 'at least' | 'at most' | 'under';
/** The targets (above): the sustained rate is against the sender's 100 MPS ceiling. */
export const REMINDER_TARGETS: Record<string, [Bound, number]> = {
  'messages/s sustained': ['at least', 95],
  duplicates: ['at most', 0],
  missed: ['at most', 0],
  'peak RSS MB': ['under', 256],
};

function meets(value: number | string, [bound, limit]: [Bound, number]): boolean {
  if (typeof value !== 'number' || Number.isNaN(value)) return false;
  return bound === 'at least' ? value >= limit : bound === 'at most' ? value <= limit : value < limit;
}

/** The figures, each one with a target followed by the target and a yes/NO verdict (as cold-start.ts). */
export function withTargets(figures: Record<string, number | string>): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [name, value] of Object.entries(figures)) {
    out[name] = value;
    const target = REMINDER_TARGETS[name];
    if (target === undefined) continue;
    out[`${name} target`] = target.join(' ');
    out[`${name} on target`] = meets(value, target) ? 'yes' : 'NO';
  }
  const unmeasured = Object.keys(REMINDER_TARGETS).filter((name) => !(name in figures));
  if (unmeasured.length > 0) throw new Error(`no figure for the target: ${unmeasured.join(', ')}`);
  return out;
}

const BOOKED_AT = new Date('2026-11-20T12:00:00Z');
/** Every seeded person's 14-day reminder is due 28 Nov 10:00 UTC (10:00 in London). */
const SWEEP_AT = new Date('2026-11-28T10:01:00Z');
const APPOINTMENT = { local: '2026-12-12T10:30', zone: 'Europe/London', at: '2026-12-12T10:30:00.000Z' };

const phoneOf = (index: number) => `+4474${String(index).padStart(8, '0')}`;

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
    expiresAt: Math.floor(BOOKED_AT.getTime() / 1000) + SUBSCRIBER_RETENTION_DAYS * 86_400,
  };
  const rows = scheduleWrites(person, id, tableName).flatMap((write) =>
    write.Put === undefined ? [] : [write.Put.Item],
  );
  return [item, ...rows];
}

/**
 * Writes the people and their rows with BatchWrite (12 people, 24 items, a request; a few
 * requests at a time), building each batch only when it is sent.
 */
async function seed(client: DynamoDBDocumentClient, tableName: string, count: number) {
  const perBatch = 12;
  let next = 0;
  const worker = async () => {
    for (let first = next; first < count; first = next) {
      next += perBatch;
      const items: Record<string, unknown>[] = [];
      for (let index = first; index < Math.min(count, first + perBatch); index++) {
        items.push(...bookedPerson(index, tableName));
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

/** Runs a TypeScript or JavaScript file with `node` (TypeScript through tsx), waiting for it to end. */
async function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${args.at(-1)} failed (exit code ${code})`);
  return output;
}

/** Bundles reminders-sender.ts as CDK bundles the Lambdas, runs it, and reads its RESULT line. */
async function runSender(env: Record<string, string>): Promise<SenderResult> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-reminders-'));
  try {
    const outfile = join(dir, 'sender.mjs');
    await build({ ...lambdaEsbuildOptions('bench/reminders-sender.ts', outfile), sourcemap: false });
    const output = await runNode([outfile], env);
    const line = output.split('\n').find((text) => text.startsWith('RESULT '));
    if (line === undefined) throw new Error('the sender printed no RESULT');
    return JSON.parse(line.slice('RESULT '.length)) as SenderResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchReminders(options: {
  dynamodbEndpoint: string;
  /** How many reminders to seed and send (10,000 unless told). */
  count?: number;
}): Promise<Record<string, number | string>> {
  const count = options.count ?? DEFAULT_REMINDERS;
  const config = await benchConfig(options.dynamodbEndpoint);
  const tableName = config.TABLE_NAME;
  const fake = await startFakeTwilioProcess({ latencyMs: 100, mps: 100 });
  try {
    const seedStarted = performance.now();
    await runNode(['--import', 'tsx', fileURLToPath(import.meta.url)], {
      BENCH_SEED_ENDPOINT: options.dynamodbEndpoint,
      BENCH_SEED_TABLE: tableName,
      BENCH_SEED_COUNT: String(count),
    });
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const { summaries, elapsedSeconds, peakRss } = await runSender({
      BENCH_ENDPOINT: options.dynamodbEndpoint,
      BENCH_TABLE: tableName,
      BENCH_TWILIO_URL: fake.baseUrl,
      BENCH_TWILIO_ACCOUNT: fake.accountSid,
      BENCH_TWILIO_TOKEN: fake.authToken,
      BENCH_SWEEP_AT: SWEEP_AT.toISOString(),
    });

    const stats = await fake.stats();
    const perPhone = new Map<string, number>();
    for (const message of stats.accepted) perPhone.set(message.to, (perPhone.get(message.to) ?? 0) + 1);
    const duplicates = [...perPhone.values()].reduce((sum, sends) => sum + Math.max(0, sends - 1), 0);
    let missed = 0;
    for (let index = 0; index < count; index++) if (!perPhone.has(phoneOf(index))) missed++;
    const arrivals = stats.accepted.map((message) => message.at);
    const sendingSeconds =
      arrivals.length > 1 ? (Math.max(...arrivals) - Math.min(...arrivals)) / 1000 : Number.NaN;
    const total = (key: 'sent' | 'retries' | 'unconfirmed' | 'failed' | 'released') =>
      summaries.reduce((sum, summary) => sum + summary[key], 0);

    return withTargets({
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
      sender: `bundled, concurrency ${defaultSweepSettings().concurrency}, ceiling ${defaultSweepSettings().messagesPerSecond} MPS`,
    });
  } finally {
    await fake.close();
  }
}

// The seeding child: `node --import tsx bench/reminders.ts` with BENCH_SEED_* set.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const endpoint = process.env.BENCH_SEED_ENDPOINT;
  const tableName = process.env.BENCH_SEED_TABLE;
  if (endpoint === undefined || tableName === undefined) {
    throw new Error('BENCH_SEED_ENDPOINT and BENCH_SEED_TABLE are required');
  }
  const client = createDocumentClient(localDynamoClientConfig(endpoint));
  await seed(client, tableName, Number(process.env.BENCH_SEED_COUNT ?? DEFAULT_REMINDERS));
  client.destroy();
}
