import { type Content, fill, forRegion, type Language, type Region, type Topic } from './content-model.js';
import { languageContent } from './sms-render.js';

/**
 * The texts "text me this" sends from the phone line: every part of the topic, each starting
 * with the line's name (the person never joined the text line, so the text must say who it
 * is from) and without the text line's "Reply MORE" footers, which only work for subscribers.
 * The last one ends with the content's "not medical advice" line, so the texts say it once:
 * a caller who never joined has not seen the opt-in message that says it.
 */
export function renderTopicTexts(
  content: Content,
  language: Language,
  topic: Topic,
  region: Region,
): string[] {
  const voice = languageContent(content, language).voice;
  const total = topic.parts.length;
  return topic.parts.map((part, index) => {
    const text = fill(voice.textMessage, {
      line: content.program.name,
      part: index + 1,
      total,
      text: forRegion(part.sms, region),
    });
    return index + 1 === total ? `${text} ${voice.textNotAdvice}` : text;
  });
}
