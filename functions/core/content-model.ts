import * as z from 'zod/mini';
import type { RegionalText } from './content-schema.js';

/**
 * The one content model behind every channel: its regions and languages, its types and the
 * helpers that render it. Authors edit YAML under `content/`; `content/build.ts` validates
 * it against the schemas in `content-schema.ts` and writes `content/dist/content.ts`, the
 * typed module the handlers import, so a bad edit fails the build, never a live conversation.
 *
 * Handlers import this file, so it holds no content schema: those need zod's full API, which
 * would add ~100 KB to every Lambda bundle (issue 5). The two enums below are zod/mini.
 */

export const REGIONS = ['uk', 'us', 'ca'] as const;
export const RegionSchema = z.enum(REGIONS);
export type Region = z.infer<typeof RegionSchema>;

export const LANGUAGES = ['en', 'es'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

/** Days of the week as opening hours name them (content/line.yaml), Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export type {
  Content,
  LanguageContent,
  Part,
  RegionalText,
  RegionInfo,
  SmsMessages,
  Topic,
} from './content-schema.js';

/** Picks the text for a region. */
export function forRegion(text: RegionalText, region: Region): string {
  return typeof text === 'string' ? text : text[region];
}

/** Fills `{name}` placeholders; an unknown placeholder is left visible so tests catch it. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}
