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
 * Confidence bands. Tuned on the evaluation set (eval/texts.yaml, `npm run eval`), then
 * checked against the content's own examples (the linter):
 * - sure: the best topic scores at least SURE_SCORE and matched at least MIN_COVERAGE of
 *   the text's words (or scores HIGH_SCORE: long texts), and the next topic scores under
 *   CLOSE_RATIO of it;
 * - close: two or three topics within CLOSE_RATIO of the best, which scores at least
 *   CLOSE_SCORE: "Did you mean ...?";
 * - unsure: anything weaker; the fallback suggests the three best.
 * Raising SURE_SCORE trades wrong answers for more "did you mean" and fallbacks.
 */
export const THRESHOLDS = {
  SURE_SCORE: 6,
  CLOSE_SCORE: 4,
  CLOSE_RATIO: 0.8,
  MIN_COVERAGE: 0.3,
  HIGH_SCORE: 20,
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
