import { type DateParsers, looksLikeAppointment } from '../appointment.js';
import type { Language } from '../content-model.js';
import { APPOINTMENT_KEYWORDS } from '../keywords.js';
import type { ReadText } from './text.js';

/**
 * Layer 5: an appointment date in a sentence, in English or Spanish, when the text is about
 * seeing a doctor, with or without the word "appointment" ("seeing the new specialist next
 * thursday at 2.15pm", "tengo cita el proximo martes a las 10 de la mañana"). chrono-node
 * reads the date (appointment.ts); the conversation repeats it back and waits for YES.
 */
const ABOUT_A_VISIT =
  /\b(APPOINTMENT|APPOINTMENTS|APPT|APPTS|SEEING|SEE|SEES|MEETING|MEET|CONSULT|CONSULTATION|CLINIC|SPECIALIST|ONCOLOGIST|DOCTOR|CONSULTANT|SURGEON|HOSPITAL|GP|BOOKED|BOOKING|SCHEDULED|VISIT|REFERRAL APPOINTMENT|CITA|CITAS|CONSULTA|MEDICO|MEDICA|DOCTORA|ESPECIALISTA|ONCOLOGO|ONCOLOGA|CLINICA|ME VE|ME VERA|ME ATIENDE|ME ATIENDEN|ME VEN|TURNO|CIRUJANO|CIRUJANA|VEO AL|VER AL|VER A LA|SECOND OPINION|SEGUNDA OPINION)\b/;

/** A date in the past ("3 weeks ago", "hace dos semanas") is news, not an appointment to remind. */
const PAST = /\b(AGO|YESTERDAY|LAST (WEEK|MONTH|YEAR|TIME)|HACE|AYER|LA SEMANA PASADA|EL MES PASADO)\b/;

/** A question mentioning a date asks something ("what should I bring on tuesday?"), unless it asks for a reminder. */
const REMINDER = /\b(REMIND|REMINDER|REMINDERS|RECORDAR|RECUERDEN|RECUERDAME|RECORDATORIO)\b/;

/** A question word anywhere ("on monday, what questions"): without a clock time, it asks. */
const ASKS = /\b(WHAT|HOW|WHY|WHICH|SHOULD|QUE|COMO|CUAL|CUALES|DEBO|DEBERIA)\b/;
const CLOCK_TIME =
  /\d{1,2}\s*[:.h]\s*\d{2}|\d\s*(am|pm|a\.m|p\.m)\b|\b(at|a las|alas)\s+\d|\bnoon\b|\bmediod[ií]a\b/i;

export function mentionsVisit(read: ReadText): boolean {
  return (
    ABOUT_A_VISIT.test(read.text) ||
    read.words.some((word) => (APPOINTMENT_KEYWORDS as readonly string[]).includes(word))
  );
}

/** True when the text gives an appointment date; `language` is the language it is written in. */
export function readsAsAppointment(
  read: ReadText,
  language: Language,
  dates: DateParsers | undefined,
): boolean {
  if ((read.question && !REMINDER.test(read.text)) || PAST.test(read.text)) return false;
  if (ASKS.test(read.text) && !CLOCK_TIME.test(read.raw)) return false;
  return looksLikeAppointment(read.raw, mentionsVisit(read), language, dates);
}
