import type { Subscriber } from './subscriber.js';

/**
 * The narrow doors between the pure core and the world. Adapters implement them
 * (DynamoDB, Twilio, the local outbox); tests can implement them in memory.
 */

/** A request the line has already answered, kept so a Twilio retry gets the same answer. */
export type ProcessedRequest = { sid: string; replies: string[] };

export type StoredSubscriber = {
  subscriber: Subscriber;
  /** Optimistic-locking version: a save only lands on the version it read. */
  version: number;
};

/** A person and whether one inbound text was answered already, as one read finds them. */
export type StoredTurn = {
  stored: StoredSubscriber | undefined;
  /** The earlier answer to this MessageSid (kept 48 hours), when it was processed before. */
  answered: ProcessedRequest | undefined;
};

export type SaveResult = 'saved' | 'conflict';

export type SaveRequest = {
  /** Version read before deciding; undefined for a number never seen. */
  expectedVersion: number | undefined;
  /** The request this save answers: remembered for 48 hours, so a replay changes nothing. */
  processed: ProcessedRequest;
  /** When it was answered (starts the 48 hours). */
  at: Date;
};

/** What an erasure removed: how many rows, and whether a suppression entry was kept. */
export type ErasureResult = { deleted: number; keptSuppression: boolean };

export interface SubscriberStore {
  /** Strongly consistent read of one person, or undefined for a number never seen. */
  get(phone: string): Promise<StoredSubscriber | undefined>;
  /** The person and the earlier answer to `messageSid`, in one strongly consistent request. */
  read(phone: string, messageSid: string): Promise<StoredTurn>;
  /**
   * Writes the person and records the request as answered, only if nobody else wrote since
   * `expectedVersion` was read (undefined: only if the record does not exist yet) and the
   * request was not answered meanwhile.
   */
  save(subscriber: Subscriber, write: SaveRequest): Promise<SaveResult>;
  /**
   * Deletes every row for the number (person, answered texts, text-me-this consents,
   * reminders). With `keepSuppression`, what remains is the bare opted-out record.
   */
  erase(phone: string, options: { keepSuppression: boolean; at: Date }): Promise<ErasureResult>;
}

export interface Clock {
  now(): Date;
}

/** A text the line sends on its own initiative (text-me-this, reminders), not as a webhook reply. */
export type OutboundSms = {
  to: string;
  body: string;
  /** Where Twilio should post delivery status, when the caller tracks it. */
  statusCallback?: string;
};

/**
 * How a send ended. `retryable` failures were never processed by Twilio (429/20429, 5xx,
 * timeouts) and may be tried again; `rejected` ones never will succeed as they are
 * (21610 unsubscribed, 21211 invalid number, 21614 not a mobile, ...).
 */
export type SendResult =
  | { outcome: 'sent'; sid: string }
  | { outcome: 'retryable'; httpStatus?: number; code?: number; reason: string }
  | { outcome: 'rejected'; httpStatus?: number; code?: number; reason: string };

/** The one way out for outbound SMS: Twilio's Messages API when deployed, an outbox locally. */
export interface Messenger {
  send(message: OutboundSms): Promise<SendResult>;
}
