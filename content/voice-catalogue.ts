import {
  type Content,
  fill,
  forRegion,
  type Language,
  type LanguageContent,
  REGIONS,
} from '../functions/core/content-model.js';
import { renderCrisis } from '../functions/core/sms-render.js';
import { digitsSpokenSingly } from '../functions/core/spoken-numbers.js';
import { renderTopicTexts } from '../functions/core/topic-texts.js';
import type { CatalogueEntry } from './sms-catalogue.js';

/** Prompts whose job is to point callers to the text line: they may say "text START". */
const POINTS_TO_TEXT_LINE = new Set(['goodbye', 'textOffer']);
/** Voice settings and word lists, not sentences anyone hears. */
const NOT_SPOKEN = new Set([
  'speakers',
  'rate',
  'groups',
  'words',
  'languageWords',
  'textMessage',
  'textNotAdvice',
]);

/**
 * Everything the phone line says, per language and region, with placeholders filled as a
 * call fills them and phone numbers read digit by digit, as a call says them; and the texts
 * "text me this" sends (SMS, same budgets as the text line).
 */
export function voiceCatalogue(content: Content): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  for (const [language, lang] of Object.entries(content.languages) as [
    Language,
    LanguageContent | undefined,
  ][]) {
    if (lang === undefined) continue;
    for (const region of REGIONS) {
      const info = content.regions[region];
      const values = {
        line: content.program.name,
        emergency: info.emergency,
        label: lang.topics[0]?.spoken ?? '',
        key: 1,
        part: 1,
        total: 2,
        hours: info.supportLine?.spokenHours[language] ?? '',
      };
      for (const [key, value] of Object.entries(lang.voice)) {
        if (NOT_SPOKEN.has(key) || typeof value !== 'string') continue;
        entries.push({
          id: `voice.${key}`,
          channel: 'voice',
          language,
          region,
          text: digitsSpokenSingly(fill(value, values)),
          mentionsTextLine: POINTS_TO_TEXT_LINE.has(key),
        });
      }
      // A caller whose words signal a crisis hears the crisis reply (it may say "text 988").
      entries.push({
        id: 'voice.crisis',
        channel: 'voice',
        language,
        region,
        text: digitsSpokenSingly(renderCrisis(content, language, region)),
        mentionsTextLine: true,
      });
      for (const topic of lang.topics) {
        topic.parts.forEach((part, index) => {
          entries.push({
            id: `topic.${topic.id}.${index + 1}`,
            channel: 'voice',
            language,
            region,
            text: digitsSpokenSingly(forRegion(part.voice ?? part.sms, region)),
            readingNote: part.readingNote,
          });
        });
        renderTopicTexts(content, language, topic, region).forEach((text, index) => {
          entries.push({
            id: `text-me-this.${topic.id}.${index + 1}`,
            channel: 'sms',
            language,
            region,
            text,
            maxSegments: language === 'en' ? 2 : 4,
            readingNote: topic.parts[index]?.readingNote,
          });
        });
      }
    }
  }
  return entries;
}
