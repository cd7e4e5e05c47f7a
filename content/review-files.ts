/**
 * The files a reviewer and an auditor read beside the words: the sources the facts come from
 * (content/sources.yaml), the glossary of terms every topic must explain (content/glossary.yaml)
 * and the record of who reviewed which text (content/reviews.yaml). Build-time only: none of
 * this is bundled into a handler.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Content, Language } from '../functions/core/content-model.js';
import { SourceIdSchema } from '../functions/core/content-schema.js';

const Text = z.string().trim().min(1);
const Day = z.iso.date();

export const SourceSchema = z
  .object({
    id: SourceIdSchema,
    title: Text,
    publisher: Text,
    url: z.url().optional(),
    country: Text,
    healthSystem: Text,
    /** What the line takes from this source. */
    covers: Text,
    /** The page's own dates, where it shows them. */
    pagePublished: Day.optional(),
    pageUpdated: Day.optional(),
    pageReviewed: Day.optional(),
    pageNextReview: Day.optional(),
    /** When someone on the project last read the source against the content, and when next. */
    checked: Day,
    nextCheck: Day,
    /** The developers' saved copy of the page (a file name), where there is one. */
    localCopy: Text.optional(),
  })
  .strict();
export type Source = z.infer<typeof SourceSchema>;

export const SourcesFileSchema = z
  .object({ sources: z.array(SourceSchema).min(1) })
  .strict()
  .superRefine((file, ctx) => {
    const ids = file.sources.map((source) => source.id);
    for (const id of ids.filter((id, index) => ids.indexOf(id) !== index)) {
      ctx.addIssue({ code: 'custom', message: `source id ${id} is used twice` });
    }
  });

export const GlossaryTermSchema = z
  .object({
    /** The term as a reader meets it, e.g. "MDT". */
    term: Text,
    /** Every way a topic may write it (matched as whole words, ignoring case). */
    forms: z.array(Text).min(1),
    /** The plain explanation, as a reviewer reads it. */
    explanation: Text,
    /** Words that explain it inside a topic; one of them must appear in the same or an earlier part. */
    explainedBy: z.array(Text).min(1),
  })
  .strict();
export type GlossaryTerm = z.infer<typeof GlossaryTermSchema>;
export const GlossarySchema = z
  .object({ en: z.array(GlossaryTermSchema), es: z.array(GlossaryTermSchema) })
  .strict();
export type Glossary = z.infer<typeof GlossarySchema>;

/** What the reviews file says before anyone has signed a text off. */
export const NOT_YET_REVIEWED = 'not yet reviewed';

export const ReviewSchema = z
  .object({
    /** A role, not a name: "oncology nurse", "Spanish medical translator". */
    role: Text,
    date: Day,
    /** sha256 of the text the reviewer saw (see reviewHash). */
    hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    /** When the sign-off lapses and the text needs reading again. */
    nextReview: Day,
  })
  .strict();
export type Review = z.infer<typeof ReviewSchema>;
const ReviewEntrySchema = z.union([z.literal(NOT_YET_REVIEWED), ReviewSchema]);
export type ReviewEntry = z.infer<typeof ReviewEntrySchema>;
export const ReviewsSchema = z
  .object({
    en: z.record(z.string(), ReviewEntrySchema),
    es: z.record(z.string(), ReviewEntrySchema),
  })
  .strict();
export type Reviews = z.infer<typeof ReviewsSchema>;

export type ReviewFiles = { sources: Source[]; glossary: Glossary; reviews: Reviews };

export class ReviewFileError extends Error {}

function readYaml<T>(file: string, schema: z.ZodType<T>): T {
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ReviewFileError(`${file}: not readable YAML: ${(error as Error).message}`);
  }
  const result = schema.safeParse(data);
  if (!result.success) throw new ReviewFileError(`${file} is not valid:\n${z.prettifyError(result.error)}`);
  return result.data;
}

export const SOURCES_FILE = 'sources.yaml';
export const GLOSSARY_FILE = 'glossary.yaml';
export const REVIEWS_FILE = 'reviews.yaml';

export function loadReviewFiles(dir: string): ReviewFiles {
  return {
    sources: readYaml(join(dir, SOURCES_FILE), SourcesFileSchema).sources,
    glossary: readYaml(join(dir, GLOSSARY_FILE), GlossarySchema),
    reviews: readYaml(join(dir, REVIEWS_FILE), ReviewsSchema),
  };
}

/**
 * What a reviewer signs off, per language: each topic, and the fixed texts grouped by file
 * (messages, including the crisis replies; checklist; reminders; voice prompts).
 */
export const FIXED_UNITS = ['messages', 'checklist', 'reminders', 'voice'] as const;

export function reviewUnits(content: Content, language: Language): string[] {
  const lang = content.languages[language];
  if (lang === undefined) return [];
  return [...lang.topics.map((topic) => topic.id), ...FIXED_UNITS];
}

/** The text of one unit as a reviewer reads it, or undefined for an unknown unit. */
export function unitText(content: Content, language: Language, unit: string): unknown {
  const lang = content.languages[language];
  if (lang === undefined) return undefined;
  switch (unit) {
    case 'messages':
      return lang.sms;
    case 'checklist':
      return lang.checklist;
    case 'reminders':
      return lang.reminders;
    case 'voice':
      return lang.voice;
  }
  const topic = lang.topics.find((candidate) => candidate.id === unit);
  // The words people read or hear; keywords and sources are not part of what is signed off.
  return topic === undefined ? undefined : { menu: topic.menu, spoken: topic.spoken, parts: topic.parts };
}

/** JSON with sorted keys, so the hash depends on the text, not on the order of YAML keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash recorded with a review: any change to the unit's words changes it. */
export function reviewHash(content: Content, language: Language, unit: string): string | undefined {
  const text = unitText(content, language, unit);
  if (text === undefined) return undefined;
  return `sha256:${createHash('sha256').update(canonical(text)).digest('hex')}`;
}

export type ReviewState =
  | { kind: 'not-reviewed' }
  | { kind: 'reviewed'; review: Review }
  | { kind: 'changed'; review: Review }
  | { kind: 'lapsed'; review: Review };

/** Where one unit stands: never reviewed, reviewed as it is, changed since, or due again. */
export function reviewState(
  content: Content,
  reviews: Reviews,
  language: Language,
  unit: string,
  today: string,
): ReviewState {
  const entry = reviews[language][unit];
  if (entry === undefined || entry === NOT_YET_REVIEWED) return { kind: 'not-reviewed' };
  if (entry.hash !== reviewHash(content, language, unit)) return { kind: 'changed', review: entry };
  if (entry.nextReview < today) return { kind: 'lapsed', review: entry };
  return { kind: 'reviewed', review: entry };
}

export function describeReviewState(state: ReviewState): string {
  switch (state.kind) {
    case 'not-reviewed':
      return NOT_YET_REVIEWED;
    case 'reviewed':
      return `reviewed ${state.review.date} by ${state.review.role}, next ${state.review.nextReview}`;
    case 'changed':
      return `changed since its review on ${state.review.date} by ${state.review.role}`;
    case 'lapsed':
      return `review by ${state.review.role} lapsed on ${state.review.nextReview}`;
  }
}
