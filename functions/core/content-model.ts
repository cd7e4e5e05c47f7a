import * as v from '../validation.js';
import type { RegionalText } from './content-schema.js';

/**
 * The one content model behind every channel: its regions and languages, its types and the
 * helpers that render it. Authors edit YAML under `content/`; `content/build.ts` validates
 * it against the schemas in `content-schema.ts` and writes `content/dist/content.ts`, the
 * typed module the handlers import, so a bad edit fails the build, never a live conversation.
 *
 * Handlers import this file, so it holds no content schema: those need zod's full API, which
 * would add ~100 KB to every Lambda bundle. The two picklists below are valibot,
 * as every schema that runs in a Lambda is (see ../validation.ts).
 */

export const REGIONS = ['uk', 'us', 'ca'] as const;
export type Region = (typeof REGIONS)[number];

/** Whether `value` names one of the line's regions (exactly: lower case, no spaces). */
export function isRegion(value: unknown): value is Region {
  return (REGIONS as readonly unknown[]).includes(value);
}

/** The regions as a valibot schema, for records and settings that hold one. */
export const RegionSchema = v.picklist(REGIONS);

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LanguageSchema = v.picklist(LANGUAGES);

/** Whether `value` is one of the line's language codes (exactly: lower case). */
export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

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
