import type { Language, Region } from '../content-model.js';

/**
 * What an inbound text (or a caller's words) asks for, as the understanding layers read it.
 * The conversation and the phone menu act on it; the tests and `npm run eval` score it.
 */
export type Intent =
  /** An emergency or self-harm: the crisis lines are the whole answer. */
  | { kind: 'emergency'; language: Language }
  /** `language`: the words belong to one language (ALTO, "no me escriban"), so the reply is in it. */
  | { kind: 'opt-out'; keyword: string; language?: Language }
  /** "stop", but maybe not about our texts: ask once whether they want to stop. */
  | { kind: 'opt-out-unclear'; language?: Language }
  | { kind: 'opt-in'; keyword: string; language?: Language }
  | { kind: 'help'; language?: Language }
  /** ENGLISH, ESPAÑOL...: the content's `languageWords`; the person's texts switch to it. */
  | { kind: 'language'; language: Language }
  | { kind: 'menu' }
  | { kind: 'more' }
  | { kind: 'region'; region: Region | undefined }
  | { kind: 'topic'; topicId: string }
  /** Two or three topics fit about equally: "Did you mean 6 ... or 7 ...?" */
  | { kind: 'did-you-mean'; topicIds: string[] }
  /** Fear and distress: a kind reply with the care team and the region's support line. */
  | { kind: 'distress' }
  /** Doses, diets, cures, survival: the line cannot answer; the care team can. */
  | { kind: 'medical' }
  /**
   * APPT or a date sentence; `text` is the body as sent, for the date parser, and `language`
   * the language its words are in when that is not the person's ("tengo cita el martes").
   */
  | { kind: 'appointment'; text: string; language?: Language }
  | { kind: 'cancel-appointment' }
  | { kind: 'checklist' }
  /** DONE / GOT (done: true) or UNDO (done: false), naming items by number or word. */
  | { kind: 'tick'; done: boolean; refs: (number | string)[] }
  /** TIMEZONE; `value` is what followed it, as sent, so an IANA name keeps its spelling. */
  | { kind: 'time-zone'; value: string }
  /** Nothing placed it: the friendly fallback names the likeliest topics (`suggestions`, ids). */
  | { kind: 'unknown'; suggestions: string[] };

/** The layer that placed a text, in the order they are tried. */
export const LAYERS = [
  'emergency',
  'opt-out',
  'distress',
  'command',
  'appointment',
  'topic',
  'medical',
  'fallback',
] as const;
export type Layer = (typeof LAYERS)[number];

/** How sure the topic search was: answer, ask which, or suggest. */
export type Band = 'sure' | 'close' | 'unsure';

/**
 * What a text was understood as, for operators' logs: never the body. `emergency` is set when
 * the crisis lines went first, whatever else the text asked.
 */
export type Understood = { layer: Layer; topic?: string; band?: Band; emergency?: boolean };
