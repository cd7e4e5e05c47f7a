/**
 * `npx tsx eval/tune.ts`: how the confidence thresholds (functions/core/understanding/topics.ts
 * THRESHOLDS) were chosen. For the evaluation texts that reach the topic layer (labelled with a
 * topic, or as the fallback) it tries a grid of thresholds and prints the best by accuracy,
 * counting a "did you mean" that offers the right topic as half right (it costs the person a
 * reply) and a wrong sure answer as the worst outcome. The content's own examples are scored
 * too, so a choice that only suits the evaluation set shows.
 */
import { loadContentFromYaml } from '../content/build.js';
import { topicIndexes } from '../content/dist/topic-index.js';
import { topicSearch } from '../functions/adapters/topic-search/search.js';
import { bandOf, THRESHOLDS } from '../functions/core/understanding/topics.js';
import { loadEvalSet } from './evaluate.js';

const content = loadContentFromYaml();
const search = topicSearch(topicIndexes);
const cases = loadEvalSet()
  .filter((entry) => entry.expect.startsWith('topic:') || entry.expect === 'fallback')
  .map((entry) => ({
    want: entry.expect === 'fallback' ? undefined : entry.expect.slice(6),
    hits: search(entry.text),
  }));

type Thresholds = typeof THRESHOLDS;
function score(thresholds: Thresholds): { points: number; sure: number; close: number; wrong: number } {
  let points = 0;
  let sure = 0;
  let close = 0;
  let wrong = 0;
  for (const { want, hits } of cases) {
    const reading = bandOf(hits, thresholds);
    if (reading.band === 'sure') {
      if (reading.topicId === want) {
        points += 1;
        sure++;
      } else {
        points -= 1;
        wrong++;
      }
    } else if (reading.band === 'close') {
      if (want !== undefined && reading.topicIds.includes(want)) {
        points += 0.5;
        close++;
      } else wrong++;
    } else if (want === undefined) points += 1;
  }
  return { points, sure, close, wrong };
}

const grid: Thresholds[] = [];
for (const SURE_SCORE of [6, 10, 15, 20, 30, 40, 60])
  for (const CLOSE_SCORE of [4, 8, 12, 16, 20, 30])
    for (const CLOSE_RATIO of [0.5, 0.6, 0.7, 0.8, 0.9])
      for (const MIN_COVERAGE of [0, 0.1, 0.2, 0.3, 0.5])
        for (const HIGH_SCORE of [40, 60, 100, 1000])
          if (CLOSE_SCORE <= SURE_SCORE)
            grid.push({ SURE_SCORE, CLOSE_SCORE, CLOSE_RATIO, MIN_COVERAGE, HIGH_SCORE });
const ranked = grid
  .map((thresholds) => ({ thresholds, ...score(thresholds) }))
  .sort((a, b) => b.points - a.points);
console.log(`texts at the topic layer: ${cases.length}; current thresholds:`, THRESHOLDS, score(THRESHOLDS));
for (const row of ranked.slice(0, 12)) console.log(JSON.stringify(row));

// The content's examples against the chosen thresholds: each should be sure of its own topic.
let own = 0;
let total = 0;
for (const lang of Object.values(content.languages)) {
  for (const [topicId, examples] of Object.entries(lang?.understanding?.examples ?? {})) {
    for (const example of examples) {
      total++;
      const reading = bandOf(search(example));
      if (reading.band === 'sure' && reading.topicId === topicId) own++;
    }
  }
}
console.log(`content examples sure of their own topic: ${own}/${total}`);
