import type { DateParsers } from '../appointment.js';
import { type Content, LANGUAGES, type Language } from '../content-model.js';
import { RESERVED_KEYWORDS } from '../keywords.js';
import { readsAsAppointment } from './appointment-dates.js';
import { readCommand } from './commands.js';
import { type Distress, readDistress } from './distress.js';
import { emergencyLanguage } from './emergency.js';
import type { Intent, Understood } from './intent.js';
import { textLanguage } from './language.js';
import { aboutSecondOpinion, readsAsMedical } from './medical.js';
import { readOptOut, readOptOutKeyword } from './opt-out.js';
import { type ReadText, readText } from './text.js';
import { bandOf, type TopicReading, type TopicSearch } from './topics.js';

/**
 * Understanding in layers, safety first, tried in this order on every text and every caller's
 * words: 1 emergencies and self-harm, 2 opt-out, 3 fear and distress, 4 commands, 5 appointment
 * dates, 6 topics by full-text search, 7 medical questions and the fallback. Each layer is a
 * pure module of this folder with its own tests; this one only orders them.
 */
export type UnderstandOptions = {
  /** chrono-node, for texts that may hold a date (keywords.ts `needsDateParsers`). */
  dates?: DateParsers;
  /** The topic search; without it only keywords and menu numbers find topics. */
  search?: TopicSearch;
};

export type Understanding = {
  intent: Intent;
  /** Set when the text signals an emergency: the crisis lines go first, in this language. */
  emergency?: Language;
  /** Fear words in a text the later layers answered: the reply to use if they could not. */
  distress?: Distress;
  /** The language the text is written in, when its words say. */
  written?: Language;
  understood: Understood;
};

export function understand(
  body: string,
  content: Content,
  language: Language = 'en',
  options: UnderstandOptions = {},
): Understanding {
  const read = readText(body);
  // A bare keyword (HELP, STOP, MENU, 6, DONE 2) skips the phrase patterns: it cannot be an
  // emergency, a plain-language stop or fear, and the patterns (milliseconds to compile on
  // their first use) then cost nothing on a cold start.
  const plain = plainKeywords(read, content);
  const emergency = plain ? undefined : emergencyLanguage(read);
  const written = textLanguage(read);
  const base = { ...(emergency ? { emergency } : {}), ...(written ? { written } : {}) };
  const flag = emergency ? { emergency: true } : {};
  const placed = (intent: Intent, understood: Understood): Understanding => ({
    ...base,
    intent,
    understood: { ...understood, ...flag },
  });
  // Layer 1 is read first and always answered first; an opt-out in the same text is still
  // honoured (STOP always wins), anything else waits: the crisis lines are the answer.

  const optOut = plain ? readOptOutKeyword(read, true) : readOptOut(read);
  if (optOut?.kind === 'opt-out') return placed(optOut, { layer: 'opt-out' });
  // "stop, I can't breathe": the crisis lines matter, the stop question does not.
  if (emergency !== undefined)
    return placed({ kind: 'emergency', language: emergency }, { layer: 'emergency' });
  if (optOut?.kind === 'opt-out-unclear') return placed(optOut, { layer: 'opt-out' });

  const distress = plain ? undefined : readDistress(read);
  if (distress === 'strong') return placed({ kind: 'distress' }, { layer: 'distress' });

  const command = readCommand(read, content, language);
  if (command !== undefined) {
    const topic = command.kind === 'topic' ? { topic: command.topicId, band: 'sure' as const } : {};
    return placed(command, { layer: command.kind === 'appointment' ? 'appointment' : 'command', ...topic });
  }

  // Without the date parsers (the phone line) there is no date to read.
  const dateLanguage = written ?? language;
  if (options.dates !== undefined && readsAsAppointment(read, dateLanguage, options.dates)) {
    const own = dateLanguage === language ? {} : { language: dateLanguage };
    return placed({ kind: 'appointment', text: body, ...own }, { layer: 'appointment' });
  }

  const reading = readTopics(read.raw, options.search);
  const medical = readsAsMedical(read);
  if (medical && !(reading.band === 'sure' && aboutSecondOpinion(read))) {
    return placed({ kind: 'medical' }, { layer: 'medical' });
  }
  const withDistress = distress ? { distress } : {};
  switch (reading.band) {
    case 'sure':
      return {
        ...placed(
          { kind: 'topic', topicId: reading.topicId },
          { layer: 'topic', topic: reading.topicId, band: 'sure' },
        ),
        ...withDistress,
      };
    case 'close':
      return {
        ...placed({ kind: 'did-you-mean', topicIds: reading.topicIds }, { layer: 'topic', band: 'close' }),
        ...withDistress,
      };
    case 'unsure': {
      // A frightened text the line cannot place gets the kind reply, not a list of topics.
      if (distress === 'mild') return placed({ kind: 'distress' }, { layer: 'distress', band: 'unsure' });
      const suggestions = withDefaults(reading.suggestions, content, language);
      return placed({ kind: 'unknown', suggestions }, { layer: 'fallback', band: 'unsure' });
    }
  }
}

/** One or two words, each a keyword of the line, a topic keyword, a language word or a number. */
function plainKeywords(read: ReadText, content: Content): boolean {
  if (read.words.length > 2) return false;
  return read.words.every(
    (word) =>
      /^\d{1,2}$/.test(word) ||
      RESERVED_KEYWORDS.includes(word) ||
      word === content.program.keyword ||
      LANGUAGES.some((language) => {
        const lang = content.languages[language];
        return (
          lang?.voice.languageWords.includes(word) ||
          lang?.topics.some((topic) => topic.keywords.includes(word))
        );
      }),
  );
}

function readTopics(body: string, search: TopicSearch | undefined): TopicReading {
  if (search === undefined || body.trim() === '') return { band: 'unsure', suggestions: [] };
  return bandOf(search(body));
}

/** Three suggestions: the search's, then the first topics of the menu. */
function withDefaults(suggestions: string[], content: Content, language: Language): string[] {
  const topics = (content.languages[language] ?? content.languages.en).topics.map((topic) => topic.id);
  return [...new Set([...suggestions, ...topics])].slice(0, 3);
}

/** The intent alone, for callers that do not log (tests, the content linter). */
export function classifyMessage(
  body: string,
  content: Content,
  language: Language = 'en',
  dates?: DateParsers,
  search?: TopicSearch,
): Intent {
  return understand(body, content, language, { ...(dates ? { dates } : {}), ...(search ? { search } : {}) })
    .intent;
}

/** The language of an emergency text, or undefined when it signals none. */
export function crisisLanguage(body: string): Language | undefined {
  return emergencyLanguage(readText(body));
}

/** True when a text signals an emergency or a crisis: the reply leads with help lines. */
export function signalsCrisis(body: string): boolean {
  return crisisLanguage(body) !== undefined;
}

/**
 * Whether reading this text may need the topic search: texts the opt-out and command layers
 * place on their own (STOP, HELP, MENU, 6, DONE 2) never load it, so their cold start skips it.
 */
export function needsTopicSearch(body: string, content: Content): boolean {
  const read = readText(body);
  if (read.words.length === 0 || plainKeywords(read, content)) return false;
  if (readOptOut(read) !== undefined || readDistress(read) === 'strong') return false;
  return (['en', 'es'] as const).every((language) => readCommand(read, content, language) === undefined);
}
