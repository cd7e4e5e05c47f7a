import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../adapters/logging.js';
import type { Content } from '../core/content-model.js';
import { refusalKind } from '../core/delivery-status.js';
import { isTextable } from '../core/phone/text-destination.js';
import type { Messenger, SendResult } from '../core/ports.js';
import { isAllowedSendTime, nextAllowedSend, type QuietHours } from '../core/quiet-hours.js';
import type {
  PeopleReader,
  ReminderRecord,
  ReminderStore,
  SettleOutcome,
  SubscriberMarks,
} from '../core/reminder-ports.js';
import { renderReminder } from '../core/reminder-render.js';
import type { Subscriber } from '../core/subscriber.js';
import type { SweepCounts } from '../core/usage-metrics.js';
import { fullJitterDelay, makeRateLimiter } from './rate-limiter.js';

/**
 * One sweep of the reminder sender: find the reminders due as of an instant, re-check each
 * person (opted out? still this appointment? quiet hours where they are?), and send each
 * at most once. Person records are read in batches just ahead of sending; STOP, CANCEL APPT
 * and rebooking also delete or rewrite the reminder rows, so the claim itself re-checks
 * them at the moment of sending.
 *
 * At most once: a reminder is claimed with a conditional write (pending -> sending, with a
 * lease) immediately before it is handed to Twilio, and its SID recorded right after. Two
 * sweeps racing for a row: one claim wins, the other's condition fails. A sweep retried by
 * EventBridge: the rows it finished are no longer pending. A sweep that crashes before
 * claiming leaves rows pending for the next run; one that crashes after claiming leaves
 * them `sending` until the lease runs out, and the next sweep then settles them as
 * `unconfirmed`, never resends them. That last case is the one window no design closes:
 * Twilio has no idempotency key for Messages, so "accepted but the SID not yet written"
 * and "claimed but never sent" look the same afterwards. It is bounded to the rows in
 * flight at the crash (at most `concurrency`), and to one Twilio request plus backoff
 * (the lease, a minute by default): a sweep never starts an attempt that could outlast its
 * lease, and stops claiming while the Lambda still has a lease's worth of time. The texts
 * carry a ValidityPeriod (REMINDER_VALIDITY_SECONDS, an hour) so one accepted but queued at
 * Twilio arrives within the hour or not at all, never late at night.
 *
 * Retries: 429 / 20429 and 5xx answers mean Twilio did not take the message (so the issue
 * and the Messenger port treat them); they are retried with full-jitter backoff while the
 * lease allows, then the claim is released for the next sweep. A request without any answer (timeout, reset) may have been taken, so it
 * is settled as unconfirmed rather than retried: a missing reminder beats a duplicate.
 * Permanent refusals are not retried: 21610 marks the person opted out, 21211 / 21612 /
 * 21614 mark the number undeliverable, others (21408 included) fail this reminder only
 * (refusalKind in core/delivery-status.ts).
 *
 * Store failures: a store call that throws (a throttled read, a timed-out write) ends the
 * handling of that one row, which is logged by error name, counted in `errors`, and left as
 * the failure left it (still pending: the next sweep takes it; claimed: settled unconfirmed
 * once the lease runs out, never resent). The other rows carry on. A page of due rows that
 * cannot be read stops the reading: the rows in hand are finished, the summary logged, and
 * the error thrown so the invocation fails (and EventBridge retries it).
 */

export type SweepSettings = {
  /** Reminders handled at once (each: a claim, a send, a record of the SID). */
  concurrency: number;
  /** Sends started per second at most (a short code: 100). */
  messagesPerSecond: number;
  /** How long a claim keeps other sweeps off a reminder. */
  leaseMs: number;
  /** The messenger's own request timeout: an attempt is only started if it fits in the lease. */
  sendTimeoutMs: number;
  /** Send attempts per claim (the first included) on 429 / 5xx. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** A reminder this late is dropped (a 10:00 reminder is no use the next evening). */
  maxLatenessMs: number;
  /** Stop claiming when the Lambda has less than this left (at least `leaseMs`). */
  stopBeforeMs: number;
  quietHours: QuietHours;
  /** Passed to Twilio for delivery status (POST /sms/status); omitted when unset. */
  statusCallbackUrl?: string;
};

export type SweepDeps = {
  reminders: ReminderStore;
  people: PeopleReader;
  marks: SubscriberMarks;
  messenger: Messenger;
  content: Content;
  settings: SweepSettings;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Injected in tests; real timers and Math.random otherwise. */
  wait?: (ms: number) => Promise<unknown>;
  random?: () => number;
};

export type SweepRequest = {
  /** The instant the sweep runs as of (now, or `at` from POST /dev/sweep); time moves on from it. */
  asOf: Date;
  /** Milliseconds the invocation has left (Lambda's context.getRemainingTimeInMillis). */
  remainingMs: () => number;
  sweepId?: string;
};

/** A sweep's summary: the outcome counts metrics publish (SweepCounts, in the core), and more. */
export type SweepSummary = SweepCounts & {
  sweepId: string;
  asOf: string;
  /** Index rows read. */
  found: number;
  /** Extra attempts after 429 / 5xx. */
  retries: number;
  /** Claims given back after 429 / 5xx outlasted the lease: tried again next sweep. */
  released: number;
  /** Claims lost to another sweep, or rows changed (rebooked, cancelled) since read. */
  raced: number;
  /** Rows left because the time ran out: the next sweep takes them. */
  leftForNextRun: number;
  stoppedEarly: boolean;
  durationMs: number;
};

const CLAIM_MARGIN_MS = 1_000;
const PEOPLE_BATCH = 100;

export async function sweepReminders(deps: SweepDeps, request: SweepRequest): Promise<SweepSummary> {
  const { settings, reminders, logger } = deps;
  const wait = deps.wait ?? sleep;
  const random = deps.random ?? Math.random;
  const startedAt = performance.now();
  // Time as of the sweep: `asOf`, moving on with the real clock while the sweep runs.
  const clock = () => new Date(request.asOf.getTime() + (performance.now() - startedAt));
  const limiter = makeRateLimiter(settings.messagesPerSecond);
  const summary: SweepSummary = {
    sweepId: request.sweepId ?? randomUUID(),
    asOf: request.asOf.toISOString(),
    found: 0,
    sent: 0,
    skipped: 0,
    skippedBy: {},
    deferred: 0,
    failed: 0,
    failedBy: {},
    unconfirmed: 0,
    retries: 0,
    released: 0,
    raced: 0,
    leftForNextRun: 0,
    errors: 0,
    stoppedEarly: false,
    durationMs: 0,
  };
  const count = (map: Record<string, number>, key: string) => {
    map[key] = (map[key] ?? 0) + 1;
  };
  let aborted = false;
  const stopping = () => aborted || request.remainingMs() < settings.stopBeforeMs;

  const settle = async (row: ReminderRecord, outcome: SettleOutcome) => {
    if (!(await reminders.settle(row, outcome, clock()))) {
      summary.raced++;
      return;
    }
    if (outcome.state === 'skipped') {
      summary.skipped++;
      count(summary.skippedBy, outcome.reason);
    } else if (outcome.state === 'failed') {
      summary.failed++;
      count(summary.failedBy, outcome.reason);
    } else {
      summary.unconfirmed++;
    }
  };

  const skipReason = (person: Subscriber | undefined, row: ReminderRecord, now: Date): string | undefined => {
    if (person === undefined) return 'no-person';
    if (person.status !== 'subscribed') return 'opted-out';
    if (person.undeliverable !== undefined) return 'undeliverable';
    // The same destination rule as text-me-this: never a premium, foreign or non-mobile range.
    if (!isTextable(row.phone)) return 'not-textable';
    if (person.appointment?.id !== row.appointmentId) return 'superseded';
    if (row.kind === 'before' && now.getTime() >= Date.parse(row.appointmentAt)) return 'appointment-passed';
    return undefined;
  };

  const handle = async (row: ReminderRecord): Promise<void> => {
    const now = clock();
    // A claim whose lease ran out: its sweep stopped somewhere between claim and record.
    if (row.state === 'sending') return settle(row, { state: 'unconfirmed', reason: 'lease-expired' });
    if (row.state !== 'pending') return;
    if (now.getTime() - Date.parse(row.sendAt) > settings.maxLatenessMs) {
      return settle(row, { state: 'skipped', reason: 'late' });
    }
    const person = await personFor(row.phone);
    const reason = skipReason(person, row, now);
    if (reason !== undefined || person === undefined)
      return settle(row, { state: 'skipped', reason: reason ?? 'no-person' });
    if (!isAllowedSendTime(now, row.zone, settings.quietHours)) {
      if (await reminders.defer(row, nextAllowedSend(now, row.zone, settings.quietHours))) summary.deferred++;
      else summary.raced++;
      return;
    }
    const body = renderReminder(
      deps.content,
      person,
      { kind: row.kind, appointmentAt: new Date(row.appointmentAt), zone: row.zone },
      now,
    );
    await limiter.acquire();
    if (stopping()) {
      summary.leftForNextRun++;
      return;
    }
    const claimedAt = clock();
    const leaseUntil = new Date(claimedAt.getTime() + settings.leaseMs);
    const claimed = await reminders.claim(row, summary.sweepId, leaseUntil, claimedAt);
    if (claimed === undefined) {
      summary.raced++;
      return;
    }
    await deliver(claimed, body, leaseUntil);
  };

  const deliver = async (claimed: ReminderRecord, body: string, leaseUntil: Date): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) await limiter.acquire();
      let result: SendResult;
      try {
        result = await deps.messenger.send({
          to: claimed.phone,
          body,
          ...(settings.statusCallbackUrl ? { statusCallback: settings.statusCallbackUrl } : {}),
        });
      } catch (error) {
        // The messengers catch every failure once a request is out, so a throw means nothing
        // left (e.g. the auth token could not be read): give the row back and stop the sweep.
        aborted = true;
        logger.error('messenger failed before sending; sweep stopped', { errorName: nameOf(error) });
        if (await reminders.release(claimed, new Date(claimed.sendAt), clock())) summary.released++;
        return;
      }
      if (result.outcome === 'sent') {
        // Counted before the SID is recorded: if that write fails, the text still went.
        summary.sent++;
        if (!(await reminders.markSent(claimed, result.sid, clock()))) {
          logger.warn('reminder sent but its row changed meanwhile (rebooked or cancelled)', {
            sid: result.sid,
          });
        }
        return;
      }
      if (result.outcome === 'rejected') {
        try {
          await refused(claimed, result.code);
        } catch (error) {
          // The mark on the person failed; the row is still settled as refused, never resent.
          failedRow(error, 'could not mark the person after a refusal');
        }
        return settle(claimed, {
          state: 'failed',
          reason: String(result.code ?? result.httpStatus ?? 'rejected'),
          ...(result.code === undefined ? {} : { code: result.code }),
        });
      }
      if (result.httpStatus === undefined) {
        // No answer: Twilio may have taken it. Not retried (at most once). Twilio hanging
        // would leave every later send hanging too: stop claiming, so the rest stay pending
        // for the next sweep instead of joining the unconfirmed.
        aborted = true;
        logger.warn('Twilio did not answer; sweep stopped, the rest left for the next run', {
          reason: result.reason,
        });
        return settle(claimed, { state: 'unconfirmed', reason: result.reason });
      }
      const delay = fullJitterDelay(attempt, settings.backoffBaseMs, settings.backoffCapMs, random);
      const fits =
        clock().getTime() + delay + settings.sendTimeoutMs + CLAIM_MARGIN_MS < leaseUntil.getTime();
      if (attempt >= settings.maxAttempts || !fits || stopping()) {
        if (await reminders.release(claimed, new Date(claimed.sendAt), clock())) summary.released++;
        else summary.raced++;
        return;
      }
      summary.retries++;
      await wait(delay);
    }
  };

  const refused = async (row: ReminderRecord, code: number | undefined) => {
    const at = clock();
    const kind = refusalKind(code);
    if (kind === 'opted-out') {
      await deps.marks.markOptedOut(row.phone, {
        at: at.toISOString(),
        action: 'opt-out',
        keyword: 'TWILIO-21610',
        channel: 'sms',
        sid: `reminder:${row.appointmentId}:${row.slot}`,
      });
    } else if (kind === 'undeliverable' && code !== undefined) {
      await deps.marks.markUndeliverable(row.phone, code, at);
    }
  };

  // Person records are read 100 at a time for the rows about to be handled (the taken row
  // and those queued behind it), so a record is at most a batch's sending time old.
  const people = new Map<string, Promise<Subscriber | undefined>>();
  const personFor = (phone: string): Promise<Subscriber | undefined> => {
    if (!people.has(phone)) {
      const batch = [phone, ...buffer.map((row) => row.phone).filter((next) => !people.has(next))];
      const phones = [...new Set(batch)].slice(0, PEOPLE_BATCH);
      const read = deps.people.getMany(phones);
      for (const next of phones) {
        const person = read.then((found) => found.get(next));
        // A failed read fails each row that awaits it; until then it is not an unhandled rejection.
        person.catch(() => undefined);
        people.set(next, person);
      }
    }
    const found = people.get(phone) ?? Promise.resolve(undefined);
    people.delete(phone);
    return found;
  };

  // Workers share one stream of due rows, read page by page as they go. Looking back twice
  // the lateness limit finds rows too late to send, so they are settled and leave the index.
  const since = new Date(request.asOf.getTime() - 2 * settings.maxLatenessMs - settings.leaseMs);
  const pages = reminders.due(request.asOf, since)[Symbol.asyncIterator]();
  let buffer: ReminderRecord[] = [];
  let exhausted = false;
  let readFailure: { error: unknown } | undefined;
  const nextRow = async (): Promise<ReminderRecord | undefined> => {
    while (buffer.length === 0 && !exhausted) {
      let page: IteratorResult<ReminderRecord[]>;
      try {
        page = await pages.next();
      } catch (error) {
        // No more rows can be read: the workers finish what they hold, then the sweep throws.
        exhausted = true;
        readFailure = { error };
        summary.errors++;
        logger.error('could not read due reminders; sweep stopped', { errorName: nameOf(error) });
        break;
      }
      if (page.done === true) exhausted = true;
      else {
        buffer = buffer.concat(page.value);
        summary.found += page.value.length;
      }
    }
    return buffer.shift();
  };
  // Async generators queue concurrent next() calls, but the buffer needs one reader at a time.
  let reading: Promise<unknown> = Promise.resolve();
  const takeRow = () => {
    const taken = reading.then(nextRow);
    reading = taken.catch(() => undefined);
    return taken;
  };

  // One row's store failure is that row's: logged by error name (never a number or a body).
  const failedRow = (error: unknown, message = 'reminder row failed; left as it was') => {
    summary.errors++;
    logger.error(message, { errorName: nameOf(error) });
  };

  const worker = async () => {
    for (;;) {
      if (stopping()) return;
      const row = await takeRow();
      if (row === undefined) return;
      try {
        await handle(row);
      } catch (error) {
        failedRow(error);
      }
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  if (stopping()) {
    summary.stoppedEarly = true;
    summary.leftForNextRun += buffer.length;
  }
  summary.durationMs = Math.round(performance.now() - startedAt);
  logger.info('reminder sweep finished', { ...summary });
  if (readFailure !== undefined) throw readFailure.error;
  return summary;
}

const nameOf = (error: unknown): string => (error instanceof Error ? error.name : typeof error);
