import { SegmentedMessage } from 'sms-segments-calculator';
import {
  type Content,
  forRegion,
  LANGUAGES,
  type Language,
  type LanguageContent,
  REGIONS,
} from '../functions/core/content-model.js';
import { RESERVED_KEYWORDS } from '../functions/core/keywords.js';
import { lintUnderstanding } from './lint-understanding.js';
import { gradable, readingGrade, spanishPerspicuity } from './readability.js';
import {
  describeReviewState,
  type GlossaryTerm,
  NOT_YET_REVIEWED,
  type ReviewFiles,
  reviewState,
  reviewUnits,
} from './review-files.js';
import type { CatalogueEntry } from './sms-catalogue.js';

/**
 * One finding. Without a severity it is an error: the content must not go live until it is
 * fixed. A warning is shown in the report and the test output but does not fail the build
 * (a text nobody has reviewed yet; a publisher's page past its own review date).
 */
export type Problem = { rule: string; where: string; message: string; severity?: 'warning' };

export type LintOptions = ReviewFiles & {
  /** Every text the line sends or says, rendered (see sms-catalogue.ts). */
  catalogue: CatalogueEntry[];
  /** Review dates are compared with this day (YYYY-MM-DD). */
  today: string;
};

export const MAX_AVERAGE_GRADE = 7;
export const MAX_GRADE_WITHOUT_NOTE = 9;
/**
 * Szigriszt-Pazos on the INFLESZ scale: no text "very hard" (under 40) without a reason
 * recorded, and the texts on average "fairly easy" (65 and up), easier than the "normal"
 * (55) INFLESZ asks of health information, as the English average of grade 7 is.
 */
export const MIN_SPANISH_SCORE_WITHOUT_NOTE = 40;
export const MIN_SPANISH_AVERAGE = 65;
/** A publisher's page not updated for this many years is flagged for a look. */
export const STALE_PAGE_YEARS = 3;

/**
 * Words no text may carry, per language: every SMS can arrive unasked on a lock screen or a
 * shared phone (reminders, welcome, HELP, STOP, and any topic through "text me this"), so
 * none may name a diagnosis or its tests. Matched as word beginnings, ignoring case.
 */
export const DISCRETION_WORDS: Record<Language, readonly string[]> = {
  en: ['cancer', 'tumour', 'tumor', 'biops', 'patholog', 'oncolog', 'chemo', 'malignan', 'metasta'],
  es: [
    'cáncer',
    'cancer',
    'tumor',
    'biops',
    'patolog',
    'oncólog',
    'oncolog',
    'quimio',
    'malign',
    'metást',
    'metast',
  ],
};

/** Errors only: what fails the build. */
export function errorsOf(problems: Problem[]): Problem[] {
  return problems.filter((problem) => problem.severity !== 'warning');
}

/** SMS-only wording that makes no sense read aloud. */
const SMS_WORDING = /\b[Rr]eply\b|\b[Tt]ext (us|back|me)\b|\b[Tt]ext [A-Z]{2,}\b|\b[Rr]esponda\b/;
/** Keypad wording that makes no sense in a text. */
const KEYPAD_WORDING = /\bpress\b|\bkeypad\b|\bstar key\b|\bhash key\b|\boprima\b|\bmarque\b|\bteclado\b/i;

/**
 * The checks a clinician and an operator rely on before content goes live, beyond the
 * schema: coverage of every language and region, cost (encoding and segments), wording that
 * fits its channel, unique keywords, cited sources and their dates, glossary terms explained
 * where they are used, discretion, the review record, and reading level in each language.
 */
export function lintContent(content: Content, options: LintOptions): Problem[] {
  return [
    ...checkCoverage(content),
    ...checkMessages(options.catalogue),
    ...checkKeywords(content),
    ...checkSources(content, options),
    ...checkGlossary(content, options),
    ...checkDiscretion(options.catalogue),
    ...checkReviews(content, options),
    ...checkReadability(options.catalogue),
    ...checkSpanishReadability(options.catalogue),
    ...lintUnderstanding(content),
  ];
}

function languagesOf(content: Content): [string, LanguageContent][] {
  return LANGUAGES.flatMap((language) => {
    const lang = content.languages[language];
    return lang === undefined ? [] : [[language, lang] as [string, LanguageContent]];
  });
}

function checkCoverage(content: Content): Problem[] {
  const problems: Problem[] = [];
  const reference = content.languages.en.topics;
  for (const [language, lang] of languagesOf(content)) {
    if (language === 'en') continue;
    for (const topic of reference) {
      const translated = lang.topics.find((candidate) => candidate.id === topic.id);
      if (translated === undefined) {
        problems.push({ rule: 'coverage', where: `${language}/${topic.id}`, message: 'topic missing' });
      } else if (translated.parts.length !== topic.parts.length) {
        problems.push({
          rule: 'coverage',
          where: `${language}/${topic.id}`,
          message: `${translated.parts.length} parts, English has ${topic.parts.length}`,
        });
      }
    }
    const extra = lang.topics.filter((topic) => !reference.some((candidate) => candidate.id === topic.id));
    for (const topic of extra) {
      problems.push({ rule: 'coverage', where: `${language}/${topic.id}`, message: 'topic not in English' });
    }
    problems.push(...checkChecklistCoverage(content, language, lang));
  }
  return problems;
}

/**
 * The checklist in every language: the same items, in the same order (people text DONE 2 /
 * LISTO 2, and progress is kept by item id) and for the same regions as English.
 */
function checkChecklistCoverage(content: Content, language: string, lang: LanguageContent): Problem[] {
  const reference = content.languages.en.checklist.items;
  const items = lang.checklist.items;
  const problems: Problem[] = [];
  const regionsOf = (item: { regions?: readonly string[] }) => (item.regions ?? ['all']).join(',');
  reference.forEach((item, index) => {
    const where = `${language}/checklist/${item.id}`;
    const translated = items.find((candidate) => candidate.id === item.id);
    if (translated === undefined) {
      problems.push({ rule: 'coverage', where, message: 'checklist item missing' });
    } else if (items.indexOf(translated) !== index) {
      problems.push({
        rule: 'coverage',
        where,
        message: `item ${items.indexOf(translated) + 1}, English has it as ${index + 1}`,
      });
    } else if (regionsOf(translated) !== regionsOf(item)) {
      problems.push({
        rule: 'coverage',
        where,
        message: `regions ${regionsOf(translated)}, English has ${regionsOf(item)}`,
      });
    }
  });
  for (const item of items.filter((candidate) => !reference.some((other) => other.id === candidate.id))) {
    problems.push({
      rule: 'coverage',
      where: `${language}/checklist/${item.id}`,
      message: 'checklist item not in English',
    });
  }
  return problems;
}

function checkMessages(catalogue: CatalogueEntry[]): Problem[] {
  const problems: Problem[] = [];
  for (const entry of catalogue) {
    const where = `${entry.language}/${entry.channel}/${entry.id} (${entry.region})`;
    if (/\{\w+\}/.test(entry.text))
      problems.push({ rule: 'placeholder', where, message: 'unfilled placeholder' });
    if (entry.channel === 'sms') {
      const message = new SegmentedMessage(entry.text);
      if (entry.language === 'en' && message.encodingName !== 'GSM-7') {
        const chars = [...new Set(message.getNonGsmCharacters())].join(' ');
        problems.push({ rule: 'encoding', where, message: `not GSM-7 because of: ${chars}` });
      }
      if (entry.maxSegments !== undefined && message.segmentsCount > entry.maxSegments) {
        problems.push({
          rule: 'segments',
          where,
          message: `${message.segmentsCount} segments, budget ${entry.maxSegments} (${entry.text.length} characters, ${message.encodingName})`,
        });
      }
      if (KEYPAD_WORDING.test(entry.text)) {
        problems.push({ rule: 'channel-wording', where, message: 'keypad instruction in a text message' });
      }
    } else if (SMS_WORDING.test(entry.text) && !entry.mentionsTextLine) {
      problems.push({ rule: 'channel-wording', where, message: 'texting instruction in spoken text' });
    }
  }
  return problems;
}

function checkKeywords(content: Content): Problem[] {
  const problems: Problem[] = [];
  const owner = new Map<string, string>();
  // Language words (ENGLISH, ESPANOL) switch the language before any topic is looked up.
  const reserved = [
    ...RESERVED_KEYWORDS,
    ...languagesOf(content).flatMap(([, lang]) => lang.voice.languageWords),
  ];
  for (const [language, lang] of languagesOf(content)) {
    for (const topic of lang.topics) {
      for (const keyword of topic.keywords) {
        const where = `${language}/${topic.id}`;
        if (reserved.includes(keyword)) {
          problems.push({
            rule: 'keywords',
            where,
            message: `${keyword} already means something to the line`,
          });
        }
        const first = owner.get(keyword);
        // The same topic may share a keyword across languages (e.g. MENU words); two topics may not.
        if (first !== undefined && first.split('/')[1] !== topic.id) {
          problems.push({ rule: 'keywords', where, message: `${keyword} is also used by ${first}` });
        }
        owner.set(keyword, first ?? where);
      }
    }
  }
  return problems;
}

/** Every cited source exists and is not overdue for a check; publishers' own dates are watched. */
function checkSources(content: Content, options: LintOptions): Problem[] {
  const problems: Problem[] = [];
  const known = new Map(options.sources.map((source) => [source.id, source]));
  const cite = (where: string, ids: readonly string[]) => {
    if (ids.length === 0) problems.push({ rule: 'sources', where, message: 'cites no source' });
    for (const id of ids) {
      if (!known.has(id)) problems.push({ rule: 'sources', where, message: `${id} is not in sources.yaml` });
    }
  };
  for (const [language, lang] of languagesOf(content)) {
    for (const topic of lang.topics) cite(`${language}/${topic.id}`, topic.sources);
    for (const item of lang.checklist.items) cite(`${language}/checklist/${item.id}`, item.sources);
  }
  for (const region of REGIONS) cite(`line.yaml/${region}`, content.regions[region].sources);
  const staleBefore = `${Number(options.today.slice(0, 4)) - STALE_PAGE_YEARS}${options.today.slice(4)}`;
  for (const source of options.sources) {
    const where = `sources.yaml/${source.id}`;
    if (source.nextCheck < options.today) {
      problems.push({
        rule: 'sources',
        where,
        message: `was due to be checked again on ${source.nextCheck}`,
      });
    }
    if (source.checked > options.today) {
      problems.push({ rule: 'sources', where, message: `checked date ${source.checked} is in the future` });
    }
    if (source.pageNextReview !== undefined && source.pageNextReview < options.today) {
      problems.push({
        rule: 'sources',
        where,
        severity: 'warning',
        message: `the publisher's own next review (${source.pageNextReview}) has passed: look for a newer version`,
      });
    }
    // A publication date alone (a press release) says nothing about upkeep; an update or review date does.
    const pageDate = source.pageUpdated ?? source.pageReviewed;
    if (pageDate !== undefined && pageDate < staleBefore) {
      problems.push({
        rule: 'sources',
        where,
        severity: 'warning',
        message: `the page was last updated on ${pageDate}, over ${STALE_PAGE_YEARS} years ago: look for a newer version`,
      });
    }
  }
  return problems;
}

/** Whole words (or phrases) in any letters, ignoring case. */
function mentions(text: string, phrase: string): boolean {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\d])${escaped}(?![\\p{L}\\d])`, 'iu').test(text);
}

/**
 * A glossary term used in a topic must be explained there, in the same part or an earlier
 * one, for every region: a reading grade cannot see that "registrar" means nothing to most.
 */
function checkGlossary(content: Content, options: LintOptions): Problem[] {
  const problems: Problem[] = [];
  for (const [language, lang] of languagesOf(content)) {
    const terms: GlossaryTerm[] = options.glossary[language as Language] ?? [];
    for (const topic of lang.topics) {
      for (const region of REGIONS) {
        let sofar = '';
        topic.parts.forEach((part, index) => {
          const texts = [forRegion(part.sms, region), ...(part.voice ? [forRegion(part.voice, region)] : [])];
          sofar += ` ${texts.join(' ')}`;
          for (const term of terms) {
            const used = texts.some((text) => term.forms.some((form) => mentions(text, form)));
            if (used && !term.explainedBy.some((phrase) => mentions(sofar, phrase))) {
              problems.push({
                rule: 'glossary',
                where: `${language}/${topic.id}.${index + 1} (${region})`,
                message: `"${term.term}" is used without its explanation (say what it is, e.g. "${term.explanation}")`,
              });
            }
          }
        });
      }
    }
  }
  return problems;
}

/** No SMS names a diagnosis or its tests: every one can be read on a lock screen. */
function checkDiscretion(catalogue: CatalogueEntry[]): Problem[] {
  const problems: Problem[] = [];
  for (const entry of catalogue) {
    if (entry.channel !== 'sms') continue;
    const words = DISCRETION_WORDS[entry.language] ?? [];
    const found = words.filter((word) => new RegExp(`(?<![\\p{L}])${word}`, 'iu').test(entry.text));
    if (found.length > 0) {
      problems.push({
        rule: 'discretion',
        where: `${entry.language}/${entry.channel}/${entry.id} (${entry.region})`,
        message: `names "${found.join('", "')}": texts can arrive unasked on a shared phone or lock screen`,
      });
    }
  }
  return problems;
}

/** The review record: what changed since its sign-off fails; what nobody signed off is a warning. */
function checkReviews(content: Content, options: LintOptions): Problem[] {
  const problems: Problem[] = [];
  for (const [language] of languagesOf(content)) {
    const code = language as Language;
    const units = reviewUnits(content, code);
    for (const unit of Object.keys(options.reviews[code] ?? {})) {
      if (!units.includes(unit)) {
        problems.push({
          rule: 'review',
          where: `reviews.yaml/${language}/${unit}`,
          message: 'no such topic or file',
        });
      }
    }
    for (const unit of units) {
      const where = `${language}/${unit}`;
      const entry = options.reviews[code]?.[unit];
      const state = reviewState(content, options.reviews, code, unit, options.today);
      if (state.kind === 'not-reviewed') {
        problems.push({
          rule: 'review',
          where,
          severity: 'warning',
          message: entry === undefined ? `${NOT_YET_REVIEWED} (not in reviews.yaml)` : NOT_YET_REVIEWED,
        });
      } else if (state.kind === 'changed') {
        problems.push({
          rule: 'review',
          where,
          message: `${describeReviewState(state)}: have it reviewed again (npm run content:review -- ${unit} ${language} --role "...")`,
        });
      } else if (state.kind === 'lapsed') {
        problems.push({
          rule: 'review',
          where,
          message: `${describeReviewState(state)}: have it reviewed again`,
        });
      }
      if (state.kind !== 'not-reviewed' && state.review.date > options.today) {
        problems.push({
          rule: 'review',
          where,
          message: `review date ${state.review.date} is in the future`,
        });
      }
    }
  }
  return problems;
}

function checkReadability(catalogue: CatalogueEntry[]): Problem[] {
  const english = catalogue.filter((entry) => entry.language === 'en' && gradable(entry.text));
  if (english.length === 0) return [];
  const problems: Problem[] = [];
  let total = 0;
  for (const entry of english) {
    const grade = readingGrade(entry.text);
    total += grade;
    if (grade > MAX_GRADE_WITHOUT_NOTE && entry.readingNote === undefined) {
      problems.push({
        rule: 'readability',
        where: `en/${entry.channel}/${entry.id} (${entry.region})`,
        message: `reads at grade ${grade.toFixed(1)}: simplify it, or record why in readingNote`,
      });
    }
  }
  const average = total / english.length;
  if (average > MAX_AVERAGE_GRADE) {
    problems.push({
      rule: 'readability',
      where: 'en',
      message: `average grade ${average.toFixed(1)} is above ${MAX_AVERAGE_GRADE}`,
    });
  }
  return problems;
}

/** Spanish on the Szigriszt-Pazos / INFLESZ scale: each text "normal" or easier, most easier still. */
function checkSpanishReadability(catalogue: CatalogueEntry[]): Problem[] {
  const spanish = catalogue.filter((entry) => entry.language === 'es' && gradable(entry.text));
  if (spanish.length === 0) return [];
  const problems: Problem[] = [];
  let total = 0;
  for (const entry of spanish) {
    const score = spanishPerspicuity(entry.text);
    total += score;
    if (score < MIN_SPANISH_SCORE_WITHOUT_NOTE && entry.readingNote === undefined) {
      problems.push({
        rule: 'readability',
        where: `es/${entry.channel}/${entry.id} (${entry.region})`,
        message: `scores ${score.toFixed(1)} on Szigriszt-Pazos (INFLESZ, below ${MIN_SPANISH_SCORE_WITHOUT_NOTE}): simplify it, or record why in readingNote`,
      });
    }
  }
  const average = total / spanish.length;
  if (average < MIN_SPANISH_AVERAGE) {
    problems.push({
      rule: 'readability',
      where: 'es',
      message: `average Szigriszt-Pazos score ${average.toFixed(1)} is below ${MIN_SPANISH_AVERAGE}`,
    });
  }
  return problems;
}
