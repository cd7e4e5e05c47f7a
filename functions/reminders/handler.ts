import type { Context } from 'aws-lambda';
import * as z from '../zod.js';
import { type SweepDeps, type SweepSummary, sweepReminders } from './sweep.js';

export type ReminderHandlerDeps = SweepDeps & { clock: { now(): Date } };

/**
 * What EventBridge (or a person testing) may pass: nothing is needed; `at` (an ISO instant)
 * runs the sweep as of that time. Scheduled events carry `time` and other fields, ignored.
 */
const SweepEventSchema = z.looseObject({ at: z.optional(z.iso.datetime({ offset: true })) });

/**
 * The reminders Lambda, run on a schedule. Every invocation is one sweep, safe to repeat or
 * overlap (EventBridge retries asynchronous invocations): see sweep.ts for why.
 */
export function makeReminderHandler(deps: ReminderHandlerDeps) {
  return async (
    event: unknown,
    context: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>,
  ): Promise<SweepSummary> => {
    const parsed = SweepEventSchema.safeParse(event ?? {});
    const at = parsed.success && parsed.data.at !== undefined ? new Date(parsed.data.at) : deps.clock.now();
    return sweepReminders(deps, {
      asOf: at,
      remainingMs: () => context.getRemainingTimeInMillis(),
      sweepId: context.awsRequestId,
    });
  };
}
