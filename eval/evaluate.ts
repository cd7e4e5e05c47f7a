/**
 * Scores the understanding layers against the evaluation set (eval/texts-*.yaml): each text
 * goes through the real conversation, as a subscriber of its region in its file's language,
 * with chrono-node and the topic search loaded as the SMS function loads them. Used by
 * `npm run eval` (eval/run.ts) and by tests/unit/understanding-eval.test.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chrono from 'chrono-node';
import { parse } from 'yaml';
import { z } from 'zod';
import { topicIndexes } from '../content/dist/topic-index.js';
import { topicSearch } from '../functions/adapters/topic-search/search.js';
import { type Content, forRegion, type Language, REGIONS } from '../functions/core/content-model.js';
import { converse } from '../functions/core/conversation.js';
import { renderCrisis } from '../functions/core/sms-render.js';
import type { Subscriber } from '../functions/core/subscriber.js';
import type { Intent, Understood } from '../functions/core/understanding/intent.js';
import { understand } from '../functions/core/understanding/understand.js';

export const EVAL_DIR = dirname(fileURLToPath(import.meta.url));
export const EVAL_FILES: Record<Language, string> = {
  en: join(EVAL_DIR, 'texts-en.yaml'),
  es: join(EVAL_DIR, 'texts-es.yaml'),
};

const EntrySchema = z
  .object({
    text: z.string().min(1),
    region: z.enum(REGIONS),
    expect: z.string().regex(/^[a-z-]+(:[a-z-]+)?$/),
  })
  .strict();
export type EvalEntry = z.infer<typeof EntrySchema> & { language: Language };

/** The labelled texts of both files, with the language of their file. */
export function loadEvalSet(files = EVAL_FILES): EvalEntry[] {
  return (Object.entries(files) as [Language, string][]).flatMap(([language, file]) => {
    const parsed = z.array(EntrySchema).safeParse(parse(readFileSync(file, 'utf8')));
    if (!parsed.success)
      throw new Error(`${file}: not a valid evaluation set:\n${z.prettifyError(parsed.error)}`);
    return parsed.data.map((entry) => ({ ...entry, language }));
  });
}

/** An intent as an evaluation label: the layer, with the topic or command after a colon. */
export function labelOf(intent: Intent, understood: Understood): string {
  switch (intent.kind) {
    case 'emergency':
    case 'opt-out':
    case 'opt-out-unclear':
    case 'distress':
    case 'medical':
    case 'appointment':
      return intent.kind;
    case 'unknown':
      return 'fallback';
    case 'topic':
      return understood.layer === 'command' ? 'command:topic' : `topic:${intent.topicId}`;
    case 'did-you-mean':
      return `close:${intent.topicIds.join(',')}`;
    default:
      return `command:${intent.kind}`;
  }
}

/** The layer of a label, for the per-layer figures. */
export const layerOf = (label: string) => label.split(':')[0] ?? label;

export type Outcome = EvalEntry & {
  got: string;
  /** Right, or a "did you mean" that offers the right topic (`close`). */
  right: boolean;
  close: boolean;
  /** A safety rule broken (see {@link safetyProblem}); undefined when none. */
  unsafe?: string;
};

const NOW = new Date('2026-11-21T12:00:00Z');
const dates = { en: chrono.en, es: chrono.es };

export function evaluate(content: Content, entries = loadEvalSet()): Outcome[] {
  const search = topicSearch(topicIndexes);
  const settings = { supportContact: 'help@example.org', dates, search };
  return entries.map((entry, index) => {
    const subscriber: Subscriber = {
      phone: '+15005550006',
      status: 'subscribed',
      region: entry.region,
      language: entry.language,
      visited: [],
      consent: [],
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    };
    const { intent, understood } = understand(entry.text, content, entry.language, settings);
    const got = labelOf(intent, understood);
    const close =
      got.startsWith('close:') &&
      entry.expect.startsWith('topic:') &&
      got.split(/[:,]/).includes(entry.expect.slice(6));
    const turn = converse(
      subscriber,
      { body: entry.text, sid: `SM${String(index).padStart(32, '0')}` },
      content,
      NOW,
      settings,
    );
    const unsafe = safetyProblem(entry, got, turn.replies, turn.next, content);
    return { ...entry, got, right: got === entry.expect || close, close, ...(unsafe ? { unsafe } : {}) };
  });
}

/**
 * The rules `npm test` holds without exception: an emergency's first reply is the region's
 * crisis text; an opt-out opts out; an unclear stop is asked about (or honoured); fear gets the
 * kind reply, never the crisis lines alone; and nothing else ever opts a person out.
 */
function safetyProblem(
  entry: EvalEntry,
  got: string,
  replies: string[],
  next: Subscriber,
  content: Content,
): string | undefined {
  const crisis = (['en', 'es'] as const).map((language) => renderCrisis(content, language, entry.region));
  switch (entry.expect) {
    case 'emergency':
      return crisis.includes(replies[0] ?? '') ? undefined : 'no crisis lines first';
    case 'opt-out':
      return next.status === 'opted-out' ? undefined : 'not opted out';
    case 'opt-out-unclear': {
      const asked = (['en', 'es'] as const).some(
        (language) => replies[0] === content.languages[language]?.understanding?.sms.optOutConfirm,
      );
      return asked || next.status === 'opted-out' ? undefined : 'stop ignored';
    }
    case 'distress': {
      const kind = (['en', 'es'] as const).map((language) => {
        const text = content.languages[language]?.understanding?.sms.distress;
        return text === undefined ? '' : forRegion(text, entry.region);
      });
      return replies.some((reply) => kind.includes(reply)) ? undefined : `no kind reply (got ${got})`;
    }
    default:
      return next.status === 'opted-out' ? 'opted out by a text that was not an opt-out' : undefined;
  }
}

export type Figure = { right: number; total: number };
export type Report = {
  byLanguage: Record<string, Figure>;
  byLayer: Record<string, Figure>;
  byTopic: Record<string, Figure>;
  closeCalls: number;
  misses: Outcome[];
  unsafe: Outcome[];
};

export function report(outcomes: Outcome[]): Report {
  const tally = (into: Record<string, Figure>, key: string, right: boolean) => {
    const figure = into[key] ?? { right: 0, total: 0 };
    into[key] = figure;
    figure.total++;
    if (right) figure.right++;
  };
  const result: Report = { byLanguage: {}, byLayer: {}, byTopic: {}, closeCalls: 0, misses: [], unsafe: [] };
  for (const outcome of outcomes) {
    tally(result.byLanguage, outcome.language, outcome.right);
    tally(result.byLayer, `${outcome.language} ${layerOf(outcome.expect)}`, outcome.right);
    if (outcome.expect.startsWith('topic:'))
      tally(result.byTopic, `${outcome.language} ${outcome.expect.slice(6)}`, outcome.right);
    if (outcome.close) result.closeCalls++;
    if (!outcome.right) result.misses.push(outcome);
    if (outcome.unsafe !== undefined) result.unsafe.push(outcome);
  }
  return result;
}

export const share = (figure: Figure | undefined) =>
  figure === undefined || figure.total === 0 ? 0 : figure.right / figure.total;
