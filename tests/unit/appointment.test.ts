import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  calendarDaysBetween,
  formatAppointment,
  inZone,
  looksLikeAppointment,
  parseAppointment,
} from '../../functions/core/appointment.js';
import type { Region } from '../../functions/core/content-model.js';
import { parseTimeZone, zoneForNumber, zoneLabel } from '../../functions/core/time-zone.js';
import { dates } from '../fixtures/dates.js';

/** Friday 20 November 2026, noon UTC. */
const NOW = new Date('2026-11-20T12:00:00Z');

function read(text: string, zone = 'Europe/London', region: Region = 'uk', now = NOW) {
  const parsed = parseAppointment(text, zone, region, now, 'en', dates);
  return parsed.ok ? parsed.appointment.local : parsed.problem;
}

describe('parseAppointment', () => {
  it.each([
    ['APPT 12 Dec 10:30', '2026-12-12T10:30'],
    ['appt 12 december 10.30am', '2026-12-12T10:30'],
    ['my appointment is on 12 Dec at 10:30', '2026-12-12T10:30'],
    ['APPT Dec 12 2:15pm', '2026-12-12T14:15'],
    ['next Tuesday 2pm', '2026-11-24T14:00'],
    // A bare weekday is the coming one, not the one just gone.
    ['Tuesday 2pm', '2026-11-24T14:00'],
    ['tomorrow at 9', '2026-11-21T09:00'],
    ['APPT 5 Jan 9am', '2027-01-05T09:00'],
    ['APPT 12th december 2026 10:30', '2026-12-12T10:30'],
    // Day before month in the UK.
    ['APPT 12/1 10am', '2027-01-12T10:00'],
  ])('UK: %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it('reads 12/1 as December 1 in North America', () => {
    expect(read('APPT 12/1 10am', 'America/Toronto', 'ca')).toBe('2026-12-01T10:00');
    expect(read('APPT 12/1 10am', 'America/Chicago', 'us')).toBe('2026-12-01T10:00');
  });

  it.each([
    ['APPT hello', 'unreadable'],
    ['APPT', 'unreadable'],
    ['APPT tomorrow', 'needs-time'],
    ['APPT 12 Dec', 'needs-time'],
    ['APPT 3pm', 'needs-date'],
    ['APPT 19 Nov 10:00', 'past'],
    ['APPT 12 Dec 2010 10:00', 'past'],
    ['APPT yesterday 10am', 'past'],
    ['APPT 12 Dec 2027 10:00', 'too-far'],
  ])('%s -> %s', (text, problem) => {
    expect(read(text)).toBe(problem);
  });

  it('turns the local time into the right instant on each side of a DST change', () => {
    const before = parseAppointment(
      'APPT 24 Oct 10:00',
      'Europe/London',
      'uk',
      new Date('2026-10-01T00:00:00Z'),
      'en',
      dates,
    );
    const after = parseAppointment(
      'APPT 26 Oct 10:00',
      'Europe/London',
      'uk',
      new Date('2026-10-01T00:00:00Z'),
      'en',
      dates,
    );
    expect(before.ok && before.appointment.at.toISOString()).toBe('2026-10-24T09:00:00.000Z');
    expect(after.ok && after.appointment.at.toISOString()).toBe('2026-10-26T10:00:00.000Z');
  });

  it('reads "tomorrow" from the person\'s own date, not the server\'s', () => {
    // 02:00 UTC on the 21st is still the evening of the 20th in Los Angeles.
    const parsed = parseAppointment(
      'tomorrow 11am',
      'America/Los_Angeles',
      'us',
      new Date('2026-11-21T02:00:00Z'),
      'en',
      dates,
    );
    expect(parsed.ok && parsed.appointment.local).toBe('2026-11-21T11:00');
  });

  it('never throws, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.constantFrom<Region>('uk', 'us', 'ca'), (text, region) => {
        const parsed = parseAppointment(text, 'America/New_York', region, NOW, 'en', dates);
        if (parsed.ok) expect(parsed.appointment.at.getTime()).toBeGreaterThan(NOW.getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('reads back any future date written as "APPT d Mon HH:mm" (property)', () => {
    const zones = ['Europe/London', 'America/Toronto', 'America/Los_Angeles', 'America/St_Johns'];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 330 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom(...zones),
        (daysAhead, hour, minute, zone) => {
          const target = DateTime.fromJSDate(NOW, { zone }).plus({ days: daysAhead }).set({ hour, minute });
          const text = `APPT ${target.toFormat('d LLL yyyy HH:mm')}`;
          const parsed = parseAppointment(text, zone, 'uk', NOW, 'en', dates);
          expect(parsed.ok).toBe(true);
          if (parsed.ok) {
            expect(parsed.appointment.local).toBe(target.toFormat("yyyy-MM-dd'T'HH:mm"));
            expect(DateTime.fromJSDate(parsed.appointment.at, { zone }).toFormat('HH:mm')).toBe(
              target.toFormat('HH:mm'),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('formatAppointment', () => {
  it.each([
    ['2026-12-12T10:30:00Z', 'Europe/London', 'Sat 12 Dec, 10:30'],
    ['2026-12-12T15:30:00Z', 'America/Toronto', 'Sat 12 Dec, 10:30'],
    ['2027-01-08T15:30:00Z', 'America/Toronto', 'Fri 8 Jan 2027, 10:30'],
    ['2026-11-21T04:00:00Z', 'America/Los_Angeles', 'Fri 20 Nov, 20:00'],
  ])('%s in %s reads "%s"', (at, zone, expected) => {
    expect(formatAppointment(new Date(at), zone, NOW)).toBe(expected);
  });

  it('moves the wall clock with the zone when someone corrects it', () => {
    expect(inZone('2026-12-12T10:30', 'America/Los_Angeles')?.at.toISOString()).toBe(
      '2026-12-12T18:30:00.000Z',
    );
    expect(inZone('not a date', 'Europe/London')).toBeUndefined();
  });

  it("counts calendar days in the person's zone", () => {
    expect(
      calendarDaysBetween(
        new Date('2026-12-11T10:00:00Z'),
        new Date('2026-12-12T10:30:00Z'),
        'Europe/London',
      ),
    ).toBe(1);
    expect(
      calendarDaysBetween(
        new Date('2026-10-25T09:00:00Z'),
        new Date('2026-11-01T10:00:00Z'),
        'Europe/London',
      ),
    ).toBe(7);
  });
});

describe('looksLikeAppointment', () => {
  it.each([
    ['next Tuesday 2pm', false, true],
    ['12 Dec 10:30', false, true],
    ['my appointment is on 12 Dec at 10:30', true, true],
    ['what should I bring today', false, false],
    ['2', false, false],
    ['why get a second opinion', false, false],
    ['my appointment', true, false],
  ])('%s -> %s', (text, mentions, expected) => {
    expect(looksLikeAppointment(text, mentions, 'en', dates)).toBe(expected);
  });
});

describe('time zones', () => {
  const defaults = { uk: 'Europe/London', us: 'America/New_York', ca: 'America/Toronto' };
  it.each([
    ['+447400123456', 'uk', 'Europe/London'],
    ['+12025550143', 'us', 'America/New_York'],
    ['+13125550143', 'us', 'America/Chicago'],
    ['+14155550143', 'us', 'America/Los_Angeles'],
    ['+16025550143', 'us', 'America/Phoenix'],
    ['+14165550199', 'ca', 'America/Toronto'],
    ['+16045550199', 'ca', 'America/Vancouver'],
    ['+17095550199', 'ca', 'America/St_Johns'],
    ['+19025550199', 'ca', 'America/Halifax'],
    // A US number in the UK health system: the region's default, the number says nothing of it.
    ['+14155550143', 'uk', 'Europe/London'],
    ['+447400123456', 'us', 'America/New_York'],
    ['+33612345678', 'ca', 'America/Toronto'],
  ] as const)('%s in %s -> %s', (phone, region, zone) => {
    expect(zoneForNumber(phone, region, defaults)).toBe(zone);
  });

  it('uses the configured default when the area code is not listed', () => {
    expect(zoneForNumber('+12025550143', 'us', { ...defaults, us: 'America/Chicago' })).toBe(
      'America/Chicago',
    );
  });

  it.each([
    ['Pacific', 'America/Los_Angeles'],
    ['eastern time', 'America/New_York'],
    ['Central', 'America/Chicago'],
    ['Mountain', 'America/Denver'],
    ['Atlantic', 'America/Halifax'],
    ['Newfoundland', 'America/St_Johns'],
    ['EST', 'America/New_York'],
    ['UK', 'Europe/London'],
    ['America/Toronto', 'America/Toronto'],
    ['america/toronto', 'America/Toronto'],
    ['Europe/Paris', 'Europe/Paris'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['Mars/Olympus', undefined],
    ['banana', undefined],
    ['', undefined],
  ])('TIMEZONE %s -> %s', (input, zone) => {
    expect(parseTimeZone(input)).toBe(zone);
  });

  it('names zones the way people say them', () => {
    expect(zoneLabel('America/Los_Angeles')).toBe('Pacific time');
    expect(zoneLabel('Europe/Paris')).toBe('Europe/Paris');
  });
});
