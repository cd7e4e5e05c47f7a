import { afterEach, describe, expect, it } from 'vitest';
import type { Messenger, OutboundSms } from '../../functions/core/ports.js';
import { makeReminderHandler } from '../../functions/reminders/handler.js';
import type { FakeTwilioOptions } from '../fakes/fake-twilio-api.js';
import { type ReminderRig, startReminderRig } from './reminders-harness.js';

/**
 * The sender against DynamoDB Local and the fake Twilio API: each reminder at most once
 * under racing sweeps, crashes, retries and refusals. Every person here has an appointment
 * on Sat 12 Dec 2026 10:30 London, so their 14-day reminder is due 28 Nov 10:00 UTC.
 */

const BOOKED = new Date('2026-11-20T12:00:00Z');
const DUE = new Date('2026-11-28T10:02:00Z');
const LEASE_LATER = new Date(DUE.getTime() + 5 * 60_000);

let rig: ReminderRig;
async function start(twilio: FakeTwilioOptions = {}, options: { sendTimeoutMs?: number } = {}) {
  rig = await startReminderRig(twilio, options);
  return rig;
}
afterEach(() => rig?.close());

const phones = (count: number, first = 0) =>
  Array.from({ length: count }, (_, index) => `+4474001${String(first + index).padStart(5, '0')}`);

async function seed(numbers: string[]) {
  for (let start = 0; start < numbers.length; start += 8) {
    await Promise.all(
      numbers
        .slice(start, start + 8)
        .map((phone) => rig.seedBooked(phone, '2026-12-12T10:30', 'Europe/London', BOOKED)),
    );
  }
}

/** Texts the fake accepted for each number (only the 14-day reminder is due in these tests). */
function acceptedPer(numbers: string[]) {
  return numbers.map((phone) => rig.fake.accepted.filter((message) => message.to === phone).length);
}

/** A messenger that forwards to the real one until a test decides otherwise. */
function wrap(
  inner: Messenger,
  decide: (call: number, message: OutboundSms) => 'forward' | 'throw' | 'hang' | 'forward-then-hang',
) {
  let calls = 0;
  const messenger: Messenger = {
    async send(message) {
      calls++;
      const decision = decide(calls, message);
      if (decision === 'throw') throw new Error('simulated crash before the request');
      if (decision === 'hang') return new Promise(() => {});
      const result = await inner.send(message);
      if (decision === 'forward-then-hang') return new Promise(() => {});
      return result;
    },
  };
  return messenger;
}

describe('at most once', () => {
  it('two sweeps at the same time send each reminder once', async () => {
    await start({ latencyMs: 15 });
    const numbers = phones(24);
    await seed(numbers);
    const [a, b] = await Promise.all([
      rig.sweep(DUE, { sweepId: 'sweep-a' }),
      rig.sweep(DUE, { sweepId: 'sweep-b' }),
    ]);
    expect(acceptedPer(numbers)).toEqual(numbers.map(() => 1));
    expect(a.sent + b.sent).toBe(24);
    expect(a.raced + b.raced).toBeGreaterThan(0);
    const again = await rig.sweep(LEASE_LATER);
    expect(again.sent).toBe(0);
  });

  it('a sweep retried after it finished sends nothing again', async () => {
    await start();
    const numbers = phones(5);
    await seed(numbers);
    expect((await rig.sweep(DUE)).sent).toBe(5);
    expect((await rig.sweep(DUE)).sent).toBe(0);
    expect(acceptedPer(numbers)).toEqual([1, 1, 1, 1, 1]);
  });

  it('crash after N sends (the messenger fails before the next request), then a rerun: no duplicates, nothing missed', async () => {
    await start();
    const numbers = phones(30);
    await seed(numbers);
    const crashing = wrap(rig.messenger, (call) => (call > 10 ? 'throw' : 'forward'));
    const crashed = await rig.sweep(DUE, { messenger: crashing, settings: { concurrency: 4 } });
    expect(crashed.sent).toBe(10);
    expect(crashed.stoppedEarly).toBe(true);
    const rerun = await rig.sweep(DUE);
    expect(crashed.sent + rerun.sent).toBe(30);
    expect(acceptedPer(numbers)).toEqual(numbers.map(() => 1));
  });

  it('crash after N sends while Twilio has the next one but its SID is not recorded: never resent', async () => {
    await start();
    const numbers = phones(12);
    await seed(numbers);
    // The 6th text reaches Twilio, then the process dies before recording it (the one window).
    const dying = wrap(rig.messenger, (call) =>
      call < 6 ? 'forward' : call === 6 ? 'forward-then-hang' : 'hang',
    );
    void rig.sweep(DUE, { messenger: dying, settings: { concurrency: 1 } });
    await waitFor(() => rig.fake.accepted.length === 6);

    // A rerun inside the lease leaves the claimed row alone and sends the rest.
    const rerun = await rig.sweep(new Date(DUE.getTime() + 10_000));
    expect(rerun.sent).toBe(6);
    // After the lease, the abandoned claim is settled as unconfirmed, not sent again.
    const afterLease = await rig.sweep(LEASE_LATER);
    expect(afterLease.unconfirmed).toBe(1);
    expect(afterLease.sent).toBe(0);
    expect(acceptedPer(numbers)).toEqual(numbers.map(() => 1));
  });

  it('bounds the loss of a crash in that window to the reminders in flight, never a duplicate', async () => {
    await start();
    const numbers = phones(20);
    await seed(numbers);
    const frozen = wrap(rig.messenger, (call) => (call <= 8 ? 'forward' : 'hang'));
    void rig.sweep(DUE, { messenger: frozen, settings: { concurrency: 4 } });
    await waitFor(() => rig.fake.accepted.length === 8);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const rerun = await rig.sweep(LEASE_LATER);
    expect(rerun.unconfirmed).toBe(4);
    expect(rerun.sent).toBe(8);
    const counts = acceptedPer(numbers);
    expect(Math.max(...counts)).toBe(1);
    expect(counts.filter((count) => count === 0)).toHaveLength(4);
  });

  it('stops claiming before the time runs out and leaves the rest for the next run', async () => {
    await start();
    const numbers = phones(20);
    await seed(numbers);
    const budget = { sends: 0 };
    const counting = wrap(rig.messenger, () => {
      budget.sends++;
      return 'forward';
    });
    const first = await rig.sweep(DUE, {
      messenger: counting,
      settings: { concurrency: 2 },
      remainingMs: () => (budget.sends >= 5 ? 30_000 : 600_000),
    });
    expect(first.stoppedEarly).toBe(true);
    expect(first.sent).toBeGreaterThanOrEqual(5);
    expect(first.sent).toBeLessThan(20);
    expect(first.leftForNextRun).toBeGreaterThan(0);
    const second = await rig.sweep(DUE);
    expect(first.sent + second.sent).toBe(20);
    expect(acceptedPer(numbers)).toEqual(numbers.map(() => 1));
  });
});

describe('the Lambda handler', () => {
  it('sweeps as of the event time (or now) and stops claiming when the invocation runs short', async () => {
    await start();
    const numbers = phones(6);
    await seed(numbers);
    let remaining = 600_000;
    const handler = makeReminderHandler({
      ...rig.sweepDeps({ settings: { concurrency: 1 } }),
      clock: { now: () => new Date('2026-11-28T09:00:00Z') },
    });
    const context = { awsRequestId: 'request-1', getRemainingTimeInMillis: () => remaining };
    // A scheduled event has no `at`: the clock's now, before anything is due.
    expect(await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, context)).toMatchObject({
      sent: 0,
    });
    const messenger = wrap(rig.messenger, (call) => {
      if (call === 2) remaining = 10_000;
      return 'forward';
    });
    const stopped = await makeReminderHandler({
      ...rig.sweepDeps({ messenger, settings: { concurrency: 1 } }),
      clock: { now: () => DUE },
    })({ at: DUE.toISOString() }, context);
    expect(stopped).toMatchObject({ sweepId: 'request-1', sent: 2, stoppedEarly: true });
    remaining = 600_000;
    expect(await handler({ at: DUE.toISOString() }, context)).toMatchObject({ sent: 4 });
  });
});

describe('retries and refusals', () => {
  it('retries 429 (20429) and 500 with backoff, then sends once', async () => {
    const attempts = new Map<string, number>();
    await start({
      fault: (request) => {
        const seen = (attempts.get(request.to) ?? 0) + 1;
        attempts.set(request.to, seen);
        return seen === 1 ? '429' : seen === 2 ? '500' : undefined;
      },
    });
    const numbers = phones(10);
    await seed(numbers);
    const summary = await rig.sweep(DUE);
    expect(summary.sent).toBe(10);
    expect(summary.retries).toBe(20);
    expect(rig.fake.answers).toMatchObject({ '429': 10, '500': 10, '201': 10 });
    expect(acceptedPer(numbers)).toEqual(numbers.map(() => 1));
  });

  it('gives a claim back when 429s outlast its attempts, and the next sweep sends it', async () => {
    let failing = true;
    await start({ fault: () => (failing ? '429' : undefined) });
    const [phone] = phones(1);
    await seed([phone as string]);
    const first = await rig.sweep(DUE, { settings: { maxAttempts: 3 } });
    expect(first).toMatchObject({ sent: 0, retries: 2, released: 1 });
    expect((await rig.rows(phone as string))[0]).toMatchObject({ state: 'pending', attempts: 1 });
    failing = false;
    const second = await rig.sweep(new Date(DUE.getTime() + 60_000));
    expect(second.sent).toBe(1);
    expect(acceptedPer([phone as string])).toEqual([1]);
  });

  it('holds to a messages-per-second limit: 429s above it are retried, nothing twice', async () => {
    await start({ mps: 40, burst: 4 });
    const numbers = phones(40);
    await seed(numbers);
    let total = 0;
    for (let run = 0; run < 5 && total < 40; run++) {
      total += (
        await rig.sweep(new Date(DUE.getTime() + run * 60_000), { settings: { messagesPerSecond: 400 } })
      ).sent;
    }
    expect(rig.fake.answers['429']).toBeGreaterThan(0);
    expect(acceptedPer(numbers)).toEqual(numbers.map(() => 1));
  });

  it('a request without an answer (timeout) is never retried: unconfirmed', async () => {
    const [slow, fine] = phones(2);
    await start(
      { fault: (request) => (request.to === slow ? 'timeout' : undefined) },
      { sendTimeoutMs: 300 },
    );
    await seed([slow as string, fine as string]);
    const summary = await rig.sweep(DUE);
    expect(summary).toMatchObject({ sent: 1, unconfirmed: 1, retries: 0 });
    expect((await rig.rows(slow as string))[0]).toMatchObject({
      state: 'unconfirmed',
      reason: 'TimeoutError',
    });
    await rig.sweep(LEASE_LATER);
    expect(rig.fake.requests.filter((request) => request.to === slow)).toHaveLength(1);
  });

  it('21610 marks the person opted out; 21211, 21614 and 21612 mark the number; 21408 (account setting) marks nothing; none is retried', async () => {
    const [unsubscribed, invalid, landline, region, unreachable, fine] = phones(6);
    await start({
      refuse: {
        [unsubscribed as string]: 21610,
        [invalid as string]: 21211,
        [landline as string]: 21614,
        [region as string]: 21408,
        [unreachable as string]: 21612,
      },
    });
    await seed([unsubscribed, invalid, landline, region, unreachable, fine] as string[]);
    const summary = await rig.sweep(DUE);
    expect(summary).toMatchObject({ sent: 1, failed: 5, retries: 0, errors: 0 });
    expect(summary.failedBy).toEqual({ '21610': 1, '21211': 1, '21614': 1, '21408': 1, '21612': 1 });

    const person = async (phone: string | undefined) =>
      (await rig.subscribers.get(phone as string))?.subscriber;
    expect((await person(unsubscribed))?.status).toBe('opted-out');
    expect((await person(unsubscribed))?.consent.at(-1)).toMatchObject({
      action: 'opt-out',
      keyword: 'TWILIO-21610',
    });
    expect((await person(invalid))?.undeliverable?.code).toBe(21211);
    expect((await person(landline))?.undeliverable?.code).toBe(21614);
    expect((await person(region))?.undeliverable).toBeUndefined();
    expect((await person(unreachable))?.undeliverable?.code).toBe(21612);

    // Their next reminders are skipped at send time, without asking Twilio again.
    const requestsBefore = rig.fake.requests.length;
    const next = await rig.sweep(new Date('2026-12-05T10:02:00Z'));
    expect(next.skippedBy).toEqual({ 'opted-out': 1, undeliverable: 3 });
    // The fine number, and the 21408 one: its next reminder is tried (and refused) again.
    expect(rig.fake.requests.length - requestsBefore).toBe(2);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
