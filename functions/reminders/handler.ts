import type { Context } from 'aws-lambda';
import { countAll, type Metrics, noMetrics, sweepMetrics } from '../core/usage-metrics.js';
import * as v from '../validation.js';
import { type SweepDeps, type SweepSummary, sweepReminders } from './sweep.js';

export type ReminderHandlerDeps = SweepDeps & {
  clock: { now(): Date };
  /** The sweep summary's counts (EMF when deployed); none by default. */
  metrics?: Metrics;
};

/**
 * An instant as RFC 3339 writes it: a real calendar date, `T`, hours to seconds (any fraction),
 * then `Z` or an offset such as +01:00. The same strings zod's `z.iso.datetime({ offset: true })`
 * accepted; valibot's `isoTimestamp` differs (no leap-year check, a space for `T`, `+01`).
 */
const DATE =
  String.raw`(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29` +
  String.raw`|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8])))`;
const TIME = String.raw`(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?`;
const OFFSET = String.raw`(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)`;
const RFC3339_INSTANT = new RegExp(`^${DATE}T${TIME}${OFFSET}$`);

/**
 * What EventBridge (or a person testing) may pass: nothing is needed; `at` (an ISO instant)
 * runs the sweep as of that time. Scheduled events carry `time` and other fields, ignored.
 */
const SweepEventSchema = v.looseObject({
  at: v.optional(v.pipe(v.string(), v.regex(RFC3339_INSTANT, 'an ISO instant such as 2025-03-01T09:00:00Z'))),
});

export class BadSweepEventError extends Error {
  override name = 'BadSweepEventError';
}

/**
 * The reminders Lambda, run on a schedule. Every invocation is one sweep, safe to repeat or
 * overlap (EventBridge retries asynchronous invocations): see sweep.ts for why.
 */
export function makeReminderHandler(deps: ReminderHandlerDeps) {
  return async (
    event: unknown,
    context: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>,
  ): Promise<SweepSummary> => {
    const parsed = v.safeParse(SweepEventSchema, event ?? {});
    // A hand-made event with a bad `at` fails loudly (the invocation errors, the alarm sees it)
    // rather than quietly sweeping as of now, which is not what its sender asked for.
    if (!parsed.success)
      throw new BadSweepEventError(`not a sweep event:\n${v.describeIssues(parsed.issues)}`);
    const at = parsed.output.at === undefined ? deps.clock.now() : new Date(parsed.output.at);
    const summary = await sweepReminders(deps, {
      asOf: at,
      remainingMs: () => context.getRemainingTimeInMillis(),
      sweepId: context.awsRequestId,
    });
    countAll(deps.metrics ?? noMetrics, sweepMetrics(summary));
    return summary;
  };
}
