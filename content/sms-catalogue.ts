import {
  type Content,
  type Language,
  type LanguageContent,
  REGIONS,
} from '../functions/core/content-model.js';
import {
  type MessageSettings,
  renderCrisis,
  renderHelp,
  renderMenu,
  renderOptIn,
  renderRegionChanged,
  renderTopicPart,
} from '../functions/core/sms-render.js';

/** One text exactly as the line can send it, with the segment budget it must fit. */
export type CatalogueEntry = {
  id: string;
  channel: 'sms' | 'voice';
  language: Language;
  region: string;
  text: string;
  /** Most segments this text may take (GSM-7 English: 153 characters a segment once split); voice: none. */
  maxSegments?: number;
  /** Why the text may read above grade 9, when it does. */
  readingNote?: string;
  /** A voice prompt whose job is to point to the text line may say "text START". */
  mentionsTextLine?: boolean;
};

/** The longest support contact the configuration accepts: budgets must hold for it. */
export const LONGEST_SUPPORT_CONTACT = 'helpdesk@second-opinion-line.example.org';

/**
 * Every SMS the line can send, rendered through the same functions the conversation uses,
 * for every language and region. Segment tests, the content linter and the report read this.
 */
export function smsCatalogue(
  content: Content,
  settings: MessageSettings = { supportContact: LONGEST_SUPPORT_CONTACT },
) {
  const entries: CatalogueEntry[] = [];
  for (const [language, lang] of Object.entries(content.languages) as [
    Language,
    LanguageContent | undefined,
  ][]) {
    if (lang === undefined) continue;
    const budget = language === 'en' ? 2 : 4;
    const add = (id: string, region: string, text: string, maxSegments = budget, readingNote?: string) =>
      entries.push({ id, channel: 'sms', language, region, text, maxSegments, readingNote });
    const fixed = [
      'welcome',
      'optOut',
      'joinFirst',
      'nothingMore',
      'notUnderstood',
      'regionUnknown',
      'languageChanged',
      'apology',
      'deferred',
      'sorryForDelay',
      'erasureConfirm',
      'erased',
      'erasedKeptOptOut',
    ] as const;
    for (const key of fixed) add(`sms.${key}`, 'all', lang.sms[key]);
    add('sms.menu', 'all', renderMenu(content, language), language === 'en' ? 1 : 2);
    for (const region of REGIONS) {
      add('sms.optIn', region, renderOptIn(content, language, region));
      add('sms.help', region, renderHelp(content, language, region, settings));
      add('sms.regionChanged', region, renderRegionChanged(content, language, region));
      add('sms.crisis', region, renderCrisis(content, language, region));
      for (const topic of lang.topics) {
        topic.parts.forEach((_, index) => {
          add(
            `topic.${topic.id}.${index + 1}`,
            region,
            renderTopicPart(content, language, topic, index, region),
          );
        });
      }
    }
  }
  return entries;
}
