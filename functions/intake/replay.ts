import type { Logger } from '../adapters/logging.js';
import { zoneFor } from '../core/appointment-conversation.js';
import {
  type DelayedReply,
  NotYetError,
  type QueuedText,
  type TextIntake,
} from '../core/intake/intake-ports.js';
import type { Messenger } from '../core/ports.js';
import { DEFAULT_QUIET_HOURS, isAllowedSendTime, nextAllowedSend } from '../core/quiet-hours.js';
import { languageContent } from '../core/sms-render.js';
import { type ReceiveSmsDeps, receiveSms } from '../sms/receive-sms.js';

/** Remembers each reply a replay sent, so a message delivered twice is not texted twice. */
export interface ReplayMarks {
  /** True when `mark` was not taken yet (and now is); false when it was. */
  claim(phone: string, mark: string, at: Date): Promise<boolean>;
  /** Frees a mark whose send failed and will be tried again. */
  release(phone: string, mark: string): Promise<void>;
}

export type ReplayDeps = ReceiveSmsDeps & {
  messenger: Messenger;
  /** Where a reply that must wait for quiet hours to end is queued. */
  intake: TextIntake;
  marks: ReplayMarks;
  logger: Logger;
};

/** A send Twilio may accept later: the queue offers the message again. */
export class ReplaySendError extends Error {
  override name = 'ReplaySendError';
}

export type ReplayOutcome = 'sent' | 'delayed' | 'nothing to send';

/**
 * Applies a queued text as if it had arrived when it did: the same conversation, store and
 * idempotency as the webhook (receiveSms), so a text applied before (the store came back
 * mid-request, or the queue delivered it twice) changes nothing the second time. Opt-outs,
 * opt-ins, appointments, ticks and language or region changes take effect here.
 *
 * Then the answer the person did not get: only to someone still subscribed, never what the
 * webhook already sent (an opt-out confirmation, HELP, the crisis lines), led by "Sorry for
 * the delay", and outside quiet hours in their zone, otherwise queued for the next opening.
 */
export async function replayText(deps: ReplayDeps, text: QueuedText): Promise<ReplayOutcome> {
  const receivedAt = new Date(text.receivedAt);
  const replies = await receiveSms(
    { ...deps, clock: { now: () => receivedAt } },
    { from: text.from, body: text.body, messageSid: text.messageSid },
  );
  const unsent = replies.filter((reply) => !text.alreadySent.includes(reply));
  if (unsent.length === 0) return 'nothing to send';
  const person = (await deps.subscribers.get(text.from))?.subscriber;
  if (person?.status !== 'subscribed') return 'nothing to send';

  const sorry = languageContent(deps.content, person.language).sms.sorryForDelay;
  const now = deps.clock.now();
  const zone = zoneFor(person, deps.content, deps.settings);
  const quiet = deps.settings.reminders?.quietHours ?? DEFAULT_QUIET_HOURS;
  const reply: DelayedReply = {
    kind: 'reply',
    messageSid: text.messageSid,
    to: text.from,
    replies: [sorry, ...unsent],
    sendAt: nextAllowedSend(now, zone, quiet).toISOString(),
  };
  if (!isAllowedSendTime(now, zone, quiet)) {
    await deps.intake.enqueue(reply);
    return 'delayed';
  }
  await sendReplies(deps, reply);
  return 'sent';
}

/**
 * A reply queued for the end of quiet hours: not before its time (NotYetError: the queue
 * offers it again then), and only if the person is still subscribed when it is due.
 */
export async function sendDelayedReply(deps: ReplayDeps, reply: DelayedReply): Promise<ReplayOutcome> {
  const now = deps.clock.now();
  const due = new Date(reply.sendAt);
  if (now < due) throw new NotYetError(due);
  const person = (await deps.subscribers.get(reply.to))?.subscriber;
  if (person?.status !== 'subscribed') return 'nothing to send';
  const zone = zoneFor(person, deps.content, deps.settings);
  const quiet = deps.settings.reminders?.quietHours ?? DEFAULT_QUIET_HOURS;
  // The person may have changed their time zone meanwhile.
  if (!isAllowedSendTime(now, zone, quiet)) throw new NotYetError(nextAllowedSend(now, zone, quiet));
  await sendReplies(deps, reply);
  return 'sent';
}

/** Each text once: its mark is taken before the send and given back only if Twilio may take it later. */
async function sendReplies(deps: ReplayDeps, reply: DelayedReply): Promise<void> {
  for (const [index, body] of reply.replies.entries()) {
    const mark = `${reply.messageSid}#${index}`;
    if (!(await deps.marks.claim(reply.to, mark, deps.clock.now()))) continue;
    const result = await deps.messenger.send({ to: reply.to, body });
    if (result.outcome === 'retryable') {
      await deps.marks.release(reply.to, mark);
      throw new ReplaySendError(`Twilio did not take a replayed reply: ${result.reason}`);
    }
    if (result.outcome === 'rejected') {
      // Never deliverable as it is (unsubscribed at the carrier, not a mobile): stop here.
      deps.logger.warn('replayed reply rejected', { messageSid: reply.messageSid, code: result.code });
      return;
    }
  }
}
