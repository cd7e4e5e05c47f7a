import { readFileSync } from 'node:fs';
import { SegmentedMessage } from 'sms-segments-calculator';
import { parse } from 'yaml';
import { buildTopicIndexes } from '../functions/adapters/topic-search/build-index.js';
import { topicSearch } from '../functions/adapters/topic-search/search.js';
import { type Content, LANGUAGES, type LanguageContent, REGIONS } from '../functions/core/content-model.js';
import { normalise, RESERVED_KEYWORDS } from '../functions/core/keywords.js';
import { readCommand } from '../functions/core/understanding/commands.js';
import { readDistress } from '../functions/core/understanding/distress.js';
import { emergencyLanguage } from '../functions/core/understanding/emergency.js';
import { readOptOut } from '../functions/core/understanding/opt-out.js';
import {
  renderDidYouMean,
  renderDistress,
  renderFallback,
  renderMedical,
  renderOptOutConfirm,
} from '../functions/core/understanding/render.js';
import { readText } from '../functions/core/understanding/text.js';

/** One thing to fix (the same shape as content/lint.ts `Problem`). */
type Problem = { rule: string; where: string; message: string };

/** The evaluation set's files: the content's examples must never copy one of their texts. */
export const EVAL_SET_FILES = ['texts-en.yaml', 'texts-es.yaml'].map(
  (file) => new URL(`../eval/${file}`, import.meta.url),
);

/** Text segments a reply of the understanding layers may take: English 2 (GSM-7), Spanish 4. */
const MAX_SEGMENTS = { en: 2, es: 4 } as const;

/**
 * The checks on the understanding content (content/<lang>/understanding.yaml): every topic
 * has example questions in every language; each example's best match is its own topic; no
 * example reads as a command, a stop or an emergency; no example is in the evaluation set;
 * the replies are GSM-7 (English) and within their segments once filled.
 */
export function lintUnderstanding(
  content: Content,
  evalTexts: readonly string[] = loadEvalTexts(),
): Problem[] {
  const problems: Problem[] = [];
  const search = topicSearch(buildTopicIndexes(content));
  const held = new Set(evalTexts.map(normalise));
  for (const language of LANGUAGES) {
    const lang = content.languages[language];
    if (lang === undefined) continue;
    const understanding = lang.understanding;
    if (understanding === undefined) {
      problems.push({
        rule: 'understanding',
        where: language,
        message: 'no understanding.yaml: free text gets no topics',
      });
      continue;
    }
    for (const topic of lang.topics) {
      if ((understanding.examples[topic.id] ?? []).length === 0) {
        problems.push({
          rule: 'examples',
          where: `${language}/${topic.id}`,
          message: 'no example questions',
        });
      }
    }
    for (const [topicId, examples] of Object.entries(understanding.examples)) {
      const where = `${language}/understanding/${topicId}`;
      if (!lang.topics.some((topic) => topic.id === topicId)) {
        problems.push({ rule: 'examples', where, message: 'examples for a topic that does not exist' });
        continue;
      }
      for (const example of examples) {
        problems.push(...checkExample(example, topicId, where, content, lang, language, search, held));
      }
    }
    problems.push(...checkReplies(content, language));
  }
  return problems;
}

function checkExample(
  example: string,
  topicId: string,
  where: string,
  content: Content,
  lang: LanguageContent,
  language: (typeof LANGUAGES)[number],
  search: ReturnType<typeof topicSearch>,
  held: ReadonlySet<string>,
): Problem[] {
  const problems: Problem[] = [];
  const quoted = JSON.stringify(example);
  if (held.has(normalise(example))) {
    problems.push({ rule: 'examples-disjoint', where, message: `${quoted} is in the evaluation set` });
  }
  const read = readText(example);
  // A command word as (nearly) the whole example would teach the search what a command means.
  const bare = read.words.length <= 2 && read.words.some((word) => RESERVED_KEYWORDS.includes(word));
  const command = readCommand(read, content, language);
  if (command !== undefined || bare) {
    problems.push({
      rule: 'examples-command',
      where,
      message: `${quoted} reads as a command (${command?.kind ?? 'keyword'})`,
    });
  }
  if (
    readOptOut(read) !== undefined ||
    emergencyLanguage(read) !== undefined ||
    readDistress(read) === 'strong'
  ) {
    problems.push({
      rule: 'examples-safety',
      where,
      message: `${quoted} reads as a stop, an emergency or distress`,
    });
  }
  const [best] = search(example);
  if (best?.topicId !== topicId) {
    const other = lang.topics.find((topic) => topic.id === best?.topicId)?.id ?? 'nothing';
    problems.push({ rule: 'examples-match', where, message: `${quoted} best matches ${other}` });
  }
  return problems;
}

/** The layers' replies as sent: the longest "did you mean" and fallback, each region's distress. */
function checkReplies(content: Content, language: (typeof LANGUAGES)[number]): Problem[] {
  const lang = content.languages[language];
  if (lang === undefined) return [];
  const longest = [...lang.topics].sort((a, b) => b.menu.length - a.menu.length).slice(0, 3);
  const ids = longest.map((topic) => topic.id);
  const texts: [string, string][] = [
    ['didYouMean', renderDidYouMean(content, language, ids)],
    ['fallback', renderFallback(content, language, ids)],
    ['medical', renderMedical(content, language)[0] ?? ''],
    ['optOutConfirm', renderOptOutConfirm(content, language)],
    ...REGIONS.map((region): [string, string] => [
      `distress (${region})`,
      renderDistress(content, language, region),
    ]),
  ];
  const problems: Problem[] = [];
  for (const [id, text] of texts) {
    const where = `${language}/understanding/sms/${id}`;
    const message = new SegmentedMessage(text);
    if (language === 'en' && message.encodingName !== 'GSM-7') {
      const chars = [...new Set(message.getNonGsmCharacters())].join(' ');
      problems.push({ rule: 'encoding', where, message: `not GSM-7 because of: ${chars}` });
    }
    if (message.segmentsCount > MAX_SEGMENTS[language]) {
      problems.push({
        rule: 'segments',
        where,
        message: `${message.segmentsCount} segments, budget ${MAX_SEGMENTS[language]} (${text.length} characters)`,
      });
    }
    if (/\{\w+\}/.test(text)) problems.push({ rule: 'placeholder', where, message: 'unfilled placeholder' });
  }
  return problems;
}

/** The evaluation set's texts (eval/texts-*.yaml); none when a file is missing. */
export function loadEvalTexts(files: readonly URL[] = EVAL_SET_FILES): string[] {
  return files.flatMap((file) => {
    let entries: unknown;
    try {
      entries = parse(readFileSync(file, 'utf8'));
    } catch {
      return [];
    }
    return Array.isArray(entries)
      ? entries.flatMap((entry) => (typeof entry?.text === 'string' ? [entry.text as string] : []))
      : [];
  });
}
