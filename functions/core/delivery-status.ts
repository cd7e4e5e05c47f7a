import type { DeliveryStatus } from './reminder-ports.js';

/**
 * How far along a message is. Twilio's callbacks can arrive out of order (a `sent` after
 * its `delivered`), so a status only replaces one of lower rank. The final statuses share
 * the top rank: the first final answer stands (Twilio never sends two different ones).
 */
const RANKS: Record<DeliveryStatus, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  partially_delivered: 4,
  // WhatsApp-style read receipts come after delivery.
  read: 5,
};

export function statusRank(status: DeliveryStatus): number {
  return RANKS[status];
}

/**
 * What a Twilio refusal (an error code on a rejected send) means for the number, shared by
 * the reminder sender and the voice line's text-me-this:
 * - `opted-out`: 21610, the number texted STOP to this sender at Twilio's level.
 * - `undeliverable`: 21211 (not a valid number), 21614 (not a mobile number), 21612 (not
 *   reachable by SMS from this sender).
 * - `failed`: anything else, or no code: this message was refused, the number may be fine.
 *   21408 (the account may not text that country) is here on purpose: it is the operator's
 *   setting to fix, and marking the number would silence everyone in that country until they
 *   rebooked.
 */
export type RefusalKind = 'opted-out' | 'undeliverable' | 'failed';

const UNDELIVERABLE_CODES: ReadonlySet<number> = new Set([21211, 21612, 21614]);

export function refusalKind(code: number | undefined): RefusalKind {
  if (code === 21610) return 'opted-out';
  if (code !== undefined && UNDELIVERABLE_CODES.has(code)) return 'undeliverable';
  return 'failed';
}
