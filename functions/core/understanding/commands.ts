import { mayHoldDate } from '../appointment.js';
import { type Content, isRegion, LANGUAGES, type Language, type Region } from '../content-model.js';
import {
  APPOINTMENT_KEYWORDS,
  CHECKLIST_KEYWORDS,
  HELP_KEYWORDS,
  MENU_KEYWORDS,
  MORE_KEYWORDS,
  OPT_IN_KEYWORDS,
  TICK_KEYWORDS,
  TIME_ZONE_KEYWORDS,
  UNTICK_KEYWORDS,
} from '../keywords.js';
import type { Intent } from './intent.js';
import { editDistance, type ReadText } from './text.js';

/**
 * Layer 4: commands, matched only when the text really is the command: the command word with
 * nothing but courtesy around it ("help me please", "ayuda por favor", "menu pls", "DONE 2"),
 * never a question that happens to start with one ("what do I bring?", "tengo que llevar los
 * resultados?"). DONE and GOT need item numbers or a close checklist-item name.
 *
 * Extension point: a command is a row of {@link COMMANDS}; a new one (e.g. a data-erasure
 * request) is a new row with its words and the intent it reads as.
 */

/** Courtesy and framing words that may surround any command. */
const COURTESY = new Set(
  `PLEASE THANKS THANK YOU OK OKAY HI HELLO HEY THE A MY ME I SHOW SEND GIVE SEE CAN COULD
  WOULD WANT LIKE NEED TO GET LET JUST AGAIN NOW POR FAVOR GRACIAS HOLA BUENAS BUENOS DIAS
  TARDES EL LA LOS LAS MI MIS ME ENVIEN ENVIAR MANDEN MANDAR VER QUIERO QUISIERA NECESITO
  PUEDE PUEDEN DE DEL UNA UN OTRA VEZ`.split(/\s+/),
);

type CommandRow = {
  /** Words that name the command; at least one must be there. */
  words: readonly string[];
  /** Further words allowed with it ("tell me MORE", "next part"). */
  allowed?: readonly string[];
  /** What it reads as, given the word that named it. */
  intent: (word: string) => Intent;
};

const SPANISH_WORDS: Readonly<Record<string, Language>> = {
  AYUDA: 'es',
  AYUDAME: 'es',
  AYUDENME: 'es',
  AYUDARME: 'es',
  ALTO: 'es',
  INICIO: 'es',
  SI: 'es',
};

const withLanguage = (word: string): { language?: Language } =>
  SPANISH_WORDS[word] ? { language: SPANISH_WORDS[word] } : {};

/** Whole-text commands, tried in order after the opt-out layer. */
export const COMMANDS: readonly CommandRow[] = [
  {
    words: [...HELP_KEYWORDS, 'AYUDAME', 'AYUDENME', 'AYUDARME', 'SOS'],
    allowed: ['SOME', 'ALGUNA', 'YOU', 'US', 'WITH', 'THIS'],
    intent: (word) => ({ kind: 'help', ...withLanguage(word) }),
  },
  {
    words: [...MENU_KEYWORDS, 'TOPICS', 'OPTIONS', 'OPCIONES', 'TEMA'],
    allowed: ['MAIN', 'OF', 'ALL', 'LIST', 'LISTA', 'PRINCIPAL', 'TODOS'],
    intent: () => ({ kind: 'menu' }),
  },
  {
    words: [...MORE_KEYWORDS, 'CONTINUE', 'CONTINUAR', 'SIGUE', 'SIGA'],
    allowed: ['TELL', 'PART', 'PARTE', 'DIME', 'DIGAME', 'INFO', 'GO', 'ON', 'KEEP', 'GOING', 'PLEASE', 'LA'],
    intent: () => ({ kind: 'more' }),
  },
  {
    words: [...CHECKLIST_KEYWORDS],
    allowed: ['CHECK', 'OF', 'RECORDS', 'THINGS', 'WHAT', 'IS', 'LEFT', 'COSAS', 'PENDIENTE'],
    intent: () => ({ kind: 'checklist' }),
  },
];

const CANCEL_APPOINTMENT =
  /^(CANCEL|DELETE|REMOVE) (MY |THE )?(APPT|APPTS|APPOINTMENT|APPOINTMENTS)( REMINDERS?)?$|^(CANCELAR|BORRAR|CANCELE|CANCELEN) (MI |LA |MIS |LAS )?(CITA|CITAS)$/;

/**
 * The command a text is, or undefined. `content` gives the program keyword, the language
 * words, the topics' keywords and the checklist items' names.
 */
export function readCommand(read: ReadText, content: Content, language: Language): Intent | undefined {
  const { words, text } = read;
  if (words.length === 0) return undefined;
  const core = words.filter((word) => !COURTESY.has(word));
  const first = words[0] ?? '';

  const optIn = [...OPT_IN_KEYWORDS, content.program.keyword] as readonly string[];
  if (optIn.includes(text)) return { kind: 'opt-in', keyword: text, ...withLanguage(text) };
  if (
    core.length === 1 &&
    ['YES', 'SI', 'START', 'INICIO', 'JOIN'].includes(core[0] ?? '') &&
    words.length <= 4
  ) {
    const keyword = core[0] as string;
    return { kind: 'opt-in', keyword, ...withLanguage(keyword) };
  }

  const chosen = languageWord(read, content);
  if (chosen !== undefined) return { kind: 'language', language: chosen };

  const cancel = words
    .filter((word) => !['PLEASE', 'POR', 'FAVOR', 'THANKS', 'GRACIAS'].includes(word))
    .join(' ');
  if (CANCEL_APPOINTMENT.test(cancel)) return { kind: 'cancel-appointment' };

  if (first === 'REGION' && words.length <= 3) return { kind: 'region', region: parseRegion(words[1]) };
  const zone = timeZone(read);
  if (zone !== undefined) return zone;

  // A question is never a command (one-word texts aside: "help?" still asks for help), but
  // "can you help me?" is a request for help, not a question about it.
  const asking = read.question && words.length > 1;
  for (const row of asking ? COMMANDS.slice(0, 1) : COMMANDS) {
    const named = core.find((word) => row.words.includes(word));
    // INFO is HELP on its own ("info?"), not in "thanks for the info".
    if (named === 'INFO' && words.length > 2) continue;
    if (
      named !== undefined &&
      core.every((word) => row.words.includes(word) || row.allowed?.includes(word))
    ) {
      return row.intent(named);
    }
  }

  if (asking) return undefined;
  const tick = readTick(read, content, language);
  if (tick !== undefined) return tick;

  if (
    (APPOINTMENT_KEYWORDS as readonly string[]).includes(first) &&
    (words.length === 1 || mayHoldDate(read.raw))
  ) {
    return { kind: 'appointment', text: read.raw };
  }

  return menuChoice(core, content, language);
}

/** A menu number ("6", "number 6", "option 6 please") or a topic keyword as the whole text. */
function menuChoice(core: string[], content: Content, language: Language): Intent | undefined {
  const rest = core.filter(
    (word) => !['NUMBER', 'NO', 'OPTION', 'NUMERO', 'OPCION', 'TOPIC', 'TEMA'].includes(word),
  );
  if (rest.length !== 1) return undefined;
  const [word = ''] = rest;
  const topics = (content.languages[language] ?? content.languages.en).topics;
  if (/^\d{1,2}$/.test(word)) {
    const topic = topics[Number(word) - 1];
    return topic === undefined ? undefined : { kind: 'topic', topicId: topic.id };
  }
  if (core.length !== 1) return undefined;
  for (const other of [language, ...LANGUAGES.filter((candidate) => candidate !== language)]) {
    const topic = content.languages[other]?.topics.find((candidate) => candidate.keywords.includes(word));
    if (topic !== undefined) return { kind: 'topic', topicId: topic.id };
  }
  return undefined;
}

/** Words allowed between DONE/GOT and the items: "got my scans and the bloods". */
const TICK_FILLER = new Set(
  `MY THE AND ALSO TOO BOTH ALL OF Y TAMBIEN MIS LOS LAS EL LA DE DEL YA NOW I HAVE THEM IT HIS HER
  REPORT REPORTS COPY COPIES PAPERS RESULT FINALLY NOW TODAY HOY COPIA COPIAS INFORME INFORMES SU SUS`.split(
    /\s+/,
  ),
);

/**
 * DONE / GOT / LISTO / TENGO and UNDO / DESHACER followed by item numbers or names close to
 * a checklist item's. "TENGO mucho miedo" or "got it, thanks" name no item: not a tick.
 */
function readTick(read: ReadText, content: Content, language: Language): Intent | undefined {
  const [first = '', ...rest] = read.words;
  const ticking = (TICK_KEYWORDS as readonly string[]).includes(first);
  if (!ticking && !(UNTICK_KEYWORDS as readonly string[]).includes(first)) return undefined;
  if (rest.length === 0) return { kind: 'checklist' };
  const itemWords = itemVocabulary(content, language);
  const refs: (number | string)[] = [];
  let named = 0;
  for (const word of rest) {
    if (/^\d{1,2}$/.test(word)) {
      refs.push(Number(word));
      named++;
      continue;
    }
    const item = closestItemWord(word, itemWords);
    if (item !== undefined) {
      refs.push(item);
      named++;
    } else if (TICK_FILLER.has(word)) refs.push(word);
    else return undefined;
  }
  return named === 0 ? undefined : { kind: 'tick', done: ticking, refs };
}

function itemVocabulary(content: Content, language: Language): string[] {
  const own = (content.languages[language] ?? content.languages.en).checklist.items;
  return own.flatMap((item) => item.keywords);
}

/** The item keyword a word names: exactly, as a plural, or one typo away (two for long words). */
function closestItemWord(word: string, itemWords: readonly string[]): string | undefined {
  if (itemWords.includes(word)) return word;
  const singular = word.replace(/E?S$/, '');
  if (itemWords.includes(singular)) return singular;
  if (word.length < 4) return undefined;
  const allowed = word.length >= 8 ? 2 : 1;
  return itemWords.find(
    (candidate) => candidate.length >= 4 && editDistance(word, candidate, allowed) <= allowed,
  );
}

/** TIMEZONE, TIME ZONE or ZONA HORARIA, with what followed it as sent. */
function timeZone(read: ReadText): Intent | undefined {
  const [first, second] = read.words;
  if (
    (TIME_ZONE_KEYWORDS as readonly string[]).includes(first ?? '') ||
    (first === 'TIME' && second === 'ZONE')
  ) {
    return { kind: 'time-zone', value: read.raw.trim().replace(/^time\s*zone\b[\s:]*/i, '') };
  }
  if (first === 'ZONA' && second === 'HORARIA') {
    return { kind: 'time-zone', value: read.raw.trim().replace(/^zona\s+horaria\b[\s:]*/i, '') };
  }
  return undefined;
}

/**
 * A language word (the content's `languageWords`: ENGLISH, ESPANOL...) as the whole text or
 * the first of at most three words ("español por favor"), or "in Spanish please" / "en
 * inglés". Only languages with content.
 */
function languageWord(read: ReadText, content: Content): Language | undefined {
  const { words } = read;
  const has = (language: Language, word: string) =>
    content.languages[language]?.voice.languageWords.includes(word) ?? false;
  const first = words[0] ?? '';
  if (words.length <= 3) {
    const chosen = LANGUAGES.find((language) => has(language, first));
    if (chosen !== undefined) return chosen;
  }
  if (words.length > 7) return undefined;
  const asked = /\b(IN|EN|SPEAK|HABLA|HABLAN|HABLO|TEXT ME IN|ESCRIBAME EN)\b (\w+)/.exec(read.text);
  const word = asked?.[2];
  const chosen = word === undefined ? undefined : LANGUAGES.find((language) => has(language, word));
  // "text me in Spanish please", never "are there groups in Spanish": nothing else asked.
  const other = words.filter((candidate) => !COURTESY.has(candidate) && !LANGUAGE_REQUEST.has(candidate));
  return chosen !== undefined && other.length <= 1 ? chosen : undefined;
}

/** Words of a request to switch language, besides the language's name. */
const LANGUAGE_REQUEST = new Set(
  `IN EN SPEAK HABLA HABLAN HABLO TEXT WRITE ESCRIBAME ESCRIBANME ESCRIBIRME YOU US PLEASE DO
  SPANISH ENGLISH ESPANOL INGLES CASTELLANO MESSAGES MENSAJES`.split(/\s+/),
);

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
