import type { DateParsers } from '../core/appointment.js';
import type { ConversationSettings } from '../core/appointment-conversation.js';
import type { Content, Region } from '../core/content-model.js';
import { converse } from '../core/conversation.js';
import { needsDateParsers } from '../core/keywords.js';
import type { Clock, SubscriberStore } from '../core/ports.js';
import { inferRegion } from '../core/region.js';
import { newSubscriber } from '../core/subscriber.js';
import type { TopicSearch } from '../core/understanding/topics.js';
import { needsTopicSearch } from '../core/understanding/understand.js';
import type { TextFacts } from '../core/usage-metrics.js';

export type ReceiveSmsDeps = {
  subscribers: SubscriberStore;
  content: Content;
  clock: Clock;
  /** What the conversation reads (reminder schedule and zones included) and the fallback region. */
  settings: ConversationSettings & { defaultRegion: Region };
  /** chrono-node, loaded only for texts that may hold a date (adapters/date-parsers.ts). */
  loadDates: () => Promise<DateParsers>;
  /** The topic search, loaded only for texts no keyword places (adapters/topic-search-loader.ts). */
  loadSearch: () => Promise<TopicSearch>;
};

export type InboundSmsRequest = { from: string; body: string; messageSid: string };

export class ConcurrentUpdateError extends Error {}

/** Conflicting writers are rare (two texts from one person in the same few ms); three tries is plenty. */
const MAX_ATTEMPTS = 3;

/**
 * One inbound text, exactly once: a read, the pure conversation, a conditional write.
 * A retried or replayed MessageSid (within 48 hours, however many texts came since) finds
 * its answer and changes nothing; a concurrent duplicate loses the conditional write, reads
 * again and then finds the answer too. Steady state costs two DynamoDB requests (one
 * BatchGetItem, one TransactWriteItems); a confirmed erasure costs more (see erase).
 */
export async function receiveSms(
  deps: ReceiveSmsDeps,
  sms: InboundSmsRequest,
  /** Told what the text was understood as and what it changed (never the body), for operators. */
  observe?: (facts: TextFacts) => void,
): Promise<string[]> {
  // The first read goes out while a lazy chunk loads: on a cold start the chunk's parsing
  // then fills the wait for DynamoDB instead of coming before it.
  const [[dates, search], firstRead] = await Promise.all([
    Promise.all([
      needsDateParsers(sms.body) ? deps.loadDates() : undefined,
      needsTopicSearch(sms.body, deps.content) ? deps.loadSearch() : undefined,
    ]),
    deps.subscribers.read(sms.from, sms.messageSid),
  ]);
  const settings = { ...deps.settings, ...(dates ? { dates } : {}), ...(search ? { search } : {}) };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { stored, answered } =
      attempt === 0 ? firstRead : await deps.subscribers.read(sms.from, sms.messageSid);
    if (answered !== undefined) return answered.replies;

    const now = deps.clock.now();
    const current =
      stored?.subscriber ?? newSubscriber(sms.from, inferRegion(sms.from, deps.settings.defaultRegion), now);
    const turn = converse(current, { body: sms.body, sid: sms.messageSid }, deps.content, now, settings);
    const facts = (erased: boolean): TextFacts => {
      const added = turn.next.consent.length > current.consent.length ? turn.next.consent.at(-1) : undefined;
      return {
        understood: turn.understood,
        language: turn.next.language,
        region: turn.next.region,
        firstContact: stored === undefined,
        ...(added === undefined ? {} : { consent: { action: added.action, keyword: added.keyword } }),
        erased,
      };
    };
    if (turn.erase !== undefined) {
      // Nothing is kept for a replay either: the reply is the last thing the line says.
      await deps.subscribers.erase(sms.from, { keepSuppression: turn.erase.keepSuppression, at: now });
      observe?.(facts(true));
      return turn.replies;
    }
    const result = await deps.subscribers.save(turn.next, {
      expectedVersion: stored?.version,
      processed: { sid: sms.messageSid, replies: turn.replies },
      at: now,
    });
    if (result === 'saved') {
      observe?.(facts(false));
      return turn.replies;
    }
  }
  throw new ConcurrentUpdateError(`gave up after ${MAX_ATTEMPTS} conflicting writes`);
}
