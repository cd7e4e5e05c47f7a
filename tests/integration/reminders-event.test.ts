import { afterEach, describe, expect, it } from 'vitest';
import { BadSweepEventError, makeReminderHandler } from '../../functions/reminders/handler.js';
import { type ReminderRig, startReminderRig } from './reminders-harness.js';

let rig: ReminderRig;
afterEach(() => rig?.close());

/** A hand-made sweep event with a bad `at` is refused by name, and nothing is sent. */
describe('the sweep event', () => {
  it.each(['yesterday', '2026-02-30T10:00:00Z', '2026-11-28 10:02:00Z', 42])(
    'refuses at=%s instead of sweeping as of now',
    async (at) => {
      rig = await startReminderRig();
      await rig.seedBooked(
        '+447400123456',
        '2026-12-12T10:30',
        'Europe/London',
        new Date('2026-11-20T12:00:00Z'),
      );
      const handler = makeReminderHandler({
        ...rig.sweepDeps(),
        // "Now" is when the reminder is due: sweeping as of now would send it.
        clock: { now: () => new Date('2026-11-28T10:02:00Z') },
      });
      const context = { awsRequestId: 'request-1', getRemainingTimeInMillis: () => 600_000 };
      await expect(handler({ at }, context)).rejects.toThrow(BadSweepEventError);
      await expect(handler({ at }, context)).rejects.toThrow(/at: /);
      expect(rig.fake.accepted).toEqual([]);
      expect(await handler({}, context)).toMatchObject({ sent: 1 });
    },
  );
});
