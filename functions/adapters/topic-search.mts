/**
 * The lazy chunk of the topic search: MiniSearch, the stemmers and the prebuilt indexes,
 * shipped beside the SMS and voice bundles (infra/cdk/constructs/bundling.ts LAZY_CHUNKS) and
 * loaded by the first text that needs a topic search (topic-search-loader.ts).
 */
import { topicIndexes } from '../../content/dist/topic-index.js';
import { topicSearch } from './topic-search/search.js';

export const search = topicSearch(topicIndexes);
