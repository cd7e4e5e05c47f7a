import { fromWallTime, plusDays, type ZonedTime, zonedTime, zoneOffset } from './zoned-time.js';

/**
 * When the line may send a text on its own initiative, in the person's local time. The
 * default 09:00 to 20:00 sits inside every US state's and Canada's telemarketing hours
 * (TCPA 8:00-21:00, stricter states 8:00-20:00 or 9:00-21:00) and suits the UK too.
 */
export type QuietHours = {
  /** Local "HH:mm" before which nothing is sent (quiet hours end). */
  sendFrom: string;
  /** Local "HH:mm" from which nothing is sent (quiet hours start); later than `sendFrom`. */
  sendUntil: string;
};

export const DEFAULT_QUIET_HOURS: QuietHours = { sendFrom: '09:00', sendUntil: '20:00' };

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of an "HH:mm" time; throws on anything else (settings are parsed at start-up). */
export function minutesOfDay(time: string): number {
  const match = HH_MM.exec(time);
  if (match === null) throw new RangeError(`not an HH:mm time: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** True when `quiet` is usable: two valid times, the window not empty and not crossing midnight. */
export function isValidQuietHours(quiet: QuietHours): boolean {
  return HH_MM.test(quiet.sendFrom) && HH_MM.test(quiet.sendUntil) && quiet.sendFrom < quiet.sendUntil;
}

function localMillisOfDay(local: ZonedTime): number {
  return ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond;
}

/** True when `instant` falls inside the sending window in `zone`. */
export function isAllowedSendTime(instant: Date, zone: string, quiet: QuietHours): boolean {
  const ms = localMillisOfDay(zonedTime(instant, zone));
  return ms >= minutesOfDay(quiet.sendFrom) * 60_000 && ms < minutesOfDay(quiet.sendUntil) * 60_000;
}

/**
 * The first instant at or after `due` that is outside quiet hours in `zone`: `due` itself
 * when allowed, else when the window next opens: at local `sendFrom` (today or tomorrow),
 * or, on a DST day, where a clock change moves the wall clock into the window. A
 * `sendFrom` a jump forward skips gives way to the first instant after the gap; one that
 * happens twice (clocks going back) counts from its first occurrence still ahead.
 */
export function nextAllowedSend(due: Date, zone: string, quiet: QuietHours): Date {
  if (isAllowedSendTime(due, zone, quiet)) return due;
  const allowed = (instant: number) =>
    instant >= due.getTime() && isAllowedSendTime(new Date(instant), zone, quiet);
  const local = zonedTime(due, zone);
  const from = minutesOfDay(quiet.sendFrom);
  const candidates: number[] = [];
  for (const day of [local, plusDays(local, 1)]) {
    const wall = {
      year: day.year,
      month: day.month,
      day: day.day,
      hour: Math.floor(from / 60),
      minute: from % 60,
    };
    const resolved = fromWallTime(wall, zone);
    if (resolved === undefined) continue;
    candidates.push(...occurrences(resolved));
    if (resolved.hour !== wall.hour || resolved.minute !== wall.minute) {
      candidates.push(
        offsetChange(resolved.instant - MAX_SHIFT_MS, resolved.instant, zone) ?? resolved.instant,
      );
    }
  }
  const opening = candidates.filter(allowed).sort((a, b) => a - b)[0] ?? plusDays(local, 1).instant;
  const change = offsetChange(due.getTime(), opening, zone);
  return new Date(change !== undefined && allowed(change) ? change : opening);
}

/** Clock changes in use: an hour almost everywhere, half an hour on Lord Howe Island. */
const DST_SHIFTS_MINUTES = [60, 30];
const MAX_SHIFT_MS = 60 * 60_000;

/**
 * Every instant showing the same wall-clock time as `resolved` that day, earliest first.
 * When clocks go back, a time happens twice and `fromWallTime` picks one of the two (which
 * one depends on the zone's rules); the other is a DST shift away with the same wall clock.
 */
function occurrences(resolved: ZonedTime): number[] {
  const same = (other: ZonedTime) => other.hour === resolved.hour && other.minute === resolved.minute;
  const found = [resolved.instant];
  for (const shift of DST_SHIFTS_MINUTES) {
    for (const instant of [resolved.instant - shift * 60_000, resolved.instant + shift * 60_000]) {
      if (same(zonedTime(instant, resolved.zone))) found.push(instant);
    }
  }
  return found.sort((a, b) => a - b);
}

/**
 * The first instant after `from` (up to `to`) where the zone's UTC offset differs from its
 * offset at `from`, by bisection to the millisecond; undefined when the offset is the same
 * at both ends (no clock change in between: they are at most two days apart).
 */
function offsetChange(from: number, to: number, zone: string): number | undefined {
  const offsetAt = (millis: number) => zoneOffset(zone, millis);
  const initial = offsetAt(from);
  if (offsetAt(to) === initial) return undefined;
  let before = from;
  let after = to;
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (offsetAt(middle) === initial) before = middle;
    else after = middle;
  }
  return after;
}
