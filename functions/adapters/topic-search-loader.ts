import type { TopicSearch } from '../core/understanding/topics.js';

let loading: Promise<TopicSearch> | undefined;

/**
 * The topic search on first need, then the same for the life of the container: a dynamic
 * import, so a cold start for STOP, HELP, MENU or a menu number neither parses MiniSearch nor
 * loads the index (see date-parsers.ts, which does the same for chrono-node). A failed load
 * is not cached.
 */
export function loadTopicSearch(): Promise<TopicSearch> {
  loading ??= import('./topic-search.mjs').then(
    ({ search }) => search,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
