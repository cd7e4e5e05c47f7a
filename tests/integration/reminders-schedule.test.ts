import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINE_NUMBER, type ReminderRig, startReminderRig } from './reminders-harness.js';

/**
 * Booking by text through the real SMS use case, then sweeps "as of" chosen instants:
 * nothing before a reminder is due, exactly it just after, at 10:00 on the person's wall
 * clock across DST changes, and nothing for plans that STOP, CANCEL APPT or a new date replaced.
 */

let rig: ReminderRig;
beforeAll(async () => {
  rig = await startReminderRig();
});
afterAll(() => rig.close());

const at = (iso: string) => new Date(iso);
const minutes = (instant: Date, delta: number) => new Date(instant.getTime() + delta * 60_000);

async function book(phone: string, appointment: string, now: Date) {
  await rig.text(phone, 'START', now);
  const asked = await rig.text(phone, appointment, minutes(now, 1));
  const confirmed = await rig.text(phone, 'YES', minutes(now, 2));
  return { asked, confirmed };
}

/**
 * Sweeps just before and just after each expected instant: the "before" sweep must send
 * nothing to this person, the "after" one exactly one text. Returns the texts, in order.
 */
async function expectSendsAt(phone: string, instants: string[]) {
  const bodies: string[] = [];
  for (const iso of instants) {
    const due = at(iso);
    const sentTo = () => rig.fake.accepted.filter((message) => message.to === phone).length;
    const before = sentTo();
    await rig.sweep(minutes(due, -5));
    expect(sentTo(), `nothing before ${iso}`).toBe(before);
    await rig.sweep(minutes(due, 2));
    expect(sentTo(), `one text after ${iso}`).toBe(before + 1);
    bodies.push(rig.fake.accepted.filter((message) => message.to === phone).at(-1)?.body ?? '');
  }
  return bodies;
}

describe('booked by text, reminded at 10:00 local', () => {
  const phone = '+447400123456';

  it('sends 14, 7, 3 and 1 days before and the follow-up, each naming what is left', async () => {
    const { asked, confirmed } = await book(
      phone,
      'my appointment is on 12 Dec at 10:30',
      at('2026-11-20T12:00:00Z'),
    );
    expect(asked[0]).toContain('Sat 12 Dec, 10:30 (UK time)');
    expect(confirmed[0]).toContain('set for Sat 12 Dec, 10:30');
    expect(await rig.rows(phone)).toHaveLength(5);

    const [d14, d7] = await expectSendsAt(phone, ['2026-11-28T10:00:00Z', '2026-12-05T10:00:00Z']);
    expect(d14).toContain(
      'your appointment is Sat 12 Dec, 10:30, in 14 days. Still to get (3 left): 1 Test results,',
    );
    expect(d7).toContain('in 7 days. Still to get (3 left)');

    await rig.text(phone, 'DONE 1 2', at('2026-12-06T12:00:00Z'));
    const [d3, d1, followUp] = await expectSendsAt(phone, [
      '2026-12-09T10:00:00Z',
      '2026-12-11T10:00:00Z',
      '2026-12-13T10:00:00Z',
    ]);
    expect(d3).toContain('in 3 days. Still to get (1 left): 3 Your questions, written down.');
    expect(d1).toContain('Sat 12 Dec, 10:30, tomorrow.');
    expect(followUp).toMatch(/^Second Opinion Line: how did it go\? Your own doctor or care team can help/);

    // Nothing more, ever: every row is settled and out of the index.
    const later = await rig.sweep(at('2026-12-20T10:00:00Z'));
    expect(later.found).toBe(0);
    const rows = await rig.rows(phone);
    expect(rows.map((row) => row.state)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect(rows.every((row) => row.gsi1pk === undefined && typeof row.sid === 'string')).toBe(true);
  });

  it('sent them through the Messages API as Twilio expects them', () => {
    const message = rig.fake.accepted.find((m) => m.to === phone);
    expect(message).toMatchObject({
      to: phone,
      from: LINE_NUMBER,
      statusCallback: 'https://line.example.org/sms/status',
      validityPeriod: '3600',
    });
  });
});

describe('changes before a reminder is due', () => {
  it('STOP between booking and a due reminder: nothing is sent, the rows are gone', async () => {
    const phone = '+447400123457';
    await book(phone, 'APPT 12 Dec 10:30', at('2026-11-20T12:00:00Z'));
    await rig.text(phone, 'STOP', at('2026-11-27T18:00:00Z'));
    expect(await rig.rows(phone)).toEqual([]);
    const summary = await rig.sweep(at('2026-11-28T10:02:00Z'));
    expect(rig.fake.accepted.filter((m) => m.to === phone)).toEqual([]);
    expect(summary.sent).toBe(0);
  });

  it('an opt-out the rows did not hear about (Twilio 21610 elsewhere) is re-checked at send time', async () => {
    const phone = '+447400123458';
    await book(phone, 'APPT 12 Dec 10:30', at('2026-11-20T12:00:00Z'));
    const { makeDynamoSubscriberMarks } = await import(
      '../../functions/adapters/dynamodb/subscriber-store.js'
    );
    await makeDynamoSubscriberMarks(rig.client, rig.tableName).markOptedOut(phone, {
      at: '2026-11-27T18:00:00.000Z',
      action: 'opt-out',
      keyword: 'TWILIO-21610',
      channel: 'sms',
      sid: 'test',
    });
    expect(await rig.rows(phone)).toHaveLength(5);
    // The mark keeps only what an opt-out needs, as a STOP by text does.
    const { Item } = await rig.client.send(
      new GetCommand({ TableName: rig.tableName, Key: { pk: `PHONE#${phone}`, sk: 'PROFILE' } }),
    );
    expect(Object.keys(Item ?? {}).sort()).toEqual(
      ['pk', 'sk', 'phone', 'status', 'consent', 'updatedAt', 'version', 'expiresAt'].sort(),
    );
    const summary = await rig.sweep(at('2026-11-28T10:02:00Z'));
    expect(summary.skippedBy['opted-out']).toBe(1);
    expect(rig.fake.accepted.filter((m) => m.to === phone)).toEqual([]);
  });

  it('never sends a reminder to a number the line does not text (a UK landline)', async () => {
    const phone = '+442079460123';
    await book(phone, 'APPT 12 Dec 10:30', at('2026-11-20T12:00:00Z'));
    expect(await rig.rows(phone)).toHaveLength(5);
    const summary = await rig.sweep(at('2026-11-28T10:02:00Z'));
    expect(summary.skippedBy['not-textable']).toBe(1);
    expect(rig.fake.accepted.filter((m) => m.to === phone)).toEqual([]);
  });

  it('reschedule: the old reminders are gone, the new date gets its own', async () => {
    const phone = '+447400123459';
    await book(phone, 'APPT 12 Dec 10:30', at('2026-11-20T12:00:00Z'));
    const before = await rig.rows(phone);
    await rig.text(phone, 'APPT 19 Dec 15:00', at('2026-11-21T12:00:00Z'));
    await rig.text(phone, 'YES', at('2026-11-21T12:01:00Z'));
    const after = await rig.rows(phone);
    expect(after).toHaveLength(5);
    expect(new Set(after.map((row) => row.appointmentId)).size).toBe(1);
    expect(after[0]?.appointmentId).not.toBe(before[0]?.appointmentId);
    expect(after.map((row) => row.sendAt)).not.toContain('2026-11-28T10:00:00.000Z');

    // The old 14-day time passes silently; the new one speaks of the new date.
    const old = await rig.sweep(at('2026-11-28T10:02:00Z'));
    expect(rig.fake.accepted.filter((m) => m.to === phone)).toEqual([]);
    expect(old.raced + old.skipped).toBe(0);
    const [d14] = await expectSendsAt(phone, ['2026-12-05T10:00:00Z']);
    expect(d14).toContain('Sat 19 Dec, 15:00, in 14 days');
  });

  it('CANCEL APPT removes the reminders and keeps the person subscribed', async () => {
    const phone = '+447400123460';
    await book(phone, 'APPT 12 Dec 10:30', at('2026-11-20T12:00:00Z'));
    const replies = await rig.text(phone, 'CANCEL APPT', at('2026-11-22T12:00:00Z'));
    expect(replies[0]).toContain('cancelled');
    expect(await rig.rows(phone)).toEqual([]);
    expect((await rig.subscribers.get(phone))?.subscriber.status).toBe('subscribed');
  });
});

describe('DST weeks: still 10:00 on the wall clock', () => {
  it('Europe/London, clocks back on Sun 25 Oct 2026', async () => {
    const phone = '+447400123461';
    await book(phone, 'APPT 28 Oct 11:00', at('2026-10-01T12:00:00Z'));
    await expectSendsAt(phone, [
      '2026-10-14T09:00:00Z',
      '2026-10-21T09:00:00Z',
      '2026-10-25T10:00:00Z',
      '2026-10-27T10:00:00Z',
      '2026-10-29T10:00:00Z',
    ]);
    const sentAt = (await rig.rows(phone)).map((row) =>
      DateTime.fromISO(String(row.sentAt), { zone: 'Europe/London' }).toFormat('ccc HH:mm'),
    );
    expect(sentAt).toEqual(['Wed 10:02', 'Wed 10:02', 'Sun 10:02', 'Tue 10:02', 'Thu 10:02']);
  });

  it('America/Toronto, clocks back on Sun 1 Nov 2026', async () => {
    const phone = '+14165550199';
    await book(phone, 'APPT Nov 4 2pm', at('2026-10-01T12:00:00Z'));
    const bodies = await expectSendsAt(phone, [
      '2026-10-21T14:00:00Z',
      '2026-10-28T14:00:00Z',
      '2026-11-01T15:00:00Z',
      '2026-11-03T15:00:00Z',
      '2026-11-05T15:00:00Z',
    ]);
    expect(bodies[2]).toContain('Wed 4 Nov, 14:00, in 3 days');
    const sentAt = (await rig.rows(phone)).map((row) =>
      DateTime.fromISO(String(row.sentAt), { zone: 'America/Toronto' }).toFormat('HH:mm'),
    );
    expect(sentAt).toEqual(['10:02', '10:02', '10:02', '10:02', '10:02']);
  });

  it('America/Toronto, clocks forward on Sun 8 Mar 2026', async () => {
    const phone = '+14165550198';
    await book(phone, 'APPT Mar 10 9:30am', at('2026-02-01T12:00:00Z'));
    await expectSendsAt(phone, [
      '2026-02-24T15:00:00Z',
      '2026-03-03T15:00:00Z',
      '2026-03-07T15:00:00Z',
      '2026-03-09T14:00:00Z',
      '2026-03-11T14:00:00Z',
    ]);
  });
});

describe('a sweep that runs late', () => {
  it('never sends in quiet hours: a reminder found at 21:00 waits for 09:00', async () => {
    const phone = '+447400123462';
    await book(phone, 'APPT 12 Dec 10:30', at('2026-11-20T12:00:00Z'));
    const late = await rig.sweep(at('2026-11-28T21:00:00Z'));
    expect(late.deferred).toBe(1);
    expect(rig.fake.accepted.filter((m) => m.to === phone)).toEqual([]);
    expect((await rig.rows(phone))[0]?.sendAt).toBe('2026-11-29T09:00:00.000Z');
    await expectSendsAt(phone, ['2026-11-29T09:00:00Z']);
  });

  it('drops a reminder later than the lateness limit (here 8 hours)', async () => {
    const phone = '+447400123463';
    await book(phone, 'APPT 12 Dec 10:30', at('2026-11-20T12:00:00Z'));
    const summary = await rig.sweep(at('2026-11-28T22:30:00Z'), {
      settings: { maxLatenessMs: 8 * 3_600_000 },
    });
    expect(summary.skippedBy.late).toBe(1);
    expect((await rig.rows(phone))[0]?.state).toBe('skipped');
  });
});

describe('cost of booking', () => {
  it('takes two DynamoDB requests for the YES that writes the person and the reminder rows', async () => {
    let requests = 0;
    rig.client.middlewareStack.add(
      (next) => async (args) => {
        requests++;
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    try {
      const phone = '+447400123464';
      await rig.text(phone, 'START', at('2026-11-20T12:00:00Z'));
      await rig.text(phone, 'APPT 12 Dec 10:30', at('2026-11-20T12:01:00Z'));
      requests = 0;
      await rig.text(phone, 'YES', at('2026-11-20T12:02:00Z'));
      expect(requests).toBe(2);
      expect(await rig.rows(phone)).toHaveLength(5);
      requests = 0;
      await rig.text(phone, 'DONE 3', at('2026-11-20T12:03:00Z'));
      expect(requests).toBe(2);
    } finally {
      rig.client.middlewareStack.remove('countRequests');
    }
  });
});
