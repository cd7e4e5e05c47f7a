import { describe, expect, it } from 'vitest';
import { PENDING_APPOINTMENT_MS } from '../../functions/core/appointment-conversation.js';
import { converse, type Turn } from '../../functions/core/conversation.js';
import { renderOptIn } from '../../functions/core/sms-render.js';
import type { Subscriber } from '../../functions/core/subscriber.js';
import { classifyMessage } from '../../functions/core/understanding/understand.js';
import { content, subscriber } from '../fixtures/content.js';
import { dates } from '../fixtures/dates.js';

const settings = { supportContact: 'help@example.org', dates };
const texts = content.languages.en.reminders;
/** Friday 20 November 2026, noon UTC. */
const NOW = new Date('2026-11-20T12:00:00Z');

let counter = 0;
const sid = () => `SM${(++counter).toString(16).padStart(32, '0')}`;

/** Sends texts in order, each a minute after the last; returns every turn. */
function conversation(start: Subscriber, bodies: string[], from = NOW): Turn[] {
  const turns: Turn[] = [];
  let who = start;
  bodies.forEach((body, index) => {
    const turn = converse(
      who,
      { body, sid: sid() },
      content,
      new Date(from.getTime() + index * 60_000),
      settings,
    );
    turns.push(turn);
    who = turn.next;
  });
  return turns;
}
const last = (turns: Turn[]) => turns[turns.length - 1] as Turn;

const uk = subscriber({ phone: '+447400123456', region: 'uk' });
const us = subscriber({ phone: '+12025550143', region: 'us' });

describe('classifying appointment and checklist texts', () => {
  it.each([
    ['APPT 12 Dec 10:30', 'appointment'],
    ['my appointment is on 12 Dec at 10:30', 'appointment'],
    ['next Tuesday 2pm', 'appointment'],
    ['CANCEL APPT', 'cancel-appointment'],
    ['cancel my appointment', 'cancel-appointment'],
    ['CANCEL', 'opt-out'],
    ['cancel my appointment reminders', 'opt-out'],
    ['STOP APPT', 'opt-out'],
    ['LIST', 'checklist'],
    ['DONE', 'checklist'],
    ['DONE 2', 'tick'],
    ['done 2, 5', 'tick'],
    ['GOT scans', 'tick'],
    ['UNDO 2', 'tick'],
    ['TIMEZONE Pacific', 'time-zone'],
    ['time zone America/Toronto', 'time-zone'],
    ['YES', 'opt-in'],
    ['MORE', 'more'],
    ['2', 'topic'],
  ])('%s -> %s', (body, kind) => {
    expect(classifyMessage(body, content, 'en', dates).kind).toBe(kind);
  });

  it('keeps what followed TIMEZONE as sent, and the item references of DONE', () => {
    expect(classifyMessage('TIMEZONE America/Toronto', content, 'en', dates)).toEqual({
      kind: 'time-zone',
      value: 'America/Toronto',
    });
    expect(classifyMessage('done 2, 5', content, 'en', dates)).toEqual({
      kind: 'tick',
      done: true,
      refs: [2, 5],
    });
    expect(classifyMessage('got my scans', content, 'en', dates)).toEqual({
      kind: 'tick',
      done: true,
      refs: ['MY', 'SCANS'],
    });
  });
});

describe('setting an appointment', () => {
  it('repeats the date back unambiguously and asks for YES, then confirms with reminders', () => {
    const [asked, confirmed] = conversation(uk, ['APPT 12 Dec 10:30', 'YES']);
    expect(asked?.replies).toEqual([
      'Your appointment: Sat 12 Dec, 10:30 (UK time). Reply YES to confirm and we will text you reminders. If that is wrong, send the right date and time.',
    ]);
    expect(asked?.next.pendingAppointment).toMatchObject({
      local: '2026-12-12T10:30',
      zone: 'Europe/London',
    });
    expect(asked?.next.schedule).toBeUndefined();

    expect(confirmed?.replies[0]).toContain('set for Sat 12 Dec, 10:30');
    const next = confirmed?.next;
    expect(next?.pendingAppointment).toBeUndefined();
    expect(next?.appointment).toMatchObject({ at: '2026-12-12T10:30:00.000Z', zone: 'Europe/London' });
    expect(next?.schedule?.appointmentId).toBe(next?.appointment?.id);
    expect(next?.schedule?.changedBy).toBe(next?.appointment?.id);
    expect(next?.schedule?.reminders.map((r) => r.daysBefore ?? 'follow-up')).toEqual([
      14,
      7,
      3,
      1,
      'follow-up',
    ]);
  });

  it("reads a plain sentence in the person's zone (area code 202: Eastern)", () => {
    const [asked] = conversation(us, ['my appointment is next Tuesday at 2pm']);
    expect(asked?.replies[0]).toContain('Tue 24 Nov, 14:00 (Eastern time)');
    expect(asked?.next.pendingAppointment?.at).toBe('2026-11-24T19:00:00.000Z');
  });

  it('changes the appointment when another date is sent and confirmed, with a new id', () => {
    const turns = conversation(uk, ['APPT 12 Dec 10:30', 'YES', 'APPT 14 Dec 9:15', 'YES']);
    const first = turns[1]?.next.appointment;
    const second = last(turns).next.appointment;
    expect(turns[2]?.replies[0]).toContain('Mon 14 Dec, 09:15');
    // Until YES, the old appointment stands.
    expect(turns[2]?.next.appointment).toEqual(first);
    expect(second?.local).toBe('2026-12-14T09:15');
    expect(second?.id).not.toBe(first?.id);
    expect(last(turns).next.schedule?.changedBy).toBe(second?.id);
  });

  it('says when the appointment is too soon for reminders before it', () => {
    const turns = conversation(uk, ['APPT tomorrow 9am', 'YES'], new Date('2026-11-20T18:00:00Z'));
    expect(last(turns).replies[0]).toContain('It is soon');
    expect(last(turns).next.schedule?.reminders.map((r) => r.kind)).toEqual(['follow-up']);
  });

  it.each([
    ['APPT 19 Nov 10:00', texts.past],
    ['APPT 12 Dec 2027 10:00', texts.tooFar],
    ['APPT next spring', texts.unreadable],
    ['APPT 12 Dec', texts.needsTime],
    ['APPT 3pm', texts.needsDate],
  ])('%s gets a clear answer with an example', (body, reply) => {
    const [turn] = conversation(uk, [body]);
    expect(turn?.replies).toEqual([reply]);
    expect(reply).toContain('e.g. APPT');
    expect(turn?.next.pendingAppointment).toBeUndefined();
  });

  it('asks people who have not joined to reply START first', () => {
    const [turn] = conversation(subscriber({ status: 'new' }), ['APPT 12 Dec 10:30']);
    expect(turn?.replies).toEqual([texts.joinFirst]);
    expect(turn?.next.pendingAppointment).toBeUndefined();
  });

  it('stays silent to people who opted out (one STOP confirmation, then nothing)', () => {
    const [turn] = conversation(subscriber({ status: 'opted-out' }), ['APPT 12 Dec 10:30']);
    expect(turn?.replies).toEqual([]);
  });

  it('YES from someone opted out still opts in', () => {
    const [turn] = conversation(subscriber({ status: 'opted-out' }), ['YES']);
    expect(turn?.next.status).toBe('subscribed');
    expect(turn?.replies).toEqual([renderOptIn(content, 'en', 'uk')]);
  });

  it('YES a day after the date was given means what it always meant', () => {
    const [asked] = conversation(uk, ['APPT 12 Dec 10:30']);
    const later = new Date(NOW.getTime() + PENDING_APPOINTMENT_MS + 60_000);
    const turn = converse(asked?.next as Subscriber, { body: 'YES', sid: sid() }, content, later, settings);
    expect(turn.replies).toEqual([renderOptIn(content, 'en', 'uk')]);
    expect(turn.next.appointment).toBeUndefined();
  });

  it('YES to a date that has passed meanwhile does not book it', () => {
    const [asked] = conversation(uk, ['APPT today 18:00'], new Date('2026-11-20T09:00:00Z'));
    const turn = converse(
      asked?.next as Subscriber,
      { body: 'YES', sid: sid() },
      content,
      new Date('2026-11-20T18:30:00Z'),
      settings,
    );
    expect(turn.replies).toEqual([texts.past]);
    expect(turn.next.appointment).toBeUndefined();
    expect(turn.next.pendingAppointment).toBeUndefined();
  });
});

describe('cancelling', () => {
  it('CANCEL APPT cancels the reminders and keeps the subscription', () => {
    const turns = conversation(uk, ['APPT 12 Dec 10:30', 'YES', 'DONE 1', 'CANCEL APPT']);
    const cancelled = last(turns);
    expect(cancelled.replies).toEqual([texts.cancelled]);
    expect(cancelled.next.status).toBe('subscribed');
    expect(cancelled.next.appointment).toBeUndefined();
    expect(cancelled.next.schedule?.reminders).toEqual([]);
    expect(cancelled.next.checklistDone).toEqual(['test-results']);
    expect(conversation(cancelled.next, ['CANCEL APPT'])[0]?.replies).toEqual([texts.noAppointment]);
  });

  it('STOP cancels everything, with one confirmation', () => {
    const turns = conversation(uk, [
      'APPT 12 Dec 10:30',
      'YES',
      'DONE 1',
      'APPT 14 Dec 10:00',
      'STOP',
      'STOP',
    ]);
    const stopped = turns[4] as Turn;
    expect(stopped.replies).toEqual([content.languages.en.sms.optOut]);
    expect(stopped.next.status).toBe('opted-out');
    expect(stopped.next.appointment).toBeUndefined();
    expect(stopped.next.pendingAppointment).toBeUndefined();
    expect(stopped.next.checklistDone).toBeUndefined();
    // The empty plan is stamped with the STOP, so the store deletes the rows in the same write.
    expect(stopped.next.schedule).toEqual({ changedBy: expect.stringMatching(/^SM/), reminders: [] });
    expect(last(turns).replies).toEqual([]);
  });

  it('texts that do not touch the plan leave its stamp alone (the store rewrites nothing)', () => {
    const turns = conversation(uk, ['APPT 12 Dec 10:30', 'YES', 'LIST', 'DONE 2', 'MENU', '1', 'HELP']);
    const stamp = turns[1]?.next.schedule;
    expect(last(turns).next.schedule).toEqual(stamp);
  });
});

describe('the checklist by text', () => {
  it('LIST, DONE 2, DONE 2 5, GOT scans, UNDO 2 each answer with the progress', () => {
    const turns = conversation(us, ['LIST', 'DONE 2', 'DONE 2 5', 'GOT scans', 'UNDO 2', 'DONE 42']);
    expect(turns[0]?.replies[0]).toMatch(/^Your checklist: 0 of 6 done/);
    expect(turns[0]?.replies[0]).toContain('6 Check the visit is covered');
    expect(turns[1]?.replies[0]).toContain('1 of 6 done');
    expect(turns[2]?.replies[0]).toContain('2 of 6 done');
    expect(turns[3]?.replies[0]).toContain('Ticked: 4 Scan images and reports. 3 of 6 done.');
    expect(turns[4]?.replies[0]).toContain('Unticked: 2 Letters and papers from doctors. 2 of 6 done.');
    expect(turns[5]?.replies).toEqual([content.languages.en.checklist.unknownItem]);
    expect(last(turns).next.checklistDone).toEqual(['pathology', 'scans']);
  });

  it('the UK list only has what UK sources say to gather: no scans, lab reports or insurance', () => {
    const list = conversation(uk, ['LIST'])[0]?.replies[0];
    expect(list).toContain('0 of 3 done');
    expect(list).not.toMatch(/Scan|Lab|covered/);
  });

  it('items a stored checklist ticked that are no longer on the list are not counted', () => {
    const older = subscriber({ ...uk, checklistDone: ['medicines', 'referral', 'test-results'] });
    const turns = conversation(older, ['LIST', 'DONE 2']);
    expect(turns[0]?.replies[0]).toMatch(/^Your checklist: 1 of 3 done/);
    expect(turns[1]?.replies[0]).toContain('2 of 3 done');
  });
});

describe('TIMEZONE', () => {
  it('changes the zone and re-reads a booked appointment at the same wall-clock time', () => {
    const turns = conversation(us, ['APPT 12 Dec 10:30', 'YES', 'TIMEZONE Pacific']);
    const changed = last(turns);
    expect(changed.replies).toEqual([
      'Thanks. Your time zone is now Pacific time. Your appointment: Sat 12 Dec, 10:30.',
    ]);
    expect(changed.next.timeZone).toBe('America/Los_Angeles');
    expect(changed.next.appointment).toMatchObject({
      at: '2026-12-12T18:30:00.000Z',
      id: turns[1]?.next.appointment?.id,
    });
    expect(changed.next.schedule?.changedBy).not.toBe(turns[1]?.next.schedule?.changedBy);
    expect(changed.next.schedule?.reminders[0]?.sendAt).toBe('2026-11-28T18:00:00.000Z');
  });

  it('never re-plans a reminder that was already due under the old zone', () => {
    const booked = last(conversation(us, ['APPT 12 Dec 10:30', 'YES']));
    // 28 Nov 16:00 UTC: the 14-day reminder went at 10:00 Eastern; 10:00 Pacific is still ahead.
    const turn = converse(
      booked.next,
      { body: 'TIMEZONE Pacific', sid: sid() },
      content,
      new Date('2026-11-28T16:00:00Z'),
      settings,
    );
    expect(turn.next.schedule?.reminders.map((r) => r.daysBefore ?? 'follow-up')).toEqual([
      7,
      3,
      1,
      'follow-up',
    ]);
  });

  it('re-asks for YES with the pending date in the new zone', () => {
    const turns = conversation(uk, ['APPT 12 Dec 10:30', 'TIMEZONE America/Toronto']);
    expect(last(turns).replies).toEqual([
      'Thanks. Your time zone is now Eastern time.',
      'Your appointment: Sat 12 Dec, 10:30 (Eastern time). Reply YES to confirm and we will text you reminders. If that is wrong, send the right date and time.',
    ]);
  });

  it('answers an unknown zone with examples', () => {
    expect(conversation(uk, ['TIMEZONE Narnia'])[0]?.replies).toEqual([texts.timeZoneUnknown]);
  });
});
