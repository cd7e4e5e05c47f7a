import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../functions/adapters/logging.js';
import type {
  PeopleReader,
  ReminderRecord,
  ReminderStore,
  SubscriberMarks,
} from '../../functions/core/reminder-ports.js';
import { type SweepSummary, sweepReminders } from '../../functions/reminders/sweep.js';
import type { FakeTwilioOptions } from '../fakes/fake-twilio-api.js';
import { type ReminderRig, startReminderRig } from './reminders-harness.js';

/**
 * A store call that throws (a throttled read, a timed-out write) costs the row it was for,
 * never the sweep: the other rows are still sent, the error is counted in the summary and
 * logged by name only, and the summary is still logged. Faults are injected by wrapping the
 * real DynamoDB stores. Same appointment as reminders-delivery: the 14-day reminder is due
 * 28 Nov 2026 10:00 UTC.
 */

const BOOKED = new Date('2026-11-20T12:00:00Z');
const DUE = new Date('2026-11-28T10:02:00Z');
const LEASE_LATER = new Date(DUE.getTime() + 5 * 60_000);

let rig: ReminderRig;
async function start(twilio: FakeTwilioOptions = {}) {
  rig = await startReminderRig(twilio);
  return rig;
}
afterEach(() => rig?.close());

const phones = (count: number, first = 0) =>
  Array.from({ length: count }, (_, index) => `+4474002${String(first + index).padStart(5, '0')}`);

async function seed(numbers: string[]) {
  await Promise.all(
    numbers.map((phone) => rig.seedBooked(phone, '2026-12-12T10:30', 'Europe/London', BOOKED)),
  );
}

const acceptedPer = (numbers: string[]) =>
  numbers.map((phone) => rig.fake.accepted.filter((message) => message.to === phone).length);

/** A logger that keeps every line, to check what was logged (and that no number was). */
function recordingLogger() {
  const lines: { level: string; message: string; extra: unknown[] }[] = [];
  const at =
    (level: string) =>
    (message: string, ...extra: unknown[]) =>
      lines.push({ level, message, extra });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

/** Throws once, the first time `when` holds, then behaves. */
function once<A extends unknown[]>(when: (...args: A) => boolean, error: Error) {
  let thrown = false;
  return (...args: A) => {
    if (thrown || !when(...args)) return;
    thrown = true;
    throw error;
  };
}

function throttled() {
  const error = new Error('Rate of requests exceeds the allowed throughput (+447400200000)');
  error.name = 'ProvisionedThroughputExceededException';
  return error;
}

async function sweepWith(
  overrides: { reminders?: ReminderStore; people?: PeopleReader; marks?: SubscriberMarks },
  logger: Logger,
): Promise<SweepSummary> {
  return sweepReminders(
    { ...rig.sweepDeps({ settings: { concurrency: 4 } }), ...overrides, logger },
    { asOf: DUE, remainingMs: () => 600_000 },
  );
}

function expectSummaryLogged(lines: ReturnType<typeof recordingLogger>['lines'], summary: SweepSummary) {
  const finished = lines.filter((line) => line.message === 'reminder sweep finished');
  expect(finished).toHaveLength(1);
  expect(finished[0]?.extra[0]).toMatchObject({ errors: summary.errors, sent: summary.sent });
}

describe('a store call that throws costs one row, never the sweep', () => {
  it('a claim that throws: the other rows are sent, the error counted and logged by name', async () => {
    await start();
    const numbers = phones(6);
    await seed(numbers);
    const failing = numbers[2] as string;
    const fault = once((row: ReminderRecord) => row.phone === failing, throttled());
    const reminders: ReminderStore = {
      ...rig.reminders,
      claim: async (row, ...rest) => {
        fault(row);
        return rig.reminders.claim(row, ...rest);
      },
    };
    const { logger, lines } = recordingLogger();
    const summary = await sweepWith({ reminders }, logger);

    expect(summary).toMatchObject({ found: 6, sent: 5, errors: 1, raced: 0 });
    expect(acceptedPer(numbers)).toEqual(numbers.map((phone) => (phone === failing ? 0 : 1)));
    expectSummaryLogged(lines, summary);
    const errors = lines.filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extra).toEqual([{ errorName: 'ProvisionedThroughputExceededException' }]);
    expect(JSON.stringify(lines)).not.toMatch(/\+4474002/);

    // The claim never happened, so the row is still pending: the next sweep sends it, once.
    const rerun = await rig.sweep(DUE);
    expect(rerun).toMatchObject({ sent: 1, errors: 0 });
    expect(acceptedPer(numbers)).toEqual(numbers.map(() => 1));
  });

  it('a batch read of the people that throws: its rows wait for the next sweep, nothing unhandled', async () => {
    await start();
    const numbers = phones(5);
    await seed(numbers);
    const fault = once(() => true, throttled());
    const people: PeopleReader = {
      getMany: async (phones) => {
        fault();
        return rig.sweepDeps().people.getMany(phones);
      },
    };
    const { logger, lines } = recordingLogger();
    const summary = await sweepWith({ people }, logger);

    // Every row read in that batch fails with it; later batches read again.
    expect(summary.errors).toBeGreaterThan(0);
    expect(summary.sent + summary.errors).toBe(5);
    expectSummaryLogged(lines, summary);
    const rerun = await rig.sweep(DUE);
    expect(summary.sent + rerun.sent).toBe(5);
    expect(acceptedPer(numbers)).toEqual(numbers.map(() => 1));
  });

  it('a settle that throws after a refusal: the other rows are sent, the refused one never again', async () => {
    const [refused, ...fine] = phones(4);
    // The fake answers any code; its option type names only the codes it was written for.
    await start({ refuse: { [refused as string]: 30003 } });
    await seed([refused, ...fine] as string[]);
    const reminders: ReminderStore = {
      ...rig.reminders,
      settle: async (row, ...rest) => {
        if (row.phone === refused) throw throttled();
        return rig.reminders.settle(row, ...rest);
      },
    };
    const { logger, lines } = recordingLogger();
    const summary = await sweepWith({ reminders }, logger);

    expect(summary).toMatchObject({ sent: 3, failed: 0, errors: 1 });
    expectSummaryLogged(lines, summary);
    // Left claimed: settled unconfirmed after the lease, never handed to Twilio again.
    const afterLease = await rig.sweep(LEASE_LATER);
    expect(afterLease).toMatchObject({ sent: 0, unconfirmed: 1 });
    expect(rig.fake.requests.filter((request) => request.to === refused)).toHaveLength(1);
  });

  it('a mark after 21610 that throws: counted, and the row is still settled as refused', async () => {
    const [unsubscribed, ...fine] = phones(3);
    await start({ refuse: { [unsubscribed as string]: 21610 } });
    await seed([unsubscribed, ...fine] as string[]);
    const marks: SubscriberMarks = {
      markOptedOut: async () => {
        throw throttled();
      },
      markUndeliverable: async () => {},
    };
    const { logger, lines } = recordingLogger();
    const summary = await sweepWith({ marks }, logger);

    expect(summary).toMatchObject({ sent: 2, failed: 1, errors: 1 });
    expect(summary.failedBy).toEqual({ '21610': 1 });
    expectSummaryLogged(lines, summary);
  });

  it('a page of due rows that cannot be read: the rows in hand are finished, the summary logged, then it throws', async () => {
    await start();
    const numbers = phones(3);
    await seed(numbers);
    const reminders: ReminderStore = {
      ...rig.reminders,
      async *due(asOf, since) {
        for await (const page of rig.reminders.due(asOf, since)) yield page;
        throw throttled();
      },
    };
    const { logger, lines } = recordingLogger();
    await expect(sweepWith({ reminders }, logger)).rejects.toThrow(/throughput/);

    expect(acceptedPer(numbers)).toEqual([1, 1, 1]);
    const finished = lines.find((line) => line.message === 'reminder sweep finished');
    expect(finished?.extra[0]).toMatchObject({ found: 3, sent: 3, errors: 1 });
  });
});
