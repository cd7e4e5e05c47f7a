import type * as Chrono from 'chrono-node';
import type { Language, Region } from './content-model.js';
import {
  calendarDays,
  formatZoned,
  fromLocalIso,
  fromWallTime,
  isValidZone,
  plusDays,
  type ZonedTime,
  zonedTime,
} from './zoned-time.js';

/**
 * Appointment dates as people text them, read with chrono-node in the person's own time zone
 * and turned into an instant with zoned-time.ts (Intl), so "12 Dec 10:30" means 10:30 on the
 * wall clock where they live, whatever the server's zone and whichever side of a DST change
 * the date falls.
 */

/** The local wall-clock time the person gave ("yyyy-MM-ddTHH:mm") and the instant it is in `zone`. */
export type LocalAppointment = { local: string; zone: string; at: Date };

export type AppointmentProblem = 'unreadable' | 'needs-time' | 'needs-date' | 'past' | 'too-far';

export type ParsedAppointment =
  | { ok: true; appointment: LocalAppointment }
  | { ok: false; problem: AppointmentProblem };

/**
 * chrono-node's parsers, passed in rather than imported: it is the largest library in the SMS
 * function and most texts never need it, so the function loads it on demand (see
 * functions/adapters/date-parsers.ts and {@link mayHoldDate}) and its cold start skips it.
 */
export type DateParsers = {
  en: Pick<typeof Chrono.en, 'casual' | 'GB'>;
  es: Pick<typeof Chrono.es, 'casual'>;
};

/** Thrown when a date had to be read but no parsers were passed: a wiring mistake, not bad input. */
export class DateParsersMissingError extends Error {
  override name = 'DateParsersMissingError';
}

function required(dates: DateParsers | undefined): DateParsers {
  if (dates === undefined) {
    throw new DateParsersMissingError('a date had to be read but the date parsers were not loaded');
  }
  return dates;
}

/** Appointments further away than this are almost always a typo (a wrong year or month). */
export const MAX_DAYS_AHEAD = 366;

/**
 * UK texts write 12/1 as 12 January, North America as December 1, so numeric dates from
 * the UK go to chrono's day-first parser. Everything else goes to the casual parser, which
 * reads both "12 Dec" and "Dec 12" (the day-first one takes "Dec 12" for December 2012).
 */
function parserFor(dates: DateParsers, region: Region, text: string, language: Language): Chrono.Chrono {
  // Spanish writers put the day first (12/1 is 12 de enero) wherever they live.
  if (language === 'es') return dates.es.casual;
  return region === 'uk' && /\b\d{1,2}[/-]\d{1,2}\b/.test(text) ? dates.en.GB : dates.en.casual;
}

/**
 * Spanish times chrono reads wrongly: "a las 5 de la tarde" would be 05:00 and "pasado
 * mañana" tomorrow. Rewritten to forms it reads right ("5 pm", "en 2 días").
 */
function tidySpanish(text: string): string {
  return text
    .replace(/\b(\d{1,2}(?::\d{2})?)\s+de\s+la\s+(tarde|noche)\b/gi, '$1 pm')
    .replace(/\b(\d{1,2}(?::\d{2})?)\s+de\s+la\s+(mañana|madrugada)\b/gi, '$1 am')
    .replace(/\bpasado\s+mañana\b/gi, 'en 2 días');
}

/**
 * People write 10.30 for 10:30, which chrono would read as a year. Only a dot between an
 * hour and two minute digits is rewritten, so "12.12.2026" dates are left alone.
 */
function tidy(text: string): string {
  return text.replace(/\b([01]?\d|2[0-3])\.([0-5]\d)(?!\d|\.\d)/g, '$1:$2');
}

/**
 * Reads an appointment from a text. Needs a date (or weekday, "tomorrow") and a time; a
 * bare weekday means the next one; the year, when not given, is the one closest to now.
 * Past times, times more than {@link MAX_DAYS_AHEAD} days ahead and text without a
 * recognisable date get a problem the conversation answers with an example.
 */
export function parseAppointment(
  text: string,
  zone: string,
  region: Region,
  now: Date,
  language: Language,
  dates: DateParsers | undefined,
): ParsedAppointment {
  const parsers = required(dates);
  if (!isValidZone(zone)) return { ok: false, problem: 'unreadable' };
  const nowLocal = zonedTime(now, zone);
  const tidied = cleanedFor(text, language);
  const [result] = parserFor(parsers, region, tidied, language).parse(tidied, {
    instant: now,
    timezone: nowLocal.offset,
  });
  if (result === undefined) return { ok: false, problem: 'unreadable' };
  const { start } = result;
  const hasDate = start.isCertain('day') || start.isCertain('weekday');
  if (!hasDate) return { ok: false, problem: start.isCertain('hour') ? 'needs-date' : 'unreadable' };
  if (!start.isCertain('hour')) return { ok: false, problem: 'needs-time' };

  let local = fromWallTime(
    {
      year: start.get('year') ?? nowLocal.year,
      month: start.get('month') ?? nowLocal.month,
      day: start.get('day') ?? nowLocal.day,
      hour: start.get('hour') ?? 0,
      minute: start.get('minute') ?? 0,
    },
    zone,
  );
  if (local === undefined) return { ok: false, problem: 'unreadable' };
  // "Tuesday 2pm" sent on a Friday means the coming Tuesday, not the one just gone.
  if (!start.isCertain('day') && local.instant < nowLocal.instant) local = plusDays(local, 7);
  if (local.instant <= nowLocal.instant) return { ok: false, problem: 'past' };
  // More than MAX_DAYS_AHEAD days: later than the same wall-clock time that many days on.
  if (local.instant > plusDays(nowLocal, MAX_DAYS_AHEAD).instant) return { ok: false, problem: 'too-far' };
  return { ok: true, appointment: toAppointment(local) };
}

function toAppointment(local: ZonedTime): LocalAppointment {
  return {
    local: formatZoned(local, "yyyy-MM-dd'T'HH:mm"),
    zone: local.zone,
    at: new Date(local.instant),
  };
}

/**
 * The same wall-clock time in another zone: used when someone corrects their time zone
 * after giving a date (they meant 10:30 where they are). Undefined if `local` is malformed.
 */
export function inZone(local: string, zone: string): LocalAppointment | undefined {
  const moved = fromLocalIso(local, zone);
  return moved === undefined ? undefined : toAppointment(moved);
}

/** Date formats per language: this year's dates, and dates in another year. */
const APPOINTMENT_FORMATS: Record<Language, { locale: string; sameYear: string; otherYear: string }> = {
  en: { locale: 'en-GB', sameYear: 'ccc d LLL, HH:mm', otherYear: 'ccc d LLL yyyy, HH:mm' },
  es: {
    locale: 'es',
    sameYear: "cccc d 'de' LLLL 'a las' HH:mm",
    otherYear: "cccc d 'de' LLLL 'de' yyyy 'a las' HH:mm",
  },
};

/**
 * "Fri 12 Dec, 10:30" ("miércoles 12 de diciembre a las 10:30"): weekday, day, month name and
 * 24-hour time, which no reader can take for another date. The year is added when it is not
 * the current year where the person is.
 */
export function formatAppointment(at: Date, zone: string, now: Date, language: Language = 'en'): string {
  const format = APPOINTMENT_FORMATS[language];
  const local = zonedTime(at, zone);
  const sameYear = local.year === zonedTime(now, zone).year;
  return formatZoned(local, sameYear ? format.sameYear : format.otherYear, format.locale);
}

/** Whole local calendar days from `from` to `to` in `zone` (0 on the same day). */
export function calendarDaysBetween(from: Date, to: Date, zone: string): number {
  return calendarDays(zonedTime(from, zone), zonedTime(to, zone));
}

/** Words without which no text is read as a date sentence (the cheap test before chrono runs). */
const DATE_WORDS: Record<Language, RegExp> = {
  en: /\d|day|tomorrow|tonight|next/i,
  es: /\d|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|mañana|manana|hoy|pr[oó]xim/i,
};

/** A menu choice ("2", "07"): chrono reads no date in one or two bare digits (tests check 0-99). */
const MENU_NUMBER = /^\d{1,2}$/;

/** The text as chrono should read it: times rewritten to forms it reads right, trimmed. */
function cleanedFor(text: string, language: Language): string {
  return (language === 'es' ? tidySpanish(tidy(text)) : tidy(text)).trim();
}

/** The test before chrono runs: a digit or a date word, and not a bare menu number. */
function mayBeDate(cleaned: string, language: Language): boolean {
  return DATE_WORDS[language].test(cleaned) && !MENU_NUMBER.test(cleaned);
}

/**
 * Whether {@link looksLikeAppointment} could need the date parsers for this text in either
 * language: it answers false before chrono runs when {@link mayBeDate} does.
 */
export function mayHoldDate(text: string): boolean {
  return (['en', 'es'] as const).some((language) => mayBeDate(cleanedFor(text, language), language));
}

/**
 * True when a text without the APPT keyword reads as an appointment time: it mentions an
 * appointment and has a date in it ("my appointment is on 12 Dec at 10:30"), or a date/time
 * expression covers most of it ("next Tuesday 2pm"). A question that merely mentions
 * "today" stays a question for the classifier. Texts {@link mayHoldDate} rejects never
 * touch `dates`.
 */
export function looksLikeAppointment(
  text: string,
  mentionsAppointment: boolean,
  language: Language,
  dates: DateParsers | undefined,
): boolean {
  const cleaned = cleanedFor(text, language);
  if (!mayBeDate(cleaned, language)) return false;
  const parsers = required(dates);
  const parser = language === 'es' ? parsers.es.casual : parsers.en.casual;
  const [result] = parser.parse(cleaned, new Date(Date.UTC(2026, 0, 1)));
  if (result === undefined) return false;
  if (mentionsAppointment) return true;
  const letters = (value: string) => value.replace(/[^A-Za-z0-9]/g, '').length;
  return letters(result.text) >= 0.6 * letters(cleaned);
}
