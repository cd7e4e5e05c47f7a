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
 * - close: the best passes the same test with CLOSE_SCORE only, or two or three topics are
 *   within CLOSE_RATIO of it: "Did you mean 6 Records or 7 Prepare?" (or one topic);
 * - unsure: anything weaker; the fallback suggests the three best.
 *
 * How they were tuned: `npx tsx eval/tune.ts` scores a grid of values on the evaluation texts
 * that reach this layer (157: topics and the fallback): a right sure answer +1, a "did you
 * mean" offering the right topic +0.5, a wrong sure answer -1. SURE_SCORE 30, CLOSE_RATIO 0.8
 * and CLOSE_SCORE 12-20 scored within half a point of the best (107 sure, 32 close, 7 wrong);
 * CLOSE_SCORE 20 was taken,
 * the stricter end, so a text sharing only a question's frame with an example is not offered.
 * MIN_COVERAGE 0.1 (one word of what was asked must match, not only "what is") changes
 * nothing on the set and stops "whats the weather like" being answered as "What it is".
 * The same run checks every content example is sure of its own topic (475 of 479).
 * Raising SURE_SCORE or CLOSE_RATIO trades wrong answers for more "did you mean" and fallbacks.
 */
export const THRESHOLDS = {
  SURE_SCORE: 30,
  CLOSE_SCORE: 20,
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
  // Fairly sure of one topic, or torn between two or three: ask, by number.
  if (best.score >= thresholds.CLOSE_SCORE && confident) {
    return { band: 'close', topicIds: [best, ...near].map((hit) => hit.topicId) };
  }
  return { band: 'unsure', suggestions: hits.slice(0, 3).map((hit) => hit.topicId) };
}

/** The band a reading is in, for logs and the evaluation. */
export const bandName = (reading: TopicReading): Band => reading.band;
