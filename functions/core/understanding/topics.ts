import type { Band } from './intent.js';

/**
 * Layer 6: topics, by full-text search over each topic's example questions (content
 * `understanding.examples`), its menu label, spoken label and keywords. The search itself is
 * a port: MiniSearch over an index built at content-build time, loaded on first need beside
 * the bundle (functions/adapters/topic-search.ts). The core only reads its ranked answer.
 */

/** One topic's best match for a text: `score` from the search, `coverage` the share of the text's words it matched. */
export type TopicHit = { topicId: string; score: number; coverage: number };

/** Topics best first, one hit per topic, for a text in either language. */
export type TopicSearch = (text: string) => TopicHit[];

/**
 * Confidence bands, on the search's scores (each topic's best three examples summed, words
 * and word pairs; see functions/adapters/topic-search/):
 * - sure: the best topic scores at least SURE_SCORE and one of its examples matched at least
 *   MIN_COVERAGE of the text's terms (or it scores HIGH_SCORE: long, rambling texts match a
 *   small share of their many words), and no other topic is within CLOSE_RATIO of it;
 * - close: two or three topics within CLOSE_RATIO of the best, which passes the same test with
 *   CLOSE_SCORE: "Did you mean 6 Records or 7 Prepare?";
 * - unsure: anything weaker; the fallback suggests the three best.
 *
 * How they were tuned: `npx tsx eval/tune.ts` scores a grid of values on the evaluation texts
 * that reach this layer (157: topics and the fallback): a right sure answer +1, a "did you
 * mean" offering the right topic +0.5, a wrong sure answer -1. SURE_SCORE anywhere from 15 to
 * 30 with CLOSE_SCORE 12 and CLOSE_RATIO 0.8 scored best (114 sure, 24 close, 9 wrong); 20,
 * the middle, was taken so a small change in the examples does not tip texts across a band.
 * MIN_COVERAGE 0.1 costs one right answer against 0 and keeps a text that shares one stray
 * word with an example from being answered; 0.2 would trade 7 right answers for 2 fewer wrong
 * ones. The same run checks every content example is sure of its own topic (470 of 474).
 * Raising SURE_SCORE or CLOSE_RATIO trades wrong answers for more "did you mean" and fallbacks.
 */
export const THRESHOLDS = {
  SURE_SCORE: 20,
  CLOSE_SCORE: 12,
  CLOSE_RATIO: 0.8,
  MIN_COVERAGE: 0.1,
  HIGH_SCORE: 60,
};

export type TopicReading =
  | { band: 'sure'; topicId: string }
  | { band: 'close'; topicIds: string[] }
  | { band: 'unsure'; suggestions: string[] };

export function bandOf(hits: readonly TopicHit[], thresholds = THRESHOLDS): TopicReading {
  const [best, ...others] = hits;
  if (best === undefined) return { band: 'unsure', suggestions: [] };
  const near = others.filter((hit) => hit.score >= best.score * thresholds.CLOSE_RATIO).slice(0, 2);
  // Long, rambling texts match few of their many words but score high on the ones that do.
  const confident = best.coverage >= thresholds.MIN_COVERAGE || best.score >= thresholds.HIGH_SCORE;
  if (near.length === 0 && best.score >= thresholds.SURE_SCORE && confident) {
    return { band: 'sure', topicId: best.topicId };
  }
  if (best.score >= thresholds.CLOSE_SCORE && confident) {
    if (near.length === 0) return { band: 'sure', topicId: best.topicId };
    return { band: 'close', topicIds: [best, ...near].map((hit) => hit.topicId) };
  }
  return { band: 'unsure', suggestions: hits.slice(0, 3).map((hit) => hit.topicId) };
}

/** The band a reading is in, for logs and the evaluation. */
export const bandName = (reading: TopicReading): Band => reading.band;
