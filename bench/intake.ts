import { performance } from 'node:perf_hooks';
import { WEBHOOK_BOUND_MS } from '../functions/adapters/time-budget.js';
import type { QueuedText } from '../functions/core/intake/intake-ports.js';
import { makeSmsHandler } from '../functions/sms/handler.js';
import { buildSmsDeps } from '../functions/wiring.js';
import { DEV_AUTH_TOKEN, DEV_LINE_NUMBER } from '../infra/local/dev-defaults.js';
import { createLocalApp } from '../infra/local/local-app.js';
import { smsParams } from '../infra/local/twilio-signing.js';
import { startHungStore } from '../tests/fakes/hung-store.js';
import { BENCH_PUBLIC_URL, benchConfig, benchContext, quietLogger, round, signedEvent } from './harness.js';

/**
 * Durable intake, two figures:
 * - the SMS webhook against a hung store (accepts connections, never answers): the slowest
 *   answer of a burst, against the 5 s bound;
 * - the time to drain a backlog of 10,000 queued texts (1,000 numbers, ten each: START,
 *   ticks, topics, an appointment and its YES, a STOP for one in ten) once the store is
 *   back, through the local queue and the same replay as the consumer Lambda, replies
 *   included (to the outbox). Daytime in London, so no reply waits for the morning.
 */
export async function benchIntake(options: {
  dynamodbEndpoint: string;
  texts?: number;
  concurrency?: number;
}) {
  const hung = await hungStoreFigures();

  const total = options.texts ?? 10_000;
  const perNumber = 10;
  const numbers = Math.ceil(total / perNumber);
  const concurrency = options.concurrency ?? 32;
  const config = await benchConfig(options.dynamodbEndpoint);
  const at = new Date('2026-11-23T14:00:00Z');
  // Time moves on from a London afternoon, so a retried message's backoff passes.
  const t0 = Date.now();
  const clock = { now: () => new Date(at.getTime() + (Date.now() - t0)) };
  const app = await createLocalApp({
    config,
    dynamodbEndpoint: options.dynamodbEndpoint,
    logger: quietLogger,
    clock,
    intakeConcurrency: concurrency,
  });
  const script = [
    'START',
    'DONE 1',
    '1',
    'MORE',
    'APPT 15 January 2027 10:30',
    'YES',
    'DONE 2',
    'MENU',
    'HELP',
  ];
  let sid = 0;
  for (let index = 0; index < numbers; index++) {
    const from = `+4474${String(10_000_000 + index).slice(1)}`;
    const last = index % 10 === 0 ? 'STOP' : 'DONE 3';
    for (const body of [...script, last].slice(0, perNumber)) {
      const text: QueuedText = {
        kind: 'text',
        messageSid: `SM${(++sid).toString(16).padStart(32, '0')}`,
        from,
        body,
        receivedAt: at.toISOString(),
        language: 'en',
        alreadySent: [],
      };
      await app.intake.intake.enqueue(text);
    }
  }
  const started = performance.now();
  let drains = 0;
  while (app.intake.depth() > 0 && drains < 10_000) {
    const summary = await app.intake.drain();
    drains++;
    // Only failed messages wait (their backoff); give them a moment rather than spinning.
    if (summary.processed === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  const consumed = app.intake.consumed();
  app.close();
  return {
    ...hung,
    'backlog texts': total,
    'backlog numbers': numbers,
    'consumer concurrency (groups)': concurrency,
    'drain seconds': round(seconds, 1),
    'texts/s replayed': round(consumed.filter((message) => message.kind === 'text').length / seconds, 0),
    'late answers handled (sent or dropped: opted out)': consumed.filter(
      (message) => message.kind === 'reply',
    ).length,
    'left waiting': app.intake.depth(),
    'dead letters': app.intake.deadLetters().length,
  };
}

async function hungStoreFigures() {
  const hung = await startHungStore();
  try {
    const env = {
      TABLE_NAME: 'bench-hung',
      PUBLIC_URL: BENCH_PUBLIC_URL,
      TWILIO_AUTH_TOKEN: DEV_AUTH_TOKEN,
      DYNAMODB_ENDPOINT: hung.endpoint,
    };
    const deps = buildSmsDeps(env, deployedClientAt(hung.endpoint));
    const queued: unknown[] = [];
    const handler = makeSmsHandler({
      ...deps,
      logger: quietLogger,
      intake: { enqueue: async (message) => void queued.push(message) },
    });
    const bodies = ['STOP', 'HELP', 'please stop texting me', 'DONE 2', 'what should I ask', 'I want to die'];
    const latencies = await Promise.all(
      Array.from({ length: 60 }, async (_, index) => {
        const from = `+1202555${String(2000 + index).padStart(4, '0')}`;
        const body = bodies[index % bodies.length] ?? 'HELP';
        const t0 = performance.now();
        await handler(signedEvent('/sms', smsParams({ from, to: DEV_LINE_NUMBER, body })), benchContext);
        return performance.now() - t0;
      }),
    );
    deps.documentClient.destroy();
    return {
      'hung store: texts': latencies.length,
      'hung store: slowest answer ms': round(Math.max(...latencies), 0),
      'hung store: bound ms': WEBHOOK_BOUND_MS,
      'hung store: queued': queued.length,
    };
  } finally {
    await hung.close();
  }
}

/** The deployed client settings (wiring.ts, time-budget.ts) pointed at `endpoint`, with dummy credentials. */
function deployedClientAt(endpoint: string) {
  return { endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}
