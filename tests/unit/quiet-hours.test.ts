import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUIET_HOURS,
  isAllowedSendTime,
  isValidQuietHours,
  nextAllowedSend,
  type QuietHours,
} from '../../functions/core/quiet-hours.js';
import { DAY, instantNearDst, TRICKY_ZONES } from '../fixtures/dst.js';

const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const localText = (instant: Date, zone: string) =>
  DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

describe('nextAllowedSend', () => {
  it.each([
    ['inside the window: unchanged', '2026-12-01T10:00', 'Europe/London', '2026-12-01T10:00'],
    ['before 09:00: the same morning', '2026-12-01T07:15', 'Europe/London', '2026-12-01T09:00'],
    ['at 20:00 sharp: next morning', '2026-12-01T20:00', 'Europe/London', '2026-12-02T09:00'],
    ['late evening: next morning', '2026-12-01T23:59', 'America/Toronto', '2026-12-02T09:00'],
    ['just before midnight on a month end', '2026-12-31T22:00', 'America/Los_Angeles', '2027-01-01T09:00'],
    ['UK clocks go back overnight', '2026-10-24T21:00', 'Europe/London', '2026-10-25T09:00'],
    ['UK clocks go forward overnight', '2026-03-28T21:00', 'Europe/London', '2026-03-29T09:00'],
    ['Toronto clocks go back overnight', '2026-10-31T22:30', 'America/Toronto', '2026-11-01T09:00'],
    ['Toronto clocks go forward at 02:00', '2026-03-08T02:30', 'America/Toronto', '2026-03-08T09:00'],
    ['Newfoundland half-hour zone', '2026-06-01T05:00', 'America/St_Johns', '2026-06-01T09:00'],
  ])('%s', (_, due, zone, expected) => {
    const result = nextAllowedSend(local(due, zone), zone, DEFAULT_QUIET_HOURS);
    expect(localText(result, zone)).toBe(expected);
  });

  it('keeps the exact instant when allowed (seconds and all)', () => {
    const due = new Date('2026-12-01T12:34:56.789Z');
    expect(nextAllowedSend(due, 'Europe/London', DEFAULT_QUIET_HOURS)).toEqual(due);
  });

  it('treats 19:59:59.999 as allowed and 20:00:00.000 as quiet', () => {
    expect(
      isAllowedSendTime(
        local('2026-12-01T19:59:59.999', 'Europe/London'),
        'Europe/London',
        DEFAULT_QUIET_HOURS,
      ),
    ).toBe(true);
    expect(
      isAllowedSendTime(
        local('2026-12-01T20:00:00.000', 'Europe/London'),
        'Europe/London',
        DEFAULT_QUIET_HOURS,
      ),
    ).toBe(false);
  });

  // Found by the property below, kept as cases: odd windows on the days clocks change.
  it.each([
    [
      '01:00 twice (Denver, clocks back): the first one',
      1825567199999,
      'America/Denver',
      '01:00',
      '02:00',
      '2027-11-07T07:00:00.000Z',
    ],
    [
      '02:01 skipped (Toronto, clocks forward): the end of the gap',
      1772953199999,
      'America/Toronto',
      '02:01',
      '03:01',
      '2026-03-08T07:00:00.000Z',
    ],
    [
      '01:31 twice, after the first (Lord Howe, 30 minutes back)',
      1775314800000,
      'Australia/Lord_Howe',
      '01:31',
      '02:31',
      '2026-04-04T15:01:00.000Z',
    ],
    [
      'clocks going back into the window (Toronto)',
      1825567199999,
      'America/Toronto',
      '00:00',
      '01:13',
      '2027-11-07T06:00:00.000Z',
    ],
  ])('%s', (_, due, zone, sendFrom, sendUntil, expected) => {
    expect(nextAllowedSend(new Date(due), zone, { sendFrom, sendUntil }).toISOString()).toBe(expected);
  });

  it('rejects windows that are empty or cross midnight', () => {
    expect(isValidQuietHours({ sendFrom: '09:00', sendUntil: '20:00' })).toBe(true);
    expect(isValidQuietHours({ sendFrom: '20:00', sendUntil: '09:00' })).toBe(false);
    expect(isValidQuietHours({ sendFrom: '09:00', sendUntil: '09:00' })).toBe(false);
    expect(isValidQuietHours({ sendFrom: '9:00', sendUntil: '20:00' })).toBe(false);
  });
});

/** DST changes in 2026 and 2027 (UTC instants), so the property visits them, not just ordinary days. */
const instantArb = instantNearDst({
  from: '2025-01-01T00:00:00Z',
  to: '2028-12-31T00:00:00Z',
  span: 2 * DAY,
});
const minuteArb = fc.integer({ min: 0, max: 1439 });
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const quietArb = fc
  .tuple(minuteArb, minuteArb)
  .filter(([a, b]) => Math.abs(a - b) >= 60)
  .map(([a, b]): QuietHours => ({ sendFrom: hhmm(Math.min(a, b)), sendUntil: hhmm(Math.max(a, b)) }));

describe('nextAllowedSend across zones and DST changes (property)', () => {
  it('is never earlier than due, is allowed, and no allowed time is skipped before it', () => {
    fc.assert(
      fc.property(
        instantArb,
        fc.constantFrom(...TRICKY_ZONES),
        fc.oneof(fc.constant(DEFAULT_QUIET_HOURS), quietArb),
        (at, zone, quiet) => {
          const due = new Date(at);
          const result = nextAllowedSend(due, zone, quiet);
          expect(result.getTime()).toBeGreaterThanOrEqual(due.getTime());
          expect(isAllowedSendTime(result, zone, quiet)).toBe(true);
          expect(result.getTime() - due.getTime()).toBeLessThan(2 * DAY);
          // Earliest: every minute-aligned instant between due and the result is quiet.
          if (result > due) {
            expect(isAllowedSendTime(new Date(result.getTime() - 1), zone, quiet)).toBe(false);
            for (let probe = due.getTime(); probe < result.getTime(); probe += 13 * 60_000) {
              expect(isAllowedSendTime(new Date(probe), zone, quiet)).toBe(false);
            }
          }
        },
      ),
      { numRuns: 600 },
    );
  });

  it('with the default window, every result reads 09:00-19:59 on the local wall clock', () => {
    fc.assert(
      fc.property(instantArb, fc.constantFrom(...TRICKY_ZONES), (at, zone) => {
        const result = DateTime.fromJSDate(nextAllowedSend(new Date(at), zone, DEFAULT_QUIET_HOURS), {
          zone,
        });
        expect(result.hour).toBeGreaterThanOrEqual(9);
        expect(result.hour).toBeLessThan(20);
      }),
      { numRuns: 1_000 },
    );
  });
});
