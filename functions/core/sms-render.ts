import {
  type Content,
  fill,
  forRegion,
  type Language,
  type LanguageContent,
  type Region,
  type Topic,
} from './content-model.js';

/**
 * Turns content into the exact texts the line sends. The content linter and the tests
 * render through these same functions, so what is checked is what is sent.
 */

/** Settings an operator sets per deployment that appear inside messages. */
export type MessageSettings = {
  /** Where people can get help from a person, e.g. an e-mail address or web page. */
  supportContact: string;
};

export function languageContent(content: Content, language: Language): LanguageContent {
  return content.languages[language] ?? content.languages.en;
}

export function renderMenu(content: Content, language: Language): string {
  const lang = languageContent(content, language);
  const lines = lang.topics.map((topic, index) => `${index + 1} ${topic.menu}`);
  return [lang.sms.menu, ...lines].join('\n');
}

/** One part of a topic with the footer that tells the reader what to send next. */
export function renderTopicPart(
  content: Content,
  language: Language,
  topic: Topic,
  partIndex: number,
  region: Region,
): string {
  const sms = languageContent(content, language).sms;
  const part = topic.parts[partIndex];
  if (part === undefined) throw new RangeError(`topic ${topic.id} has no part ${partIndex + 1}`);
  const total = topic.parts.length;
  const footer =
    partIndex + 1 < total ? fill(sms.moreFooter, { next: partIndex + 2, total }) : sms.lastFooter;
  return `${forRegion(part.sms, region)} ${footer}`;
}

/** The health system's name as this language says it ("Canadá"), else the region's own name. */
export function regionName(content: Content, language: Language, region: Region): string {
  return languageContent(content, language).sms.regionNames?.[region] ?? content.regions[region].name;
}

export function renderOptIn(content: Content, language: Language, region: Region): string {
  return fill(languageContent(content, language).sms.optIn, {
    region: regionName(content, language, region),
  });
}

export function renderHelp(
  content: Content,
  language: Language,
  region: Region,
  settings: MessageSettings,
): string {
  return fill(languageContent(content, language).sms.help, {
    support: settings.supportContact,
    emergency: content.regions[region].emergency,
  });
}

export function renderRegionChanged(content: Content, language: Language, region: Region): string {
  return fill(languageContent(content, language).sms.regionChanged, {
    region: regionName(content, language, region),
  });
}

export function renderCrisis(content: Content, language: Language, region: Region): string {
  return forRegion(languageContent(content, language).sms.crisis, region);
}

export function findTopic(content: Content, language: Language, topicId: string): Topic | undefined {
  return languageContent(content, language).topics.find((topic) => topic.id === topicId);
}
