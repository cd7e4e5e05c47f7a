import { type Content, fill, forRegion, type Language, type Region, type Topic } from './content-model.js';
import { languageContent } from './sms-render.js';

/**
 * The texts "text me this" sends from the phone line: every part of the topic, each starting
 * with the line's name (the person never joined the text line, so the text must say who it
 * is from) and without the text line's "Reply MORE" footers, which only work for subscribers.
 */
export function renderTopicTexts(
  content: Content,
  language: Language,
  topic: Topic,
  region: Region,
): string[] {
  const template = languageContent(content, language).voice.textMessage;
  const total = topic.parts.length;
  return topic.parts.map((part, index) =>
    fill(template, { line: content.program.name, part: index + 1, total, text: forRegion(part.sms, region) }),
  );
}
