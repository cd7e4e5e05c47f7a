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
  /** The last few requests answered for this number, newest last. */
  recent: ProcessedRequest[];
};

export type SaveResult = 'saved' | 'conflict';

export type SaveRequest = {
  /** Version read before deciding; undefined for a number never seen. */
  expectedVersion: number | undefined;
  /** Requests already answered, as read; the store keeps the newest few. */
  previousRecent: ProcessedRequest[];
  /** The request this save answers. */
  processed: ProcessedRequest;
};

export interface SubscriberStore {
  /** Strongly consistent read of one person, or undefined for a number never seen. */
  get(phone: string): Promise<StoredSubscriber | undefined>;
  /**
   * Writes the person and records the request as answered, only if nobody else wrote since
   * `expectedVersion` was read (undefined: only if the record does not exist yet).
   */
  save(subscriber: Subscriber, write: SaveRequest): Promise<SaveResult>;
}

export interface Clock {
  now(): Date;
}
