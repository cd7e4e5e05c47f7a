import { type Content, type Language, type Region, RegionSchema } from './content-model.js';

/**
 * What an inbound text asks for. Classification is separate from the conversation so the
 * voice line and the tests can reuse it, and so the opt-out rules sit in one readable place.
 */
export type Intent =
  | { kind: 'opt-out'; keyword: string }
  | { kind: 'opt-in'; keyword: string }
  | { kind: 'help' }
  | { kind: 'menu' }
  | { kind: 'more' }
  | { kind: 'region'; region: Region | undefined }
  | { kind: 'topic'; topicId: string }
  | { kind: 'unknown' };

/** Carrier and CTIA opt-out words, plus the French word Canadian carriers require. */
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
] as const;
export const OPT_IN_KEYWORDS = ['START', 'JOIN', 'YES', 'UNSTOP', 'SUBSCRIBE'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;
export const MENU_KEYWORDS = ['MENU'] as const;
export const MORE_KEYWORDS = ['MORE', 'NEXT'] as const;
/** Words no topic may use as a keyword: they already mean something everywhere. */
export const RESERVED_KEYWORDS: readonly string[] = [
  ...OPT_OUT_KEYWORDS,
  ...OPT_IN_KEYWORDS,
  ...HELP_KEYWORDS,
  ...MENU_KEYWORDS,
  ...MORE_KEYWORDS,
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
];

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

/** True when a message signals an emergency or a crisis: the reply leads with help lines. */
export function signalsCrisis(body: string): boolean {
  const text = normalise(body);
  return CRISIS_PATTERNS.some((pattern) => pattern.test(text));
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
};

function parseRegion(word: string | undefined): Region | undefined {
  if (word === undefined) return undefined;
  const direct = RegionSchema.safeParse(word.toLowerCase());
  return REGION_WORDS[word] ?? (direct.success ? direct.data : undefined);
}

/** Reads a text as one intent. Order matters: opt-out wins over everything else. */
export function classifyMessage(body: string, content: Content, language: Language = 'en'): Intent {
  const text = normalise(body);
  const words = text.split(' ');
  const first = words[0] ?? '';

  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(text)) return { kind: 'opt-out', keyword: text };
  if (OPT_OUT_LEADING_WORDS.has(first) && words.length <= 4) return { kind: 'opt-out', keyword: first };
  if (OPT_OUT_PHRASES.some((phrase) => phrase.test(text))) return { kind: 'opt-out', keyword: 'PHRASE' };

  if ((OPT_IN_KEYWORDS as readonly string[]).includes(text) || text === content.program.keyword) {
    return { kind: 'opt-in', keyword: text };
  }
  if ((HELP_KEYWORDS as readonly string[]).includes(text)) return { kind: 'help' };
  if ((MENU_KEYWORDS as readonly string[]).includes(text)) return { kind: 'menu' };
  if ((MORE_KEYWORDS as readonly string[]).includes(text)) return { kind: 'more' };
  if (first === 'REGION' && words.length <= 3) return { kind: 'region', region: parseRegion(words[1]) };

  const topicId = findTopic(words, content, language);
  if (topicId !== undefined) return { kind: 'topic', topicId };
  return { kind: 'unknown' };
}

/** A topic by its menu number or one of its keywords, as the whole text or its first word. */
function findTopic(words: string[], content: Content, language: Language): string | undefined {
  const topics = (content.languages[language] ?? content.languages.en).topics;
  const first = words[0] ?? '';
  if (/^\d{1,2}$/.test(first) && words.length === 1) return topics[Number(first) - 1]?.id;
  const byKeyword = (word: string) => topics.find((topic) => topic.keywords.includes(word))?.id;
  return byKeyword(first) ?? (words.length <= 3 ? words.map(byKeyword).find(Boolean) : undefined);
}
