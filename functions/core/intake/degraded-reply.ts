import type { Content, Language, Region } from '../content-model.js';
import { languageContent, type MessageSettings, renderCrisis, renderHelp } from '../sms-render.js';
import { understand } from '../understanding/understand.js';

/**
 * What the line answers when a text cannot be processed now (its records are out of reach)
 * and has been queued to be acted on later. Pure: the conversation's own understanding layers,
 * nothing read from the store. The answer never depends on the person's state, which is
 * unknown, so it is safe whatever it turns out to be:
 * - an opt-out (keyword or clear phrase) is confirmed at once, as carrier rules require;
 * - HELP is answered from content;
 * - a crisis text gets the crisis lines, as always;
 * - anything else gets a neutral "we got your message; we will reply soon".
 */
export type DegradedReply = {
  kind: 'opt-out' | 'help' | 'crisis' | 'deferred';
  /** The language the reply is in: the best guess at the person's, kept with the queued text. */
  language: Language;
  replies: string[];
};

export function degradedReply(
  body: string,
  region: Region,
  content: Content,
  settings: MessageSettings,
): DegradedReply {
  // The same layers as the conversation, without the date parsers and the topic search: a
  // reply that never reads a date or a topic needs neither, and neither is loaded for it.
  const { intent, emergency, written } = understand(body, content, 'en');
  const guess: Language = written !== undefined && content.languages[written] !== undefined ? written : 'en';
  const own = (language: Language | undefined): Language =>
    language !== undefined && content.languages[language] !== undefined ? language : guess;
  const sms = (language: Language) => languageContent(content, language).sms;
  if (intent.kind === 'opt-out') {
    const language = own(intent.language);
    return { kind: 'opt-out', language, replies: [sms(language).optOut] };
  }
  if (emergency !== undefined) {
    const language = own(emergency);
    return { kind: 'crisis', language, replies: [renderCrisis(content, language, region)] };
  }
  if (intent.kind === 'help') {
    const language = own(intent.language);
    return { kind: 'help', language, replies: [renderHelp(content, language, region, settings)] };
  }
  const language = intent.kind === 'language' || intent.kind === 'opt-in' ? own(intent.language) : guess;
  return { kind: 'deferred', language, replies: [sms(language).deferred] };
}
