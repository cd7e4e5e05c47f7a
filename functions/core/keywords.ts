import { type DateParsers, looksLikeAppointment, mayHoldDate } from './appointment.js';
import { type Content, isRegion, LANGUAGES, type Language, type Region } from './content-model.js';

/**
 * What an inbound text asks for. Classification is separate from the conversation so the
 * voice line and the tests can reuse it, and so the opt-out rules sit in one readable place.
 */
export type Intent =
  /** `language`: the keyword belongs to one language (ALTO, INICIO, AYUDA), so the reply is in it. */
  | { kind: 'opt-out'; keyword: string; language?: Language }
  | { kind: 'opt-in'; keyword: string; language?: Language }
  | { kind: 'help'; language?: Language }
  /** ENGLISH, ESPAÑOL...: the content's `languageWords`; the person's texts switch to it. */
  | { kind: 'language'; language: Language }
  | { kind: 'menu' }
  | { kind: 'more' }
  | { kind: 'region'; region: Region | undefined }
  | { kind: 'topic'; topicId: string }
  /** APPT or a date sentence; `text` is the body as sent, for the date parser. */
  | { kind: 'appointment'; text: string }
  | { kind: 'cancel-appointment' }
  | { kind: 'checklist' }
  /** DONE / GOT (done: true) or UNDO (done: false), naming items by number or word. */
  | { kind: 'tick'; done: boolean; refs: (number | string)[] }
  /** TIMEZONE; `value` is what followed it, as sent, so an IANA name keeps its spelling. */
  | { kind: 'time-zone'; value: string }
  | { kind: 'unknown' };

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
/** Appointment and checklist commands (issue 4). YES confirms a pending date: see conversation.ts. */
export const APPOINTMENT_KEYWORDS = ['APPT', 'APPTS', 'APPOINTMENT', 'CITA', 'CITAS'] as const;
export const CHECKLIST_KEYWORDS = ['LIST', 'CHECKLIST', 'LISTA'] as const;
export const TICK_KEYWORDS = ['DONE', 'GOT', 'LISTO', 'TENGO'] as const;
export const UNTICK_KEYWORDS = ['UNDO', 'DESHACER'] as const;
/**
 * Keywords that belong to one language: the reply to them is in that language (and opt-in,
 * opt-out and HELP store it), whatever the person's language was. STOP, START and HELP are
 * everyone's words and keep the person's language.
 */
const KEYWORD_LANGUAGE: Readonly<Record<string, Language>> = {
  ALTO: 'es',
  PARAR: 'es',
  CANCELAR: 'es',
  BAJA: 'es',
  INICIO: 'es',
  SI: 'es',
  AYUDA: 'es',
};
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
 * Plain-language revocations. The FCC's 2024 rule says consent may be revoked "in any
 * reasonable manner", so these count as STOP even though Twilio's own filter ignores them.
 * They are written to need a word about messages, so "stop treatment?" stays a question.
 */
const OPT_OUT_PHRASES: readonly RegExp[] = [
  /\b(STOP|QUIT|CANCEL|NO MORE)( [A-Z]+){0,2} (TEXTS?|TEXTING|MESSAGES?|MESSAGING|SMS|REMINDERS)\b/,
  /\b(DONT|DO NOT|NEVER) (TEXT|MESSAGE|CONTACT)( ME)?\b/,
  /\b(UNSUBSCRIBE|OPT ME OUT|OPT OUT|REMOVE ME|TAKE ME OFF|LEAVE ME ALONE)\b/,
  // Spanish: "no me manden más mensajes", "ya no quiero mensajes", "dejen de escribirme".
  /\bNO (ME )?(MANDEN|ENVIEN|ESCRIBAN|MANDES|ENVIES|ESCRIBAS)( [A-Z]+){0,2} (MENSAJES|TEXTOS|SMS|RECORDATORIOS)\b/,
  /\bNO (ME )?(MANDEN|ENVIEN|ESCRIBAN|MANDES|ENVIES|ESCRIBAS) MAS\b/,
  /\b(NO|YA NO) QUIERO( [A-Z]+){0,2} (MENSAJES|TEXTOS|SMS|RECORDATORIOS)\b/,
  /\b(DEJEN|DEJE|DEJA|PAREN|PARE) DE (ENVIAR|MANDAR|ESCRIBIR)(ME)?\b/,
  /\b(DARME|DENME|DAR|DARSE) DE BAJA\b/,
];

/** Spanish opt-out phrases: the confirmation is sent in Spanish. */
const SPANISH_OPT_OUT_PHRASES = new Set(OPT_OUT_PHRASES.slice(3));

/** Opt-out words that also start a plain phrase ("stop please", "STOP!!!"): never CANCEL or END. */
const OPT_OUT_LEADING_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'OPTOUT', 'REVOKE', 'ARRET']);

const CRISIS_PATTERNS: readonly RegExp[] = [
  /\bEMERGENCY\b/,
  /\bSUICID/,
  /\bKILL(ING)? MY ?SELF\b/,
  /\b(WANT|WANNA|GOING) TO DIE\b/,
  /\bWANNA DIE\b/,
  /\bEND (IT ALL|MY LIFE)\b/,
  /\b(CANT|CAN NOT|CANNOT|CAN T) BREATHE?\b/,
  /\bCHEST PAIN/,
  /\bOVERDOSE/,
  /\bSELF HARM/,
  /\bHURT(ING)? MY ?SELF\b/,
];

/** The same signals in Spanish ("suicidio" is caught by SUICID above, and answered in Spanish). */
const SPANISH_CRISIS_PATTERNS: readonly RegExp[] = [
  /\bEMERGENCIA/,
  /\bSUICID(IO|ARME|ARSE|A)\b/,
  /\b(ME )?QUIERO MORIR/,
  /\bQUIERO MATARME\b|\bMATARME\b|\bME VOY A MATAR\b/,
  /\bQUITARME LA VIDA\b/,
  /\bNO PUEDO RESPIRAR\b/,
  /\bDOLOR (DE|EN EL) PECHO\b/,
  /\bSOBREDOSIS\b/,
  /\b(HACERME|ME HAGO|ME ESTOY HACIENDO) DANO\b/,
];

/** True when a message signals an emergency or a crisis: the reply leads with help lines. */
export function signalsCrisis(body: string): boolean {
  return crisisLanguage(body) !== undefined;
}

/** The language a crisis message is written in (Spanish patterns first), or undefined: no crisis. */
export function crisisLanguage(body: string): Language | undefined {
  const text = normalise(body);
  if (SPANISH_CRISIS_PATTERNS.some((pattern) => pattern.test(text))) return 'es';
  return CRISIS_PATTERNS.some((pattern) => pattern.test(text)) ? 'en' : undefined;
}

const REGION_WORDS: Record<string, Region> = {
  UK: 'uk',
  GB: 'uk',
  NHS: 'uk',
  ENGLAND: 'uk',
  SCOTLAND: 'uk',
  WALES: 'uk',
  US: 'us',
  USA: 'us',
  CANADA: 'ca',
  CA: 'ca',
  // Spanish: REGION EEUU, REGION ESTADOS UNIDOS, REGION REINO UNIDO.
  EEUU: 'us',
  EE: 'us',
  ESTADOS: 'us',
  REINO: 'uk',
};

function parseRegion(word: string | undefined): Region | undefined {
  if (word === undefined) return undefined;
  const direct = word.toLowerCase();
  return REGION_WORDS[word] ?? (isRegion(direct) ? direct : undefined);
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

/**
 * Reads a text as one intent. Order matters: opt-out wins over everything else. `dates` may
 * be left out for texts {@link needsDateParsers} rejects.
 */
export function classifyMessage(
  body: string,
  content: Content,
  language: Language = 'en',
  dates?: DateParsers,
): Intent {
  const text = normalise(body);
  const words = text.split(' ');
  const first = words[0] ?? '';
  const own = (keyword: string) => withLanguage(keyword, content);

  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(text))
    return { kind: 'opt-out', keyword: text, ...own(text) };
  // CANCEL alone is an opt-out word, but "CANCEL APPT" only cancels the reminders. Checked
  // before the plain-language phrases; "cancel ... reminders" still reads as an opt-out.
  if (CANCEL_APPOINTMENT.test(text)) return { kind: 'cancel-appointment' };
  if (OPT_OUT_LEADING_WORDS.has(first) && words.length <= 4) return { kind: 'opt-out', keyword: first };
  const phrase = OPT_OUT_PHRASES.find((candidate) => candidate.test(text));
  if (phrase !== undefined) {
    const spanish = SPANISH_OPT_OUT_PHRASES.has(phrase) && content.languages.es !== undefined;
    return { kind: 'opt-out', keyword: 'PHRASE', ...(spanish ? { language: 'es' as const } : {}) };
  }

  if ((OPT_IN_KEYWORDS as readonly string[]).includes(text) || text === content.program.keyword) {
    return { kind: 'opt-in', keyword: text, ...own(text) };
  }
  if ((HELP_KEYWORDS as readonly string[]).includes(text)) return { kind: 'help', ...own(text) };
  const chosen = languageWord(words, content);
  if (chosen !== undefined) return { kind: 'language', language: chosen };
  if ((MENU_KEYWORDS as readonly string[]).includes(text)) return { kind: 'menu' };
  if ((MORE_KEYWORDS as readonly string[]).includes(text)) return { kind: 'more' };
  if (first === 'REGION' && words.length <= 3) return { kind: 'region', region: parseRegion(words[1]) };
  const command = classifyCommand(body, words, language, dates);
  if (command !== undefined) return command;

  const topicId = findTopic(words, content, language);
  if (topicId !== undefined) return { kind: 'topic', topicId };
  return { kind: 'unknown' };
}

const CANCEL_APPOINTMENT =
  /^(CANCEL (MY )?(APPT|APPTS|APPOINTMENT|APPOINTMENTS)|CANCELAR (MI |LA )?(CITA|CITAS))$/;
const has = (list: readonly string[], word: string) => list.includes(word);

/** The keyword's own language, when it has one and the content speaks it. */
function withLanguage(keyword: string, content: Content): { language?: Language } {
  const language = KEYWORD_LANGUAGE[keyword];
  return language !== undefined && content.languages[language] !== undefined ? { language } : {};
}

/**
 * A language word (the content's `languageWords`: ENGLISH, ESPANOL...) as the whole text or
 * the first of at most three words ("español por favor"). Only languages with content.
 */
function languageWord(words: string[], content: Content): Language | undefined {
  const first = words[0] ?? '';
  if (words.length > 3) return undefined;
  return LANGUAGES.find((language) => content.languages[language]?.voice.languageWords.includes(first));
}

/** Appointment, checklist and time-zone commands, and date sentences without a keyword. */
function classifyCommand(
  body: string,
  words: string[],
  language: Language,
  dates: DateParsers | undefined,
): Intent | undefined {
  const first = words[0] ?? '';
  if (has(CHECKLIST_KEYWORDS, first) && words.length <= 2) return { kind: 'checklist' };
  if (has(TIME_ZONE_KEYWORDS, first) || (first === 'TIME' && words[1] === 'ZONE')) {
    return { kind: 'time-zone', value: body.trim().replace(/^time\s*zone\b[\s:]*/i, '') };
  }
  if (first === 'ZONA' && words[1] === 'HORARIA') {
    return { kind: 'time-zone', value: body.trim().replace(/^zona\s+horaria\b[\s:]*/i, '') };
  }
  const ticking = has(TICK_KEYWORDS, first);
  if (ticking || has(UNTICK_KEYWORDS, first)) {
    if (words.length === 1) return { kind: 'checklist' };
    const refs = words.slice(1).map((word) => (/^\d{1,2}$/.test(word) ? Number(word) : word));
    return { kind: 'tick', done: ticking, refs };
  }
  if (has(APPOINTMENT_KEYWORDS, first)) return { kind: 'appointment', text: body };
  const mentionsAppointment = words.some((word) => has(APPOINTMENT_KEYWORDS, word));
  if (looksLikeAppointment(body, mentionsAppointment, language, dates))
    return { kind: 'appointment', text: body };
  return undefined;
}

/**
 * A topic by its menu number or one of its keywords, as the whole text or its first word.
 * Keywords are unique across languages (the linter checks), so a keyword of another
 * language finds the same topic: a Spanish reader who texts RECORDS still gets records.
 */
function findTopic(words: string[], content: Content, language: Language): string | undefined {
  const topics = (content.languages[language] ?? content.languages.en).topics;
  const first = words[0] ?? '';
  if (/^\d{1,2}$/.test(first) && words.length === 1) return topics[Number(first) - 1]?.id;
  const everyTopic = [
    ...topics,
    ...LANGUAGES.flatMap((other) => (other === language ? [] : (content.languages[other]?.topics ?? []))),
  ];
  const byKeyword = (word: string) => everyTopic.find((topic) => topic.keywords.includes(word))?.id;
  return byKeyword(first) ?? (words.length <= 3 ? words.map(byKeyword).find(Boolean) : undefined);
}
