import MiniSearch from 'minisearch';
import { type Content, LANGUAGES, type Language } from '../../core/content-model.js';
import { type IndexDocument, indexOptions } from './index-options.js';

/**
 * The topic index of each language, built at content-build time (content/build.ts) from the
 * topics' example questions, menu and spoken labels and keywords, and written as JSON into
 * the generated content folder: a cold start loads it, it never indexes.
 */
export function topicDocuments(content: Content, language: Language): IndexDocument[] {
  const lang = content.languages[language];
  if (lang === undefined) return [];
  const examples = lang.understanding?.examples ?? {};
  return lang.topics.flatMap((topic) => [
    {
      id: `${language}:${topic.id}:label`,
      topic: topic.id,
      text: [topic.menu, topic.spoken, ...topic.keywords].join(' '),
    },
    ...(examples[topic.id] ?? []).map((text, index) => ({
      id: `${language}:${topic.id}:${index}`,
      topic: topic.id,
      text,
    })),
  ]);
}

export type SerialisedIndexes = Partial<Record<Language, string>>;

export function buildTopicIndexes(content: Content): SerialisedIndexes {
  const indexes: SerialisedIndexes = {};
  for (const language of LANGUAGES) {
    const documents = topicDocuments(content, language);
    if (documents.length === 0) continue;
    const search = new MiniSearch<IndexDocument>(indexOptions(language));
    search.addAll(documents);
    indexes[language] = JSON.stringify(search);
  }
  return indexes;
}
