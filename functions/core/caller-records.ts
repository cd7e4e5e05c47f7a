import type { Language, Region } from './content-model.js';
import type { ConsentEvent } from './subscriber.js';

/**
 * The voice line's door to the person record the text line keeps (same item, keyed by the
 * phone number). Each method is one request, so a call step costs at most one; neither reads
 * first, because the call's own state travels in the TwiML URLs.
 */

/** Who is calling, enough to create their record if they have never been in touch. */
export type CallerRef = { phone: string; region: Region; language: Language };

export type TextConsentResult = 'recorded' | 'opted-out';

export interface CallerRecords {
  /** Adds a topic the caller started hearing to the number's visited list (once). */
  recordHeard(caller: CallerRef, topicId: string, now: Date): Promise<void>;
  /**
   * Records the caller's one-off consent to receive a topic by text, unless the number has
   * opted out of texts, in which case nothing is written and nothing may be sent. It is not a
   * subscription: the record's consent status does not change.
   */
  recordTextConsent(caller: CallerRef, event: ConsentEvent, now: Date): Promise<TextConsentResult>;
}
