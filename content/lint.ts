import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SegmentedMessage } from 'sms-segments-calculator';
import { type Content, LANGUAGES, type LanguageContent } from '../functions/core/content-model.js';
import { RESERVED_KEYWORDS } from '../functions/core/keywords.js';
import { lintUnderstanding } from './lint-understanding.js';
import { gradable, readingGrade } from './readability.js';
import type { CatalogueEntry } from './sms-catalogue.js';

/** One thing a reviewer must fix before the content can go live. */
export type Problem = { rule: string; where: string; message: string };

export type LintOptions = {
  /** Every text the line sends or says, rendered (see sms-catalogue.ts). */
  catalogue: CatalogueEntry[];
  /** Review dates are compared with this day (YYYY-MM-DD). */
  today: string;
  /** shared/sources, to check each cited file exists; skipped when absent. */
  sourcesDir?: string;
};

export const MAX_AVERAGE_GRADE = 7;
export const MAX_GRADE_WITHOUT_NOTE = 9;

/** SMS-only wording that makes no sense read aloud. */
const SMS_WORDING = /\b[Rr]eply\b|\b[Tt]ext (us|back|me)\b|\b[Tt]ext [A-Z]{2,}\b|\b[Rr]esponda\b/;
/** Keypad wording that makes no sense in a text. */
const KEYPAD_WORDING = /\bpress\b|\bkeypad\b|\bstar key\b|\bhash key\b|\boprima\b|\bmarque\b|\bteclado\b/i;

/**
 * The checks a clinician and an operator rely on before content goes live, beyond the
 * schema: coverage of every language and region, cost (encoding and segments), wording that
 * fits its channel, unique keywords, cited sources, review dates and reading level.
 */
export function lintContent(content: Content, options: LintOptions): Problem[] {
  return [
    ...checkCoverage(content),
    ...checkMessages(options.catalogue),
    ...checkKeywords(content),
    ...checkSources(content, options.sourcesDir),
    ...checkReview(content, options.today),
    ...checkReadability(options.catalogue),
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

function checkSources(content: Content, sourcesDir: string | undefined): Problem[] {
  const problems: Problem[] = [];
  const dir = sourcesDir !== undefined && existsSync(sourcesDir) ? sourcesDir : undefined;
  for (const [language, lang] of languagesOf(content)) {
    for (const topic of lang.topics) {
      const where = `${language}/${topic.id}`;
      if (topic.sources.length === 0) problems.push({ rule: 'sources', where, message: 'cites no source' });
      if (dir === undefined) continue;
      for (const file of topic.sources) {
        if (!existsSync(join(dir, file))) {
          problems.push({ rule: 'sources', where, message: `${file} is not in shared/sources` });
        }
      }
    }
  }
  return problems;
}

function checkReview(content: Content, today: string): Problem[] {
  const problems: Problem[] = [];
  if (content.nextReview < today) {
    problems.push({ rule: 'review', where: 'line.yaml', message: `review was due on ${content.nextReview}` });
  }
  if (content.reviewed > today) {
    problems.push({
      rule: 'review',
      where: 'line.yaml',
      message: `reviewed date ${content.reviewed} is in the future`,
    });
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
