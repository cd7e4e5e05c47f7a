import { z } from 'zod';
import { ChecklistContentSchema, RemindersContentSchema } from './reminder-content.js';
import { UnderstandingContentSchema } from './understanding/content.js';
import { checkVoiceContent, SupportLineSchema, VoicePromptsSchema } from './voice-content.js';

/**
 * The schemas of the content model (types and helpers: content-model.ts). Authors edit YAML
 * under `content/`; `content/build.ts` validates it against these schemas and writes the
 * typed module the handlers import, so a bad edit fails the build, never a live conversation.
 *
 * Build time only: no handler imports this file (nor voice-content.ts or reminder-content.ts
 * except for types), so zod's full API stays out of the Lambda bundles.
 */

const Text = z.string().trim().min(1);

/** An id from content/sources.yaml, where each source's publisher, dates and coverage are kept. */
export const SourceIdSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a source id from content/sources.yaml');

/** Either one text for every region, or one per region (all three: no region may be left silent). */
export const RegionalTextSchema = z.union([Text, z.object({ uk: Text, us: Text, ca: Text }).strict()]);
export type RegionalText = z.infer<typeof RegionalTextSchema>;

/** Keywords are matched after normalising to upper case without accents. */
const Keyword = z.string().regex(/^[A-Z0-9]+$/, 'keywords are upper-case letters or digits, no spaces');

export const PartSchema = z
  .object({
    /** What is texted. English must be GSM-7 and fit with its footer in 2 segments. */
    sms: RegionalTextSchema,
    /** What is spoken, where reading aloud needs other words than texting. Defaults to `sms`. */
    voice: RegionalTextSchema.optional(),
    /** Why this part may read above grade 9 (e.g. an organisation's name); the linter asks for it. */
    readingNote: Text.optional(),
  })
  .strict();
export type Part = z.infer<typeof PartSchema>;

export const TopicSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z-]*$/),
    /** Short label in the numbered SMS menu. */
    menu: Text,
    /** Label read in the voice menu: "For <spoken>, press N". */
    spoken: Text,
    keywords: z.array(Keyword).min(1),
    /** Ids of the sources (content/sources.yaml) its facts come from; the linter checks them. */
    sources: z.array(SourceIdSchema).min(1),
    parts: z.array(PartSchema).min(1),
  })
  .strict();
export type Topic = z.infer<typeof TopicSchema>;

/** Fixed replies of the text line. Placeholders in braces are filled at render time. */
export const SmsMessagesSchema = z
  .object({
    /** Sent to a number we have never heard from, whatever it texted (unless a keyword). */
    welcome: Text,
    /** Opt-in confirmation. {region} is the health system's name. */
    optIn: Text,
    /** HELP reply to anyone. {support} is the configured support contact, {emergency} the region's number. */
    help: Text,
    /** The one STOP confirmation. */
    optOut: Text,
    /** A subscriber asks for a topic or the menu before opting in. */
    joinFirst: Text,
    /** Menu heading; the numbered topic list follows it. */
    menu: Text,
    /** After a part with more to come: {next} and {total}. */
    moreFooter: Text,
    /** After the last part of a topic. */
    lastFooter: Text,
    /** MORE with no topic open, or the topic has no more parts. */
    nothingMore: Text,
    notUnderstood: Text,
    /** REGION changed; {region} is the new one. */
    regionChanged: Text,
    /** REGION with a value we do not know. */
    regionUnknown: Text,
    /** The health systems' names in this language for {region}; the region's `name` when absent. */
    regionNames: z.object({ uk: Text, us: Text, ca: Text }).strict().optional(),
    /** After a language word (ENGLISH, ESPAÑOL): says the line now writes in this language and how to go back. */
    languageChanged: Text,
    /** Reply to a message that signals an emergency or crisis: the region's emergency and crisis lines. */
    crisis: RegionalTextSchema,
    /** Something went wrong on our side; the message was not lost. */
    apology: Text,
    /** The store is down: the text is queued and will be acted on; a neutral promise of a reply. */
    deferred: Text,
    /** Leads a reply sent later, once a text queued during an outage is acted on. */
    sorryForDelay: Text,
    /** DELETE MY DATA: asks for the confirming word before anything is erased. */
    erasureConfirm: Text,
    /** After the confirmed erasure: nothing is left. */
    erased: Text,
    /** After the confirmed erasure of an opted-out number: only the opt-out is kept, and why. */
    erasedKeptOptOut: Text,
  })
  .strict();
export type SmsMessages = z.infer<typeof SmsMessagesSchema>;

export const LanguageContentSchema = z
  .object({
    /** Name of the language in itself, e.g. "English", "Español". */
    name: Text,
    sms: SmsMessagesSchema,
    /** Topics in menu order: the first is 1. */
    topics: z.array(TopicSchema).min(1).max(20),
    /** What the phone line says in this language (see voice-content.ts). */
    voice: VoicePromptsSchema,
    /** Records to gather before the appointment (see reminder-content.ts). */
    checklist: ChecklistContentSchema,
    /** Appointment replies and the reminder texts (see reminder-content.ts). */
    reminders: RemindersContentSchema,
    /** Example questions per topic and the free-text replies (see understanding/content.ts). */
    understanding: UnderstandingContentSchema.optional(),
  })
  .strict();
export type LanguageContent = z.infer<typeof LanguageContentSchema>;

export const RegionInfoSchema = z
  .object({
    /** Health system as shown to people, e.g. "UK (NHS)". Keep it GSM-7. */
    name: Text,
    /** Emergency number, e.g. "999". */
    emergency: z.string().regex(/^\d{3}$/),
    /** Default IANA time zone for the region when the number does not tell. */
    timeZone: Text,
    /** Sources (content/sources.yaml) of the region's emergency and crisis numbers. */
    sources: z.array(SourceIdSchema).min(1),
    /** The phone line's way to a person in this region; absent: the menu says there is none. */
    supportLine: SupportLineSchema.optional(),
  })
  .strict();
export type RegionInfo = z.infer<typeof RegionInfoSchema>;

export const ContentSchema = z
  .object({
    program: z
      .object({
        /** Name at the start of every compliance message. */
        name: Text,
        /** Extra opt-in keyword, e.g. SECOND. */
        keyword: Keyword,
      })
      .strict(),
    regions: z.object({ uk: RegionInfoSchema, us: RegionInfoSchema, ca: RegionInfoSchema }).strict(),
    languages: z.object({ en: LanguageContentSchema, es: LanguageContentSchema.optional() }).strict(),
  })
  .strict()
  .superRefine(checkVoiceContent);
export type Content = z.infer<typeof ContentSchema>;
