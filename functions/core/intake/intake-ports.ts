import type { Language } from '../content-model.js';

/**
 * Durable intake: a text the webhook could not process (store error, timeout, throttling)
 * is kept on a queue, in order per number, and acted on once the store is back.
 */
export type QueuedText = {
  kind: 'text';
  messageSid: string;
  from: string;
  body: string;
  /** When Twilio delivered it (ISO): the conversation runs as of then, not as of the replay. */
  receivedAt: string;
  /** The webhook's guess at the person's language (the stored one was out of reach). */
  language: Language;
  /** The replies the webhook already sent (an opt-out confirmation, HELP, the crisis lines...). */
  alreadySent: string[];
};

/**
 * The answer to a queued text, sent later and only if the person is still subscribed then.
 * `after-texts`: queued behind the person's own texts (same FIFO group), so every text they
 * sent during the outage, a later STOP above all, is applied before it goes out.
 * `quiet-hours`: it was due at night; it waits for `sendAt` in a group of its own, so it
 * never holds up the person's texts.
 */
export type DelayedReply = {
  kind: 'reply';
  stage: 'after-texts' | 'quiet-hours';
  messageSid: string;
  to: string;
  replies: string[];
  sendAt: string;
};

export type IntakeMessage = QueuedText | DelayedReply;

/** The queue: SQS FIFO when deployed, an in-process queue locally. */
export interface TextIntake {
  /** Resolves once the message is durably kept; rejects otherwise. */
  enqueue(message: IntakeMessage): Promise<void>;
}

/** The FIFO group a message belongs to: one per number, night-time replies apart. */
export function groupOf(message: IntakeMessage): string {
  if (message.kind === 'text') return `text#${message.from}`;
  return message.stage === 'after-texts' ? `text#${message.to}` : `reply#${message.to}`;
}

/** The FIFO deduplication id: the MessageSid, so a webhook retried by Twilio is queued once. */
export function deduplicationIdOf(message: IntakeMessage): string {
  return message.kind === 'text' ? `text#${message.messageSid}` : `${message.stage}#${message.messageSid}`;
}

/**
 * Thrown by the consumer when a message must wait (a reply in quiet hours): the queue keeps
 * it and offers it again at `until` (at most its visibility limit later).
 */
export class NotYetError extends Error {
  override name = 'NotYetError';
  constructor(readonly until: Date) {
    super(`not before ${until.toISOString()}`);
  }
}
