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
 * A reply to a queued text that could not go out when it was acted on (quiet hours): sent at
 * `sendAt`, if the person is still subscribed then. Grouped apart from the person's texts so
 * it never holds them up.
 */
export type DelayedReply = {
  kind: 'reply';
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

/** The FIFO group a message belongs to: one per number, replies apart from texts. */
export function groupOf(message: IntakeMessage): string {
  return message.kind === 'text' ? `text#${message.from}` : `reply#${message.to}`;
}

/** The FIFO deduplication id: the MessageSid, so a webhook retried by Twilio is queued once. */
export function deduplicationIdOf(message: IntakeMessage): string {
  return `${message.kind}#${message.messageSid}`;
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
