import { normalise } from '../keywords.js';

/**
 * A text as the understanding layers read it: upper case, accents and punctuation gone
 * (keywords.ts `normalise`), common txt-speak spelt out ("u" → YOU, "pls" → PLEASE, "q" →
 * QUE) and near-misses of the layers' signal words corrected ("breathin", "sucide"), so each
 * layer's phrase patterns are written once, in plain spelling, and still match what people type.
 */
export type ReadText = {
  /** The body as sent. */
  raw: string;
  /** Normalised, expanded and corrected: what the phrase patterns run on. */
  text: string;
  words: string[];
  /** The body asks something: a question mark, or it opens like a question. */
  question: boolean;
};

/**
 * Txt-speak and contractions that hide a phrase's words. Only whole words, and only spellings
 * that mean one thing: "u", "ur" and "im" are never anything else in a text to this line.
 */
const SPELT_OUT: Readonly<Record<string, string>> = {
  U: 'YOU',
  UR: 'YOUR',
  PLS: 'PLEASE',
  PLZ: 'PLEASE',
  PLEASEE: 'PLEASE',
  THX: 'THANKS',
  THNX: 'THANKS',
  IM: 'I AM',
  IVE: 'I HAVE',
  ILL: 'I WILL',
  WANNA: 'WANT TO',
  GONNA: 'GOING TO',
  GOTTA: 'GOT TO',
  CANT: 'CANNOT',
  DONT: 'DO NOT',
  DOESNT: 'DOES NOT',
  DIDNT: 'DID NOT',
  ISNT: 'IS NOT',
  WONT: 'WILL NOT',
  AINT: 'IS NOT',
  HES: 'HE IS',
  SHES: 'SHE IS',
  ITS: 'IT IS',
  THATS: 'THAT IS',
  WHATS: 'WHAT IS',
  B4: 'BEFORE',
  '2DAY': 'TODAY',
  '2MORO': 'TOMORROW',
  '2MORROW': 'TOMORROW',
  TMRW: 'TOMORROW',
  TMR: 'TOMORROW',
  DR: 'DOCTOR',
  DRS: 'DOCTORS',
  DOC: 'DOCTOR',
  R: 'ARE',
  N: 'AND',
  W: 'WITH',
  WAT: 'WHAT',
  MSG: 'MESSAGE',
  MSGS: 'MESSAGES',
  MSGING: 'MESSAGING',
  MSGIN: 'MESSAGING',
  MESSAGIN: 'MESSAGING',
  TXT: 'TEXT',
  TXTS: 'TEXTS',
  TXTING: 'TEXTING',
  TXTIN: 'TEXTING',
  TEXTIN: 'TEXTING',
  WOT: 'WHAT',
  HW: 'HOW',
  ANYMORE: 'ANY MORE',
  // Spanish txt-speak.
  Q: 'QUE',
  K: 'QUE',
  KE: 'QUE',
  XQ: 'POR QUE',
  PQ: 'POR QUE',
  PORQUE: 'POR QUE',
  TB: 'TAMBIEN',
  TMB: 'TAMBIEN',
  XFA: 'POR FAVOR',
  PORFA: 'POR FAVOR',
  PORFAVOR: 'POR FAVOR',
  PFA: 'POR FAVOR',
  DRA: 'DOCTORA',
  NTP: 'NO TE PREOCUPES',
};

/** Question openings in both languages: "what...", "can I...", "¿debo...", "tengo que...". */
const QUESTION_START =
  /^(WHAT|HOW|WHY|WHEN|WHERE|WHO|WHICH|CAN|COULD|SHOULD|SHALL|DO|DOES|DID|IS|ARE|WILL|WOULD|AM|HAVE|HAS|QUE|COMO|POR QUE|CUANDO|DONDE|QUIEN|CUAL|CUANTO|CUANTOS|CUANTAS|PUEDO|PUEDE|PUEDEN|DEBO|DEBERIA|TENGO QUE|HAY QUE|ES|SERA|ESTA|NECESITO SABER)\b/;

/** Reads a body once for every layer; `vocabulary` is the words worth correcting typos towards. */
export function readText(raw: string, vocabulary: ReadonlySet<string> = SIGNAL_WORDS): ReadText {
  const words = normalise(raw)
    .split(' ')
    .filter(Boolean)
    .flatMap((word) => (SPELT_OUT[word] ?? correct(word, vocabulary)).split(' '));
  const text = words.join(' ');
  return { raw, text, words, question: /[?¿]/.test(raw) || QUESTION_START.test(text) };
}

/**
 * The signal words of the phrase layers (emergency, opt-out, distress, medical): a word one
 * typo away from one of these (two for long words) is read as it. Short words are left
 * alone: "die" and "dye", "mas" and "más" are too close to guess.
 */
export const SIGNAL_WORDS: ReadonlySet<string> = new Set(
  `BREATHE BREATHING BREATHIN COLLAPSED UNCONSCIOUS UNRESPONSIVE BLEEDING OVERDOSE OVERDOSED
  SUICIDE SUICIDAL KILLING MYSELF HIMSELF HERSELF LIVING ANYMORE SCARED FRIGHTENED TERRIFIED
  PETRIFIED AFRAID ANXIOUS TERMINAL DYING PILLS TABLETS UNSUBSCRIBE MESSAGES TEXTING NUMBER
  REMOVE EMERGENCY AMBULANCE SEIZURE CHOKING SURVIVAL PROGNOSIS EXPECTANCY DOSAGE
  RESPIRAR RESPIRA DESMAYO DESMAYADO DESMAYADA INCONSCIENTE SANGRANDO SANGRADO HEMORRAGIA
  SOBREDOSIS PASTILLAS SUICIDARME SUICIDIO MATARME QUITARME MORIRME MORIR MURIENDO VIVIR ASUSTADO
  ASUSTADA ATERRADO ATERRADA DESESPERADO DESESPERADA ANGUSTIADO ANGUSTIADA MIEDO EQUIVOCADO
  MENSAJES ESCRIBAN ESCRIBIRME MANDEN ENVIEN BORRENME QUITENME SAQUENME EMERGENCIA
  AMBULANCIA CONVULSION DOSIS SUPERVIVENCIA PRONOSTICO`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Corrections already worked out, per vocabulary: people reuse the same words, and comparing
 * a word with every signal word is the costliest step of reading a text. Bounded, so a flood
 * of made-up words cannot grow it without end.
 */
const CORRECTED = new WeakMap<ReadonlySet<string>, Map<string, string>>();
const MAX_REMEMBERED = 5000;

/**
 * Real words one letter from a signal word, never corrected: "doing" is not "dying",
 * "terminar" not "terminal", "escriben" (they write) not "escriban" (write!).
 */
const NOT_TYPOS = new Set(
  `DOING TERMINAR ESCRIBEN MANDAN ENVIAN MESSAGE TABLES REMOTE LIVINGS SCARES SACRED PILLOW
  MORIRA VIVIRA RESPIRO MIEDOS NUMBERS MENSAJE TEXTS TEXT`.split(/\s+/),
);

function correct(word: string, vocabulary: ReadonlySet<string>): string {
  // Five-letter words are too close to others to guess at ("dying" and "doing").
  if (word.length < 6 || vocabulary.has(word) || NOT_TYPOS.has(word) || /\d/.test(word)) return word;
  let known = CORRECTED.get(vocabulary);
  if (known === undefined) {
    known = new Map();
    CORRECTED.set(vocabulary, known);
  }
  const remembered = known.get(word);
  if (remembered !== undefined) return remembered;
  const corrected = closest(word, vocabulary);
  if (known.size >= MAX_REMEMBERED) known.clear();
  known.set(word, corrected);
  return corrected;
}

function closest(word: string, vocabulary: ReadonlySet<string>): string {
  // One edit for most words, two only for long ones; the closest word wins, and a tie
  // between two different words corrects nothing ("quitarme" is not "quitenme").
  const allowed = word.length >= 10 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = allowed + 1;
  let tie = false;
  for (const candidate of vocabulary) {
    if (Math.abs(candidate.length - word.length) > allowed || candidate[0] !== word[0]) continue;
    const distance = editDistance(word, candidate, allowed);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) tie = true;
  }
  return best !== undefined && !tie ? best : word;
}

/** Damerau-Levenshtein (optimal string alignment), giving up past `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    let best = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = value;
      best = Math.min(best, value);
    }
    if (best > limit) return best;
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** True when any pattern matches the read text. */
export function matchesAny(patterns: readonly RegExp[], text: string): boolean {
  return patterns.some((pattern) => pattern.test(text));
}
