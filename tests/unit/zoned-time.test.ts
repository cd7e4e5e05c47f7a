import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  atTimeOfDay,
  calendarDays,
  formatZoned,
  fromLocalIso,
  fromWallTime,
  isValidZone,
  plusDays,
  zonedTime,
} from '../../functions/core/zoned-time.js';
import { HOUR, instantNearDst, TRICKY_ZONES } from '../fixtures/dst.js';

/**
 * zoned-time.ts replaced luxon in the handlers (~70 KB of every bundle). These
 * properties hold it to luxon's answers, instant for instant, around DST changes and in
 * zones with half-hour offsets and a 30-minute DST shift.
 */

/** DST changes (UTC), so the properties visit them rather than only ordinary days. */
const instantArb = instantNearDst({
  from: '2024-01-01T00:00:00Z',
  to: '2029-12-31T00:00:00Z',
  span: 30 * HOUR,
});
const zoneArb = fc.constantFrom(...TRICKY_ZONES);
const RUNS = { numRuns: 500 };

const wallOf = (time: DateTime) => ({
  year: time.year,
  month: time.month,
  day: time.day,
  hour: time.hour,
  minute: time.minute,
  second: time.second,
  millisecond: time.millisecond,
});

describe('zoned-time against luxon', () => {
  it('reads an instant on the wall clock (property)', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (instant, zone) => {
        const ours = zonedTime(instant, zone);
        const theirs = DateTime.fromMillis(instant, { zone });
        expect({ ...wallOf(theirs), offset: theirs.offset, weekday: theirs.weekday }).toEqual({
          year: ours.year,
          month: ours.month,
          day: ours.day,
          hour: ours.hour,
          minute: ours.minute,
          second: ours.second,
          millisecond: ours.millisecond,
          offset: ours.offset,
          weekday: ours.weekday,
        });
      }),
      RUNS,
    );
  });

  it('turns a wall-clock time into the same instant, gaps and repeats included (property)', () => {
    fc.assert(
      fc.property(
        instantArb,
        zoneArb,
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (instant, zone, hour, minute) => {
          const day = DateTime.fromMillis(instant, { zone });
          const wall = { year: day.year, month: day.month, day: day.day, hour, minute };
          expect(fromWallTime(wall, zone)?.instant).toBe(DateTime.fromObject(wall, { zone }).toMillis());
        },
      ),
      RUNS,
    );
  });

  it('adds calendar days and sets the time of day as luxon does (property)', () => {
    fc.assert(
      fc.property(
        instantArb,
        zoneArb,
        fc.integer({ min: -400, max: 400 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (instant, zone, days, hour, minute) => {
          const ours = zonedTime(instant, zone);
          const theirs = DateTime.fromMillis(instant, { zone });
          expect(plusDays(ours, days).instant).toBe(theirs.plus({ days }).toMillis());
          expect(atTimeOfDay(ours, hour, minute).instant).toBe(
            theirs.set({ hour, minute, second: 0, millisecond: 0 }).toMillis(),
          );
          const later = zonedTime(instant + days * 6 * HOUR, zone);
          expect(calendarDays(ours, later)).toBe(
            Math.round(
              DateTime.fromMillis(later.instant, { zone }).startOf('day').diff(theirs.startOf('day'), 'days')
                .days,
            ),
          );
        },
      ),
      RUNS,
    );
  });

  it('reads local ISO date-times as luxon does, and refuses what it refuses (property)', () => {
    const isoArb = fc
      .tuple(
        fc.integer({ min: 2024, max: 2029 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 60 }),
      )
      .map(([y, mo, d, h, mi]) => {
        const two = (n: number) => String(n).padStart(2, '0');
        return `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}`;
      });
    fc.assert(
      fc.property(isoArb, zoneArb, (text, zone) => {
        const theirs = DateTime.fromISO(text, { zone });
        expect(fromLocalIso(text, zone)?.instant).toBe(theirs.isValid ? theirs.toMillis() : undefined);
      }),
      RUNS,
    );
    expect(fromLocalIso('not a date', 'Europe/London')).toBeUndefined();
    expect(fromLocalIso('2026-12-12T10:30', 'Mars/Olympus')).toBeUndefined();
  });

  it('formats the tokens the line uses as luxon does, in English and Spanish (property)', () => {
    const patterns = [
      "yyyy-MM-dd'T'HH:mm",
      'ccc d LLL, HH:mm',
      'ccc d LLL yyyy, HH:mm',
      "cccc d 'de' LLLL 'a las' HH:mm",
      "cccc d 'de' LLLL 'de' yyyy 'a las' HH:mm",
    ];
    fc.assert(
      fc.property(
        instantArb,
        zoneArb,
        fc.constantFrom(...patterns),
        fc.constantFrom('en-GB', 'es'),
        (instant, zone, pattern, locale) => {
          expect(formatZoned(zonedTime(instant, zone), pattern, locale)).toBe(
            DateTime.fromMillis(instant, { zone }).setLocale(locale).toFormat(pattern),
          );
        },
      ),
      RUNS,
    );
    expect(() => formatZoned(zonedTime(0, 'UTC'), 'EEE')).toThrow(RangeError);
  });

  it("'more than N days ahead' is luxon's diff in days (property)", () => {
    fc.assert(
      fc.property(
        instantArb,
        zoneArb,
        fc.integer({ min: -3 * HOUR, max: 3 * HOUR }),
        (instant, zone, shift) => {
          const now = zonedTime(instant, zone);
          const target = plusDays(now, 366).instant + shift;
          const diff = DateTime.fromMillis(target, { zone }).diff(
            DateTime.fromMillis(instant, { zone }),
            'days',
          ).days;
          expect(target > plusDays(now, 366).instant).toBe(diff > 366);
        },
      ),
      RUNS,
    );
  });

  it('knows the zones Intl knows', () => {
    expect(isValidZone('America/Toronto')).toBe(true);
    expect(isValidZone('Mars/Olympus')).toBe(false);
    expect(isValidZone('')).toBe(false);
  });
});
