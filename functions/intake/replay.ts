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
import type { Subscriber } from '../core/subscriber.js';
import { countAll, type Metrics, noMetrics, textMetrics } from '../core/usage-metrics.js';
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
  /** Where answers wait: behind the person's texts, then for quiet hours to end. */
  intake: TextIntake;
  marks: ReplayMarks;
  logger: Logger;
  /** Counts each replayed text as the webhook counts a text it applies (the webhook did not). */
  metrics?: Metrics;
};

/** A send Twilio may accept later: the queue offers the message again. */
export class ReplaySendError extends Error {
  override name = 'ReplaySendError';
}

export type ReplayOutcome =
  | 'applied'
  | 'queued reply'
  | 'sent'
  | 'waiting for the morning'
  | 'nothing to send';

/**
 * Applies a queued text as if it had arrived when it did: the same conversation, store and
 * idempotency as the webhook (receiveSms), so a text applied before (the store came back
 * mid-request, or the queue delivered it twice) changes nothing the second time. Opt-outs,
 * opt-ins, appointments, ticks and language or region changes take effect here.
 *
 * The answer the person did not get (never what the webhook already sent: an opt-out
 * confirmation, HELP, the crisis lines) is queued behind their other texts, so it goes out
 * only once everything they sent meanwhile is applied, a later STOP above all.
 */
export async function replayText(deps: ReplayDeps, text: QueuedText): Promise<ReplayOutcome> {
  const receivedAt = new Date(text.receivedAt);
  const replies = await receiveSms(
    { ...deps, clock: { now: () => receivedAt } },
    { from: text.from, body: text.body, messageSid: text.messageSid },
    (facts) => countAll(deps.metrics ?? noMetrics, textMetrics(facts)),
  );
  const unsent = replies.filter((reply) => !text.alreadySent.includes(reply));
  if (unsent.length === 0) return 'applied';
  await deps.intake.enqueue({
    kind: 'reply',
    stage: 'after-texts',
    messageSid: text.messageSid,
    to: text.from,
    replies: unsent,
    sendAt: text.receivedAt,
  });
  return 'queued reply';
}

/**
 * An answer whose turn has come: only to someone subscribed now, led by "Sorry for the
 * delay", and outside quiet hours in their zone (otherwise it waits for the next opening).
 */
export async function sendDelayedReply(deps: ReplayDeps, reply: DelayedReply): Promise<ReplayOutcome> {
  const now = deps.clock.now();
  if (reply.stage === 'quiet-hours' && now < new Date(reply.sendAt))
    throw new NotYetError(new Date(reply.sendAt));
  const person = (await deps.subscribers.get(reply.to))?.subscriber;
  if (person?.status !== 'subscribed') return 'nothing to send';
  const opening = nextOpening(deps, person, now);
  if (opening !== undefined) {
    if (reply.stage === 'quiet-hours') throw new NotYetError(opening);
    await deps.intake.enqueue({ ...reply, stage: 'quiet-hours', sendAt: opening.toISOString() });
    return 'waiting for the morning';
  }
  const sorry = languageContent(deps.content, person.language).sms.sorryForDelay;
  await sendOnce(deps, reply, [sorry, ...reply.replies]);
  return 'sent';
}

/** When quiet hours end in the person's zone, or undefined when it is not quiet hours now. */
function nextOpening(deps: ReplayDeps, person: Subscriber, now: Date): Date | undefined {
  const zone = zoneFor(person, deps.content, deps.settings);
  const quiet = deps.settings.reminders?.quietHours ?? DEFAULT_QUIET_HOURS;
  return isAllowedSendTime(now, zone, quiet) ? undefined : nextAllowedSend(now, zone, quiet);
}

/** Each text once: its mark is taken before the send and given back only if Twilio may take it later. */
async function sendOnce(deps: ReplayDeps, reply: DelayedReply, bodies: string[]): Promise<void> {
  for (const [index, body] of bodies.entries()) {
    const mark = `${reply.messageSid}#${index}`;
    if (!(await deps.marks.claim(reply.to, mark, deps.clock.now()))) continue;
    const result = await deps.messenger.send({ to: reply.to, body });
    if (result.outcome === 'retryable' && result.httpStatus === undefined) {
      // No answer at all: Twilio may have taken it. Kept as sent (at most once), like a
      // reminder settled unconfirmed; the rest of this answer is not sent after it.
      deps.logger.warn('replayed reply unconfirmed', { messageSid: reply.messageSid, reason: result.reason });
      return;
    }
    if (result.outcome === 'retryable') {
      // Refused before processing (429, 5xx): safe to try again when the queue offers it.
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
