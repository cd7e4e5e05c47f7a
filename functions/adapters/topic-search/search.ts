import MiniSearch from 'minisearch';
import type { Language } from '../../core/content-model.js';
import type { TopicHit, TopicSearch } from '../../core/understanding/topics.js';
import type { SerialisedIndexes } from './build-index.js';
import { type IndexDocument, indexOptions, searchTokens } from './index-options.js';

/**
 * The topic search over prebuilt indexes: every language's index is asked (a Spanish text
 * from someone who chose English still finds its topic), and each topic keeps its best
 * example's score. `coverage` is the share of the text's meaningful words that matched.
 */
export function topicSearch(serialised: SerialisedIndexes): TopicSearch {
  const indexes = (Object.entries(serialised) as [Language, string][]).map(([language, json]) => ({
    language,
    index: MiniSearch.loadJSON<IndexDocument>(json, indexOptions(language)),
  }));
  return (text) => {
    const best = new Map<string, TopicHit>();
    for (const { language, index } of indexes) {
      const options = indexOptions(language);
      const terms = searchTokens(text).filter((term) => options.processTerm?.(term) != null).length;
      if (terms === 0) continue;
      for (const result of index.search(text)) {
        const topicId = String(result.topic);
        const coverage = Math.min(1, result.queryTerms.length / terms);
        const previous = best.get(topicId);
        if (previous === undefined || result.score > previous.score) {
          best.set(topicId, { topicId, score: result.score, coverage });
        }
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score);
  };
}
