import { z } from 'zod';
import { WEEKDAYS } from './content-model.js';
import { E164_PATTERN } from './phone/phone-number.js';

/**
 * The voice line's part of the content model: what the phone menu says, in which voice, and
 * how each region's support line is reached. Kept apart from `content-model.ts` so the text
 * line's schema stays readable; `content-model.ts` plugs these in and runs
 * {@link checkVoiceContent} over the whole content at build time.
 */

const Text = z.string().trim().min(1);
const Keyword = z.string().regex(/^[A-Z0-9]+$/, 'keywords are upper-case letters or digits, no spaces');
const E164 = z.string().regex(E164_PATTERN, 'an E.164 number such as +442079460000');

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time such as 09:00');

/** One weekly opening window, e.g. Monday to Friday 09:00-17:00; `close` is exclusive. */
export const OpeningWindowSchema = z
  .object({
    days: z.array(z.enum(WEEKDAYS)).min(1),
    open: ClockTime,
    close: ClockTime,
  })
  .strict()
  .refine((window) => window.open < window.close, 'open must be before close (no overnight windows)');
export type OpeningWindow = z.infer<typeof OpeningWindowSchema>;

/** Checked with Intl rather than luxon so every function bundling the content model stays small. */
const TimeZoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as Europe/London');

/** At most this many choices are read per menu level: more is too many to remember. */
export const MAX_MENU_OPTIONS = 5;

/** A Twilio <Say> voice (Amazon Polly or Google) and the language it speaks. */
export const SpeakerSchema = z
  .object({
    voice: z.string().regex(/^(Polly|Google)\.[A-Za-z0-9.-]+$/, 'a Twilio voice such as Polly.Amy-Neural'),
    language: z.string().regex(/^[a-z]{2,3}-[A-Z]{2}$/, 'a BCP-47 tag such as en-GB'),
  })
  .strict();
export type Speaker = z.infer<typeof SpeakerSchema>;

/** A second menu level: topics grouped under one spoken label. */
export const TopicGroupSchema = z
  .object({
    /** Read as "For <spoken>, press N". */
    spoken: Text,
    /** Topic ids in the order they are offered. */
    topics: z.array(z.string()).min(1).max(MAX_MENU_OPTIONS),
  })
  .strict();
export type TopicGroup = z.infer<typeof TopicGroupSchema>;

/** Words a caller may say instead of pressing a key; matched after `normalise` (upper case, no accents). */
export const CallWordsSchema = z
  .object({
    person: z.array(Keyword).min(1),
    again: z.array(Keyword).min(1),
    next: z.array(Keyword).min(1),
    text: z.array(Keyword).min(1),
    menu: z.array(Keyword).min(1),
    yes: z.array(Keyword).min(1),
    no: z.array(Keyword).min(1),
  })
  .strict();
export type CallWords = z.infer<typeof CallWordsSchema>;

/**
 * Everything the phone menu says in one language. Placeholders: {line} the program name,
 * {emergency} the region's number, {label} and {key} in options, {part} and {total} for
 * parts, {hours} the support line's spoken hours, {text} a part's SMS text.
 */
export const VoicePromptsSchema = z
  .object({
    /** One voice per region, so UK callers hear a British voice. */
    speakers: z.object({ uk: SpeakerSchema, us: SpeakerSchema, ca: SpeakerSchema }).strict(),
    /** SSML prosody rate for a calm pace, e.g. "90%". */
    rate: z.string().regex(/^\d{2,3}%$/),
    /** Said in this language when the line has several: "For English, press {key}." */
    languageChoice: Text,
    /** Words that pick this language by voice, e.g. ENGLISH. */
    languageWords: z.array(Keyword).min(1),
    greeting: Text,
    menuIntro: Text,
    option: Text,
    person: Text,
    mainMenu: Text,
    /** With more than MAX_MENU_OPTIONS topics, the first level offers these groups. */
    groups: z.array(TopicGroupSchema).min(1).max(MAX_MENU_OPTIONS).optional(),
    partIntro: Text,
    again: Text,
    next: Text,
    textOption: Text,
    lastPart: Text,
    noMoreParts: Text,
    textConfirm: Text,
    textSent: Text,
    textUnavailable: Text,
    textFailed: Text,
    /** Each texted part: must stay GSM-7 and within 2 segments (checked by a unit test). */
    textMessage: Text,
    /** Ends the last texted part, so every text-me-this topic says once that it is not medical advice. */
    textNotAdvice: Text,
    textOffer: Text,
    transferring: Text,
    closed: Text,
    noLine: Text,
    noAnswer: Text,
    afterTransfer: Text,
    notAnOption: Text,
    notUnderstood: Text,
    noInput: Text,
    goodbye: Text,
    apology: Text,
    words: CallWordsSchema,
  })
  .strict();
export type VoicePrompts = z.infer<typeof VoicePromptsSchema>;

/**
 * A region's line to a person. No number is configured by default: this line's staff and
 * their numbers are the operator's to set, here or with SUPPORT_LINE_<REGION>.
 */
export const SupportLineSchema = z
  .object({
    number: E164.optional(),
    hours: z.array(OpeningWindowSchema).min(1),
    /** Zone the hours are in; defaults to the region's. */
    timeZone: TimeZoneSchema.optional(),
    /** The hours as said on the phone, per language code; every language with content needs one. */
    spokenHours: z.record(z.string(), Text),
  })
  .strict();
export type SupportLine = z.infer<typeof SupportLineSchema>;

/** The parts of the content the cross-checks read (structural, to avoid a cycle with content-model). */
type CheckedContent = {
  regions: Record<string, { supportLine?: SupportLine }>;
  languages: Record<string, { topics: { id: string }[]; voice: VoicePrompts } | undefined>;
};

/**
 * Checks what one field's schema cannot: the menu fits in two levels of at most five options
 * with every topic reachable once, and every support line has spoken hours in every language.
 */
export function checkVoiceContent(content: CheckedContent, ctx: z.RefinementCtx): void {
  for (const [language, lang] of Object.entries(content.languages)) {
    if (lang === undefined) continue;
    const path = ['languages', language, 'voice', 'groups'];
    const ids = lang.topics.map((topic) => topic.id);
    const groups = lang.voice.groups;
    if (groups === undefined) {
      if (ids.length > MAX_MENU_OPTIONS) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `${ids.length} topics do not fit one menu level of ${MAX_MENU_OPTIONS}: group them`,
        });
      }
    } else {
      const grouped = groups.flatMap((group) => group.topics);
      const unknown = grouped.filter((id) => !ids.includes(id));
      const missing = ids.filter((id) => !grouped.includes(id));
      const twice = grouped.filter((id, index) => grouped.indexOf(id) !== index);
      if (unknown.length + missing.length + twice.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `every topic in exactly one group (unknown: ${unknown.join(', ') || '-'}; missing: ${missing.join(', ') || '-'}; twice: ${twice.join(', ') || '-'})`,
        });
      }
    }
    for (const [region, info] of Object.entries(content.regions)) {
      if (info.supportLine !== undefined && info.supportLine.spokenHours[language] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['regions', region, 'supportLine', 'spokenHours', language],
          message: `spoken hours are needed in every language with content (missing: ${language})`,
        });
      }
    }
  }
}
