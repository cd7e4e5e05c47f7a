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
