import type { ConsentEvent } from './subscriber.js';

/**
 * The voice line's one write. Caller ID can be spoofed, so a call never creates or changes
 * a person record: what a caller heard is not stored at all. The only thing a call writes is
 * the minimal one-off consent a confirmed text-me-this needs, in its own short-lived item,
 * and only when every limit below allows the text.
 */

/** How many texts a confirmed text-me-this may cause; operator settings (functions/config.ts). */
export type TextMeThisLimits = {
  /** A topic is sent at most once in one call: confirming it again (or a replay) sends nothing. */
  perTopicPerCall: 1;
  /** Different topics one call may have sent. */
  topicsPerCall: number;
  /** Text-me-this topics one number may be sent in a (UTC) day, across calls. */
  perNumberPerDay: number;
  /** Days the one-off consent is kept (then TTL deletes it): enough to answer a complaint. */
  consentRetentionDays: number;
};

export type TextConsentRequest = {
  phone: string;
  callSid: string;
  topicId: string;
  event: ConsentEvent;
  now: Date;
};

/**
 * `recorded`: the consent is on record and the texts may go. `declined`: nothing was written
 * and nothing may be sent (the number opted out, a limit was reached, or this call already
 * had this topic sent: a replayed confirmation). The caller hears the same words either way.
 */
export type TextConsentResult = 'recorded' | 'declined';

export interface CallerRecords {
  /**
   * Records the one-off consent in a single conditional write that also checks the number
   * has not opted out and that every limit allows one more text.
   */
  recordTextConsent(request: TextConsentRequest, limits: TextMeThisLimits): Promise<TextConsentResult>;
}
