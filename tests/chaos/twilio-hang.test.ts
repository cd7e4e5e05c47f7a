import { afterEach, describe, expect, it } from 'vitest';
import { type ReminderRig, startReminderRig, TEST_SWEEP_SETTINGS } from '../integration/reminders-harness.js';

/**
 * Twilio's REST API hanging in the middle of a reminder sweep (it takes requests and never
 * answers, as an overloaded or partitioned endpoint does). Everyone has a reminder due.
 */
const BOOKED = new Date('2026-11-20T12:00:00Z');
const DUE = new Date('2026-11-28T10:02:00Z');
const SEND_TIMEOUT_MS = 400;
const ACCEPTED_BEFORE_HANG = 12;

let rig: ReminderRig | undefined;
afterEach(() => rig?.close());

describe('chaos: Twilio REST hangs during a sweep', () => {
  it('the sweep ends in time, sends nothing twice, and leaves every reminder not in flight for the next sweep', async () => {
    let hanging = false;
    let accepted = 0;
    rig = await startReminderRig(
      {
        fault: () => {
          if (hanging) return 'timeout';
          accepted++;
          if (accepted >= ACCEPTED_BEFORE_HANG) hanging = true;
          return undefined;
        },
      },
      { sendTimeoutMs: SEND_TIMEOUT_MS },
    );
    const numbers = Array.from({ length: 60 }, (_, index) => `+4474009${String(index).padStart(5, '0')}`);
    for (let start = 0; start < numbers.length; start += 10) {
      await Promise.all(
        numbers
          .slice(start, start + 10)
          .map((phone) => rig?.seedBooked(phone, '2026-12-12T10:30', 'Europe/London', BOOKED)),
      );
    }

    const started = performance.now();
    const during = await rig.sweep(DUE);
    const tookMs = performance.now() - started;
    // In time: one send timeout after the hang, not one per reminder left.
    expect(tookMs).toBeLessThan(SEND_TIMEOUT_MS * 4 + 2_000);
    expect(during.stoppedEarly).toBe(true);
    // At most the sends in flight when it hung are unconfirmed (never resent: maybe delivered).
    expect(during.unconfirmed).toBeGreaterThan(0);
    expect(during.unconfirmed).toBeLessThanOrEqual(TEST_SWEEP_SETTINGS.concurrency);
    expect(during.sent).toBe(rig.fake.accepted.length);

    // Twilio answers again: the next sweep sends every reminder that was not in flight.
    hanging = false;
    accepted = -1_000;
    const after = await rig.sweep(new Date(DUE.getTime() + 10 * 60_000));
    const per = numbers.map(
      (phone) => rig?.fake.accepted.filter((message) => message.to === phone).length ?? 0,
    );
    expect(Math.max(...per)).toBe(1);
    expect(during.sent + after.sent + during.unconfirmed).toBe(numbers.length);
    expect(per.filter((count) => count === 0)).toHaveLength(during.unconfirmed);
    // The unconfirmed ones were asked of Twilio exactly once.
    const unanswered = numbers.filter((_, index) => per[index] === 0);
    for (const phone of unanswered) {
      expect(rig.fake.requests.filter((request) => request.to === phone)).toHaveLength(1);
    }
  }, 60_000);
});
