import { type Content, fill, forRegion, type Language, type Region, type Topic } from '../content-model.js';
import { languageContent, renderMenu } from '../sms-render.js';

/**
 * The texts of the understanding layers that are not topics: distress, medical questions,
 * "did you mean", the fallback and the opt-out question. Content without `understanding`
 * (an older content file) falls back to the line's fixed replies, never to silence.
 */

function numbered(
  content: Content,
  language: Language,
  topicIds: readonly string[],
): { number: number; topic: Topic }[] {
  const topics = languageContent(content, language).topics;
  return topicIds.flatMap((id) => {
    const index = topics.findIndex((topic) => topic.id === id);
    const topic = topics[index];
    return topic === undefined ? [] : [{ number: index + 1, topic }];
  });
}

/** "a, b or c" in the language's words. */
export function joinChoices(items: readonly string[], or: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${or} ${items[items.length - 1]}`;
}

/** "Did you mean 6 Records or 7 Prepare? Reply 6 or 7." The numbers are the menu's, so they work as replies. */
export function renderDidYouMean(content: Content, language: Language, topicIds: readonly string[]): string {
  const lang = languageContent(content, language);
  const texts = lang.understanding?.sms;
  const choices = numbered(content, language, topicIds);
  if (texts === undefined || choices.length === 0) return lang.sms.notUnderstood;
  return fill(texts.didYouMean, {
    options: joinChoices(
      choices.map(({ number, topic }) => `${number} ${topic.menu}`),
      texts.or,
    ),
    numbers: joinChoices(
      choices.map(({ number }) => String(number)),
      texts.or,
    ),
  });
}

/** The friendly fallback: the three likeliest topics by number, and MENU. */
export function renderFallback(content: Content, language: Language, suggestions: readonly string[]): string {
  const lang = languageContent(content, language);
  const texts = lang.understanding?.sms;
  const choices = numbered(content, language, suggestions);
  if (texts === undefined || choices.length === 0) return lang.sms.notUnderstood;
  return fill(texts.fallback, {
    options: joinChoices(
      choices.map(({ number, topic }) => `${number} ${topic.menu}`),
      texts.or,
    ),
  });
}

export function renderDistress(content: Content, language: Language, region: Region): string {
  const lang = languageContent(content, language);
  const text = lang.understanding?.sms.distress;
  return text === undefined ? forRegion(lang.sms.crisis, region) : forRegion(text, region);
}

/** "We can't answer medical questions; please ask your care team", then the menu. */
export function renderMedical(content: Content, language: Language): string[] {
  const lang = languageContent(content, language);
  const text = lang.understanding?.sms.medical;
  return text === undefined ? [lang.sms.notUnderstood] : [text, renderMenu(content, language)];
}

export function renderOptOutConfirm(content: Content, language: Language): string {
  const lang = languageContent(content, language);
  return lang.understanding?.sms.optOutConfirm ?? lang.sms.help;
}
