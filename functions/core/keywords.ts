import { mayHoldDate } from './appointment.js';

/** What a text asks for: defined with the understanding layers (understanding/intent.ts). */
export type { Intent } from './understanding/intent.js';

/**
 * Carrier and CTIA opt-out words, the French word Canadian carriers require, and the Spanish
 * ones (ALTO, PARAR, CANCELAR, BAJA). Spanish words are only whole-message keywords: "alto
 * riesgo" or "parar el tratamiento" are questions, not opt-outs.
 */
export const OPT_OUT_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'OPTOUT',
  'REVOKE',
  'ARRET',
  'ALTO',
  'PARAR',
  'CANCELAR',
  'BAJA',
] as const;
/** SI (sí) is YES: it joins, or confirms a pending appointment date. */
export const OPT_IN_KEYWORDS = ['START', 'JOIN', 'YES', 'UNSTOP', 'SUBSCRIBE', 'INICIO', 'SI'] as const;
/** Words that confirm a pending appointment date ("Reply YES to confirm"). */
export const CONFIRM_KEYWORDS: readonly string[] = ['YES', 'SI'];
export const HELP_KEYWORDS = ['HELP', 'INFO', 'AYUDA'] as const;
export const MENU_KEYWORDS = ['MENU', 'TEMAS'] as const;
export const MORE_KEYWORDS = ['MORE', 'NEXT', 'MAS', 'SIGUIENTE'] as const;
/** Appointment and checklist commands. YES confirms a pending date: see conversation.ts. */
export const APPOINTMENT_KEYWORDS = ['APPT', 'APPTS', 'APPOINTMENT', 'CITA', 'CITAS'] as const;
export const CHECKLIST_KEYWORDS = ['LIST', 'CHECKLIST', 'LISTA'] as const;
export const TICK_KEYWORDS = ['DONE', 'GOT', 'LISTO', 'TENGO'] as const;
export const UNTICK_KEYWORDS = ['UNDO', 'DESHACER'] as const;
export const TIME_ZONE_KEYWORDS = ['TIMEZONE'] as const;
/** Words no topic may use as a keyword: they already mean something everywhere. */
export const RESERVED_KEYWORDS: readonly string[] = [
  ...OPT_OUT_KEYWORDS,
  ...OPT_IN_KEYWORDS,
  ...HELP_KEYWORDS,
  ...MENU_KEYWORDS,
  ...MORE_KEYWORDS,
  ...APPOINTMENT_KEYWORDS,
  ...CHECKLIST_KEYWORDS,
  ...TICK_KEYWORDS,
  ...UNTICK_KEYWORDS,
  ...TIME_ZONE_KEYWORDS,
  'REGION',
  'NO',
];

/**
 * Upper case, accents and apostrophes removed, other punctuation turned into spaces, spaces
 * collapsed: "  Stop! ", "stop" and "ARRÊT" compare equal to their keywords, "don't" reads DONT.
 */
export function normalise(body: string): string {
  return body
    .replace(/['\u2019]/g, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/**
 * Whether reading this text may need the date parsers: it starts with an appointment keyword
 * (APPT 12 Dec 10:30) or holds a digit or date word. The SMS function loads chrono-node only
 * then; {@link classifyMessage} and the conversation never touch the parsers otherwise.
 */
export function needsDateParsers(body: string): boolean {
  const first = normalise(body).split(' ')[0] ?? '';
  return has(APPOINTMENT_KEYWORDS, first) || mayHoldDate(body);
}

const has = (list: readonly string[], word: string) => list.includes(word);
