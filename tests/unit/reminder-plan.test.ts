import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REMINDER_SETTINGS,
  MAX_REMINDER_SLOTS,
  planReminders,
  type ReminderSettings,
  reminderSettingsProblems,
} from '../../functions/core/reminder-plan.js';

/** The plan as local wall-clock times, to compare with what people expect. */
function plan(
  local: string,
  zone: string,
  now: string,
  settings: ReminderSettings = DEFAULT_REMINDER_SETTINGS,
) {
  return planReminders({ local, zone }, settings, new Date(now)).map((reminder) => ({
    slot: reminder.slot,
    kind: reminder.kind,
    days: reminder.daysBefore,
    local: DateTime.fromISO(reminder.sendAt, { zone }).toFormat("yyyy-MM-dd'T'HH:mm"),
    utc: reminder.sendAt,
  }));
}

describe('planReminders', () => {
  it('plans 14, 7, 3 and 1 days before at 10:00 local and a follow-up the day after', () => {
    expect(plan('2026-12-12T10:30', 'Europe/London', '2026-11-20T12:00:00Z')).toEqual([
      { slot: 0, kind: 'before', days: 14, local: '2026-11-28T10:00', utc: '2026-11-28T10:00:00.000Z' },
      { slot: 1, kind: 'before', days: 7, local: '2026-12-05T10:00', utc: '2026-12-05T10:00:00.000Z' },
      { slot: 2, kind: 'before', days: 3, local: '2026-12-09T10:00', utc: '2026-12-09T10:00:00.000Z' },
      { slot: 3, kind: 'before', days: 1, local: '2026-12-11T10:00', utc: '2026-12-11T10:00:00.000Z' },
      {
        slot: 4,
        kind: 'follow-up',
        days: undefined,
        local: '2026-12-13T10:00',
        utc: '2026-12-13T10:00:00.000Z',
      },
    ]);
  });

  it.each([
    ['booked 10 days ahead: the 14-day one is already past', '2026-12-02T09:00:00Z', [7, 3, 1]],
    ['booked the morning of the 3-day reminder, after 10:00', '2026-12-09T10:00:01Z', [1]],
    ['booked the evening before: only the follow-up', '2026-12-11T19:00:00Z', []],
  ])('%s', (_, now, days) => {
    const planned = plan('2026-12-12T10:30', 'Europe/London', now);
    expect(planned.filter((r) => r.kind === 'before').map((r) => r.days)).toEqual(days);
    expect(planned.at(-1)?.kind).toBe('follow-up');
  });

  it('keeps each slot fixed to its offset, whatever is skipped', () => {
    expect(plan('2026-12-12T10:30', 'Europe/London', '2026-12-06T00:00:00Z').map((r) => r.slot)).toEqual([
      2, 3, 4,
    ]);
  });

  it('plans nothing once the day after has passed', () => {
    expect(plan('2026-12-12T10:30', 'Europe/London', '2026-12-14T00:00:00Z')).toEqual([]);
  });

  it('never plans a reminder at or after the appointment', () => {
    // An 08:00 appointment: the 1-day reminder is the morning before, never the same day.
    const planned = plan('2026-12-12T08:00', 'America/Toronto', '2026-12-10T00:00:00Z');
    expect(planned.map((r) => r.local)).toEqual(['2026-12-11T10:00', '2026-12-13T10:00']);
  });

  describe('across DST changes the wall clock stays at 10:00', () => {
    it('Europe/London, clocks back on Sun 25 Oct 2026', () => {
      const planned = plan('2026-10-28T11:00', 'Europe/London', '2026-10-01T00:00:00Z');
      expect(planned.map((r) => [r.local, r.utc])).toEqual([
        ['2026-10-14T10:00', '2026-10-14T09:00:00.000Z'],
        ['2026-10-21T10:00', '2026-10-21T09:00:00.000Z'],
        ['2026-10-25T10:00', '2026-10-25T10:00:00.000Z'],
        ['2026-10-27T10:00', '2026-10-27T10:00:00.000Z'],
        ['2026-10-29T10:00', '2026-10-29T10:00:00.000Z'],
      ]);
    });

    it('America/Toronto, clocks back on Sun 1 Nov 2026', () => {
      const planned = plan('2026-11-04T14:00', 'America/Toronto', '2026-10-01T00:00:00Z');
      expect(planned.map((r) => [r.local, r.utc])).toEqual([
        ['2026-10-21T10:00', '2026-10-21T14:00:00.000Z'],
        ['2026-10-28T10:00', '2026-10-28T14:00:00.000Z'],
        ['2026-11-01T10:00', '2026-11-01T15:00:00.000Z'],
        ['2026-11-03T10:00', '2026-11-03T15:00:00.000Z'],
        ['2026-11-05T10:00', '2026-11-05T15:00:00.000Z'],
      ]);
    });

    it('America/Toronto, clocks forward on Sun 8 Mar 2026', () => {
      const planned = plan('2026-03-10T09:30', 'America/Toronto', '2026-02-01T00:00:00Z');
      expect(planned.map((r) => r.utc)).toEqual([
        '2026-02-24T15:00:00.000Z',
        '2026-03-03T15:00:00.000Z',
        '2026-03-07T15:00:00.000Z',
        '2026-03-09T14:00:00.000Z',
        '2026-03-11T14:00:00.000Z',
      ]);
    });

    it('Europe/London, clocks forward on Sun 29 Mar 2026', () => {
      const planned = plan('2026-03-30T15:00', 'Europe/London', '2026-03-01T00:00:00Z');
      expect(planned.map((r) => r.utc)).toEqual([
        '2026-03-16T10:00:00.000Z',
        '2026-03-23T10:00:00.000Z',
        '2026-03-27T10:00:00.000Z',
        '2026-03-29T09:00:00.000Z',
        '2026-03-31T09:00:00.000Z',
      ]);
    });
  });

  it('moves a send time configured inside quiet hours to when they end', () => {
    const early = { ...DEFAULT_REMINDER_SETTINGS, offsetsDays: [2], sendTime: '07:30' };
    expect(
      plan('2026-12-12T10:30', 'Europe/London', '2026-12-01T00:00:00Z', early).map((r) => r.local),
    ).toEqual(['2026-12-10T09:00', '2026-12-13T09:00']);
  });

  it('follows configured offsets, largest first, each once', () => {
    const custom = { ...DEFAULT_REMINDER_SETTINGS, offsetsDays: [2, 10, 2, 5], followUpDays: 3 };
    const planned = plan('2026-12-20T10:30', 'America/Chicago', '2026-12-01T00:00:00Z', custom);
    expect(planned.map((r) => [r.slot, r.days ?? 'follow-up', r.local])).toEqual([
      [0, 10, '2026-12-10T10:00'],
      [1, 5, '2026-12-15T10:00'],
      [2, 2, '2026-12-18T10:00'],
      [3, 'follow-up', '2026-12-23T10:00'],
    ]);
  });

  it.each([
    [{ offsetsDays: [] }, 'between 1 and'],
    [{ offsetsDays: Array.from({ length: MAX_REMINDER_SLOTS }, (_, i) => i + 1) }, 'between 1 and'],
    [{ offsetsDays: [0] }, 'whole days'],
    [{ offsetsDays: [1.5] }, 'whole days'],
    [{ followUpDays: 0 }, 'follow-up'],
  ])('reports unusable settings %o', (change, problem) => {
    expect(reminderSettingsProblems({ ...DEFAULT_REMINDER_SETTINGS, ...change }).join()).toContain(problem);
  });

  it('accepts the defaults', () => {
    expect(reminderSettingsProblems(DEFAULT_REMINDER_SETTINGS)).toEqual([]);
  });
});
