import type { Language, Region } from './content-model.js';

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
