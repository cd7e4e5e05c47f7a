/**
 * Wall-clock time in an IANA zone with nothing but `Intl`, for the handlers' few date needs
 * (appointments, reminder plans, quiet hours, support-line hours). It replaces luxon in the
 * Lambda bundles (~70 KB) and copies luxon's rules where they matter, so results are
 * the same instant for instant:
 *
 * - a zone's UTC offset at an instant is read from `Intl.DateTimeFormat#formatToParts`;
 * - a wall-clock time becomes an instant by luxon's `fixOffset`: start from a guessed offset,
 *   correct it once, and when the time falls in a DST gap (clocks forward) move it forward
 *   by the gap; a time that happens twice (clocks back) is the occurrence the guess points
 *   at. Like luxon, a new time from scratch guesses the zone's offset now, and a time derived
 *   from another (plus days, set the time of day) guesses that time's offset.
 */

/** Calendar date and time of day on a wall clock; `month` 1-12 as people write it. */
export type WallTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
};

/** An instant with its zone, UTC offset (minutes) and wall-clock reading there. */
export type ZonedTime = Readonly<
  WallTime & {
    zone: string;
    /** Milliseconds since the epoch. */
    instant: number;
    /** Minutes ahead of UTC. */
    offset: number;
    /** 1 (Monday) to 7 (Sunday), ISO order. */
    weekday: number;
  }
>;

const MINUTE = 60_000;

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function offsetFormat(zone: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      hourCycle: 'h23',
      timeZone: zone,
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(zone, format);
  }
  return format;
}

/** True for a zone name Intl accepts (so every computation here can use it). */
export function isValidZone(zone: string): boolean {
  if (zone === '') return false;
  try {
    offsetFormat(zone);
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds since the epoch of a wall-clock time read as UTC (years 0-99 are not 1900s). */
function wallMillis(wall: WallTime): number {
  const millis = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
    wall.millisecond,
  );
  if (wall.year >= 0 && wall.year < 100) {
    const date = new Date(millis);
    date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
    return date.getTime();
  }
  return millis;
}

/** The zone's UTC offset in minutes at `instant`. Throws a RangeError for an unknown zone. */
export function zoneOffset(zone: string, instant: number): number {
  const wall: WallTime = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 };
  let bc = false;
  for (const part of offsetFormat(zone).formatToParts(new Date(instant))) {
    const value = Number(part.value);
    if (part.type === 'era') bc = part.value === 'BC' || part.value === 'B';
    else if (part.type === 'year') wall.year = value;
    else if (part.type === 'month') wall.month = value;
    else if (part.type === 'day') wall.day = value;
    else if (part.type === 'hour') wall.hour = value === 24 ? 0 : value;
    else if (part.type === 'minute') wall.minute = value;
    else if (part.type === 'second') wall.second = value;
  }
  if (bc) wall.year = 1 - wall.year;
  const wholeSeconds = instant - (((instant % 1000) + 1000) % 1000);
  return (wallMillis(wall) - wholeSeconds) / MINUTE;
}

function zoned(zone: string, instant: number, offset: number): ZonedTime {
  const date = new Date(instant + offset * MINUTE);
  return {
    zone,
    instant,
    offset,
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: date.getUTCMilliseconds(),
    weekday: ((date.getUTCDay() + 6) % 7) + 1,
  };
}

/** `instant` as read on a wall clock in `zone`. Throws a RangeError for an unknown zone. */
export function zonedTime(instant: Date | number, zone: string): ZonedTime {
  const millis = typeof instant === 'number' ? instant : instant.getTime();
  return zoned(zone, millis, zoneOffset(zone, millis));
}

/** luxon's fixOffset: the instant showing `local` (a wall time as UTC millis), from a guessed offset. */
function resolve(local: number, guess: number, zone: string): ZonedTime {
  let instant = local - guess * MINUTE;
  const second = zoneOffset(zone, instant);
  if (second === guess) return zoned(zone, instant, guess);
  instant -= (second - guess) * MINUTE;
  const third = zoneOffset(zone, instant);
  if (second === third) return zoned(zone, instant, second);
  // In a gap: the wall time does not exist; keep it on the earlier offset (moves it forward).
  return zoned(zone, local - Math.min(second, third) * MINUTE, Math.max(second, third));
}

const between = (value: number, min: number, max: number) =>
  Number.isInteger(value) && value >= min && value <= max;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** luxon's validity rules: a real calendar date and a time of day (24:00 allowed, as ISO does). */
function isValidWall(wall: WallTime): boolean {
  const endOfDay = wall.hour === 24 && wall.minute === 0 && wall.second === 0 && wall.millisecond === 0;
  return (
    Number.isInteger(wall.year) &&
    between(wall.month, 1, 12) &&
    between(wall.day, 1, daysInMonth(wall.year, wall.month)) &&
    (between(wall.hour, 0, 23) || endOfDay) &&
    between(wall.minute, 0, 59) &&
    between(wall.second, 0, 59) &&
    between(wall.millisecond, 0, 999)
  );
}

export type WallFields = Pick<WallTime, 'year' | 'month' | 'day'> & Partial<WallTime>;

/**
 * The instant a wall-clock time shows in `zone` (luxon's `DateTime.fromObject`): time fields
 * left out are 0; undefined when the date or time does not exist on any calendar or the zone
 * is unknown. `guessOffset` picks between the two occurrences of a time clocks going back
 * repeat (default: the zone's offset now, as luxon does).
 */
export function fromWallTime(fields: WallFields, zone: string, guessOffset?: number): ZonedTime | undefined {
  const wall: WallTime = { hour: 0, minute: 0, second: 0, millisecond: 0, ...fields };
  if (!isValidWall(wall) || !isValidZone(zone)) return undefined;
  return resolve(wallMillis(wall), guessOffset ?? zoneOffset(zone, Date.now()), zone);
}

const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/**
 * A local ISO date-time without offset ("2026-12-12T10:30", seconds and milliseconds
 * optional, or a bare date for midnight) in `zone`, as luxon's `DateTime.fromISO` reads it;
 * undefined for anything else.
 */
export function fromLocalIso(text: string, zone: string): ZonedTime | undefined {
  const match = LOCAL_ISO.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction] = match;
  return fromWallTime(
    {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour ?? 0),
      minute: Number(minute ?? 0),
      second: Number(second ?? 0),
      millisecond: Number((fraction ?? '0').padEnd(3, '0')),
    },
    zone,
  );
}

/** Calendar days later (earlier when negative) at the same wall-clock time: luxon's `plus({ days })`. */
export function plusDays(time: ZonedTime, days: number): ZonedTime {
  return resolve(wallMillis({ ...time, day: time.day + days }), time.offset, time.zone);
}

/** The same calendar day at another time of day: luxon's `set({ hour, minute, second, millisecond })`. */
export function atTimeOfDay(
  time: ZonedTime,
  hour: number,
  minute: number,
  second = 0,
  millisecond = 0,
): ZonedTime {
  return resolve(wallMillis({ ...time, hour, minute, second, millisecond }), time.offset, time.zone);
}

/** Whole calendar days from the date of `from` to the date of `to` (0 on the same day). */
export function calendarDays(from: ZonedTime, to: ZonedTime): number {
  const dayOf = (time: ZonedTime) => Date.UTC(time.year, time.month - 1, time.day);
  return Math.round((dayOf(to) - dayOf(from)) / 86_400_000);
}

const nameFormats = new Map<string, Intl.DateTimeFormat>();

/** A weekday or month name as the locale writes it on its own ("Sat", "diciembre"). */
function name(time: ZonedTime, locale: string, field: 'weekday' | 'month', width: 'short' | 'long'): string {
  const key = `${locale}|${time.zone}|${field}|${width}`;
  let format = nameFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, { timeZone: time.zone, [field]: width });
    nameFormats.set(key, format);
  }
  return format.formatToParts(new Date(time.instant)).find((part) => part.type === field)?.value ?? '';
}

const pad = (value: number, length: number) => String(value).padStart(length, '0');

/**
 * Formats with the luxon tokens the line uses: `yyyy`, `MM`, `dd`, `d`, `HH`, `mm`, `ccc` /
 * `cccc` (weekday, short / long), `LLL` / `LLLL` (month name, short / long) and 'quoted
 * text'. Names come from Intl in `locale`; numbers are Latin digits. Other letters throw.
 */
export function formatZoned(time: ZonedTime, pattern: string, locale = 'en-GB'): string {
  return pattern.replace(/'([^']*)'|([A-Za-z])\2*/g, (token, quoted: string | undefined) => {
    if (quoted !== undefined) return quoted;
    switch (token) {
      case 'yyyy':
        return pad(time.year, 4);
      case 'MM':
        return pad(time.month, 2);
      case 'dd':
        return pad(time.day, 2);
      case 'd':
        return String(time.day);
      case 'HH':
        return pad(time.hour, 2);
      case 'mm':
        return pad(time.minute, 2);
      case 'ccc':
        return name(time, locale, 'weekday', 'short');
      case 'cccc':
        return name(time, locale, 'weekday', 'long');
      case 'LLL':
        return name(time, locale, 'month', 'short');
      case 'LLLL':
        return name(time, locale, 'month', 'long');
      default:
        throw new RangeError(`unsupported date format token: ${token}`);
    }
  });
}
