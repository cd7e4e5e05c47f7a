import type { ConsentEvent, Subscriber } from './subscriber.js';

/**
 * Ports of the reminder sender, declared by the core like those in ports.ts.
 * Adapters: adapters/dynamodb/reminder-store.ts, subscriber-store.ts, message-status-store.ts.
 */

/**
 * `pending`: waiting for its send time. `sending`: claimed by a sweep, which may have handed
 * it to Twilio. `sent`: Twilio accepted it (SID recorded). `skipped`: not sent on purpose
 * (opted out, superseded, too late). `failed`: Twilio refused it for good. `unconfirmed`: a
 * sweep stopped between handing it to Twilio and hearing back; never sent again.
 */
export type ReminderState = 'pending' | 'sending' | 'sent' | 'skipped' | 'failed' | 'unconfirmed';

/** A reminder row as a sweep read it. Every write is conditional on what was read. */
export type ReminderRecord = {
  phone: string;
  slot: number;
  /** The booking it was planned for (Appointment.id); a rebooked person has a new one. */
  appointmentId: string;
  kind: 'before' | 'follow-up';
  daysBefore?: number;
  /** ISO instant of the appointment and the zone the person is shown times in. */
  appointmentAt: string;
  zone: string;
  /** ISO instant it should go out (moved later if a late sweep finds it in quiet hours). */
  sendAt: string;
  state: ReminderState;
  /** The index time read: the send time while pending, the lease expiry while sending. */
  dueAt: string;
  claimedBy?: string;
  /** Claims that ended without a send (429s / 5xx until the lease ran short). */
  attempts: number;
};

export type SettleOutcome = {
  state: 'skipped' | 'failed' | 'unconfirmed';
  /** Short machine-readable reason: opted-out, superseded, late, 21610, timeout, ... */
  reason: string;
  code?: number;
};

export interface ReminderStore {
  /**
   * Reminders whose index time is in [since, asOf], page by page, oldest first. Found
   * through the sparse index, never a scan. A page may hold rows another sweep is changing:
   * every write below re-checks what was read.
   */
  due(asOf: Date, since: Date): AsyncIterable<ReminderRecord[]>;
  /**
   * Takes a pending reminder for this sweep until `leaseUntil`, if it is still exactly as
   * read. The claim is what makes two sweeps never send the same reminder. Resolves to the
   * claimed record, or undefined when someone else changed it first.
   */
  claim(
    reminder: ReminderRecord,
    sweepId: string,
    leaseUntil: Date,
    at: Date,
  ): Promise<ReminderRecord | undefined>;
  /** Records the Twilio SID of a claimed reminder. False if it was rebooked or cancelled meanwhile. */
  markSent(reminder: ReminderRecord, sid: string, at: Date): Promise<boolean>;
  /**
   * Gives a claimed reminder back (Twilio never took it), indexed at `retryAt` (its send
   * time, so any sweep finds it again at once).
   */
  release(reminder: ReminderRecord, retryAt: Date, at: Date): Promise<boolean>;
  /** Ends a reminder that will not be sent (or whose sending cannot be confirmed). */
  settle(reminder: ReminderRecord, outcome: SettleOutcome, at: Date): Promise<boolean>;
  /** Moves a pending reminder to a later send time (out of quiet hours). */
  defer(reminder: ReminderRecord, sendAt: Date): Promise<boolean>;
}

/**
 * The person records a sweep re-checks before sending, read in batches (BatchGetItem, up to
 * 100 a request) just ahead of the sends that need them: at 100 texts a second a record is
 * at most a second or two old when its reminder goes. STOP, CANCEL APPT and rebooking also
 * delete or rewrite the reminder rows, which the claim re-checks at the moment of sending.
 */
export interface PeopleReader {
  /** Strongly consistent reads; numbers without a record are absent from the map. */
  getMany(phones: readonly string[]): Promise<Map<string, Subscriber>>;
}

/**
 * Marks on the person record after Twilio refuses a number for good. Each bumps the
 * record's version, so a text being answered at the same moment re-reads and keeps it.
 */
export interface SubscriberMarks {
  /** 21610: the number texted STOP to Twilio directly; the line treats it as opted out. */
  markOptedOut(phone: string, event: ConsentEvent): Promise<void>;
  /** 21211 / 21614: the number cannot get texts; reminders stop until a new booking. */
  markUndeliverable(phone: string, code: number, at: Date): Promise<void>;
}

/** Delivery statuses Twilio posts to a StatusCallback. */
export const DELIVERY_STATUSES = [
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'canceled',
  'read',
  'partially_delivered',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type DeliveryUpdate = { sid: string; status: DeliveryStatus; errorCode?: number; at: Date };

export interface MessageStatusStore {
  /**
   * Records a status unless the message already has a later one: callbacks come twice and
   * out of order, and the final state must win. 'ignored' for a stale or repeated one.
   */
  record(update: DeliveryUpdate): Promise<'recorded' | 'ignored'>;
  get(sid: string): Promise<{ status: DeliveryStatus; errorCode?: number } | undefined>;
}
