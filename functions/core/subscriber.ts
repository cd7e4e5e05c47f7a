import type { Language, Region } from './content-model.js';
import type { PlannedReminder } from './reminder-plan.js';

export type Channel = 'sms' | 'voice';

/** One change of consent, kept for as long as the record: who agreed or revoked, when and how. */
export type ConsentEvent = {
  at: string;
  action: 'opt-in' | 'opt-out';
  /** The word or phrase that did it (e.g. START, STOP, PHRASE, TEXT-ME-THIS). */
  keyword: string;
  channel: Channel;
  /** MessageSid or CallSid of the request that carried it. */
  sid: string;
};

export type ConsentStatus = 'new' | 'subscribed' | 'opted-out';

/** A person as the line knows them, keyed by their phone number (E.164). */
export type Subscriber = {
  phone: string;
  status: ConsentStatus;
  region: Region;
  language: Language;
  /** Topic open in the text conversation and the index of the part last sent. */
  topic?: string;
  part?: number;
  /** Topic ids read or heard, in first-visit order. */
  visited: string[];
  consent: ConsentEvent[];
  createdAt: string;
  updatedAt: string;
  /** Set by TIMEZONE; otherwise the zone comes from the number and region (time-zone.ts). */
  timeZone?: string;
  /** A date read from a text, waiting for YES (expires after a day). */
  pendingAppointment?: PendingAppointment;
  /** The confirmed appointment the reminders are for. */
  appointment?: Appointment;
  /** The reminders the stored rows mirror; see {@link ReminderSchedule}. */
  schedule?: ReminderSchedule;
  /** Checklist item ids ticked, in the order ticked. */
  checklistDone?: string[];
  /** Twilio said texts to this number can never arrive (21211 invalid, 21614 not a mobile). */
  undeliverable?: { code: number; at: string };
  /** When DELETE MY DATA was asked, awaiting the confirming word (core/erasure.ts). */
  pendingErasure?: string;
};

/** A date someone gave, in their zone, before they confirmed it. */
export type PendingAppointment = {
  /** Local wall-clock "yyyy-MM-ddTHH:mm" as given, the zone it was read in, and the instant. */
  local: string;
  zone: string;
  at: string;
  proposedAt: string;
};

export type Appointment = {
  /** Unique per booking (the MessageSid of the YES): reminder rows carry it, so stale ones are recognised. */
  id: string;
  local: string;
  zone: string;
  at: string;
  bookedAt: string;
};

/**
 * The reminders planned for the current appointment (none after CANCEL APPT or STOP).
 * `changedBy` is the MessageSid of the text that last changed the plan: the store writes
 * the reminder rows in the same transaction as the person only when saving that very
 * text's turn, so other texts never rewrite (and so never resend) reminders.
 */
export type ReminderSchedule = {
  appointmentId?: string;
  changedBy: string;
  reminders: PlannedReminder[];
};

/** A record for a number never seen before. */
export function newSubscriber(phone: string, region: Region, now: Date): Subscriber {
  const at = now.toISOString();
  return {
    phone,
    status: 'new',
    region,
    language: 'en',
    visited: [],
    consent: [],
    createdAt: at,
    updatedAt: at,
  };
}

/** Adds a topic to the visited list once. */
export function withVisited(subscriber: Subscriber, topicId: string): string[] {
  return subscriber.visited.includes(topicId) ? subscriber.visited : [...subscriber.visited, topicId];
}

/**
 * What an opted-out number keeps: the number, that it opted out, and the consent events
 * (each says when and how), capped. Everything else (topics, region, zone, language,
 * appointment, checklist, reminders) goes in the same write as the STOP.
 */
export const OPTED_OUT_FIELDS = ['phone', 'status', 'consent', 'updatedAt'] as const;
