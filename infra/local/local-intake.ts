import type { Logger } from '../../functions/adapters/logging.js';
import {
  deduplicationIdOf,
  groupOf,
  type IntakeMessage,
  NotYetError,
  type TextIntake,
} from '../../functions/core/intake/intake-ports.js';

/** How often a message is offered before it goes to the dead-letter list (the queue's maxReceiveCount). */
export const LOCAL_MAX_RECEIVES = 5;

type Entry = { message: IntakeMessage; receives: number; notBefore: number };

export type DrainSummary = { processed: number; failed: number; deadLettered: number; waiting: number };

export type LocalIntake = {
  intake: TextIntake;
  /**
   * Offers every group's messages, in order, to `consume`; a group stops at its first failure
   * (so a person's texts are never applied out of order) and is tried again on the next drain.
   */
  drain: () => Promise<DrainSummary>;
  /** Messages waiting (dead letters excluded). */
  depth: () => number;
  deadLetters: () => IntakeMessage[];
  /** Every message consumed so far, in order (the chaos tests deliver them all a second time). */
  consumed: () => IntakeMessage[];
  /** The consumer itself: what a drain hands each message to. */
  consume: (message: IntakeMessage) => Promise<unknown>;
};

/**
 * The intake queue of the local runtime, behind the same port as SQS FIFO: ordered per
 * number, deduplicated by MessageSid, each message offered at most LOCAL_MAX_RECEIVES times
 * and then kept as a dead letter. It lives in memory, for as long as `npm start` runs.
 */
export function makeLocalIntake(options: {
  consume: (message: IntakeMessage) => Promise<unknown>;
  logger: Logger;
  now?: () => number;
  /** Concurrent groups per drain (the consumer Lambda's concurrency, locally). */
  concurrency?: number;
  maxReceives?: number;
}): LocalIntake {
  const now = options.now ?? Date.now;
  const maxReceives = options.maxReceives ?? LOCAL_MAX_RECEIVES;
  const groups = new Map<string, Entry[]>();
  const seen = new Set<string>();
  const dead: IntakeMessage[] = [];
  const done: IntakeMessage[] = [];
  let draining: Promise<DrainSummary> | undefined;

  const intake: TextIntake = {
    async enqueue(message) {
      const id = deduplicationIdOf(message);
      if (seen.has(id)) return;
      seen.add(id);
      const group = groupOf(message);
      const entries = groups.get(group) ?? [];
      entries.push({ message, receives: 0, notBefore: 0 });
      groups.set(group, entries);
    },
  };

  async function drainGroup(group: string, summary: DrainSummary) {
    const entries = groups.get(group) ?? [];
    while (entries.length > 0) {
      const entry = entries[0] as Entry;
      if (entry.notBefore > now()) return;
      entry.receives++;
      try {
        await options.consume(entry.message);
        done.push(entry.message);
        entries.shift();
        summary.processed++;
      } catch (error) {
        if (error instanceof NotYetError) {
          entry.notBefore = error.until.getTime();
          return;
        }
        summary.failed++;
        if (entry.receives >= maxReceives) {
          entries.shift();
          dead.push(entry.message);
          summary.deadLettered++;
          options.logger.error('intake message dead-lettered', {
            messageSid: entry.message.messageSid,
            errorName: error instanceof Error ? error.name : typeof error,
          });
          continue;
        }
        entry.notBefore = now() + 250 * 2 ** entry.receives;
        return;
      }
    }
    groups.delete(group);
  }

  async function drainOnce(): Promise<DrainSummary> {
    const summary: DrainSummary = { processed: 0, failed: 0, deadLettered: 0, waiting: 0 };
    const pending = [...groups.keys()];
    const workers = Array.from({ length: options.concurrency ?? 8 }, async () => {
      for (let group = pending.shift(); group !== undefined; group = pending.shift()) {
        await drainGroup(group, summary);
      }
    });
    await Promise.all(workers);
    summary.waiting = depth();
    return summary;
  }

  const depth = () => [...groups.values()].reduce((sum, entries) => sum + entries.length, 0);

  return {
    intake,
    drain: () => {
      // One drain at a time, as one consumer per group: overlapping drains would reorder.
      draining ??= drainOnce().finally(() => {
        draining = undefined;
      });
      return draining;
    },
    depth,
    deadLetters: () => [...dead],
    consumed: () => [...done],
    consume: options.consume,
  };
}

/** How often `npm start` drains the intake queue (the consumer Lambda polls SQS much as often). */
export const LOCAL_DRAIN_INTERVAL_MS = 2_000;

/** Drains on an interval while anything waits; returns the function that stops it. */
export function startDraining(
  queue: LocalIntake,
  intervalMs: number,
  log: (line: string) => void,
): () => void {
  const timer = setInterval(() => {
    if (queue.depth() === 0) return;
    queue
      .drain()
      .then((summary) => {
        if (summary.processed + summary.deadLettered > 0) {
          log(
            `intake: ${summary.processed} replayed, ${summary.deadLettered} dead-lettered, ${summary.waiting} waiting`,
          );
        }
      })
      .catch((error: unknown) => log(`intake drain failed: ${error instanceof Error ? error.name : error}`));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
