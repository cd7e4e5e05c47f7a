import type { Logger } from '../adapters/logging.js';
import { ENQUEUE_BUDGET_MS, STORE_BUDGET_MS, withinBudget } from '../adapters/time-budget.js';
import { degradedReply } from '../core/intake/degraded-reply.js';
import type { TextIntake } from '../core/intake/intake-ports.js';
import { inferRegion } from '../core/region.js';
import { languageContent } from '../core/sms-render.js';
import type { TextFacts } from '../core/usage-metrics.js';
import { type InboundSmsRequest, type ReceiveSmsDeps, receiveSms } from './receive-sms.js';

export type ReceiveOrDeferDeps = ReceiveSmsDeps & {
  /** Where texts go when the store cannot take them; undefined: nowhere (an apology only). */
  intake: TextIntake | undefined;
  logger: Logger;
  /** Overrides of the budgets (tests of the bound use the real ones). */
  budgets?: { storeMs?: number; enqueueMs?: number };
};

/**
 * One inbound text, answered within the webhook bound whatever the store does. The normal
 * path is {@link receiveSms}; if it fails or runs past the store budget, the text is put on
 * the intake queue (MessageSid, number, body, time, language guess) and answered from
 * content alone (degraded-reply.ts). Only when the queue refuses too does it get the old
 * apology: then nothing was kept, and the person is asked to try again.
 */
export async function receiveOrDefer(
  deps: ReceiveOrDeferDeps,
  sms: InboundSmsRequest,
  /** Told what the text was understood as (never the body), for operators' logs. */
  observe?: (facts: TextFacts) => void,
): Promise<string[]> {
  const receivedAt = deps.clock.now();
  try {
    return await withinBudget(
      receiveSms(deps, sms, observe),
      deps.budgets?.storeMs ?? STORE_BUDGET_MS,
      'the store',
    );
  } catch (error) {
    deps.logger.warn('store unavailable; text queued for replay', {
      messageSid: sms.messageSid,
      errorName: error instanceof Error ? error.name : typeof error,
    });
  }
  const region = inferRegion(sms.from, deps.settings.defaultRegion);
  const reply = degradedReply(sms.body, region, deps.content, deps.settings);
  try {
    if (deps.intake === undefined) throw new Error('no intake queue configured');
    await withinBudget(
      deps.intake.enqueue({
        kind: 'text',
        messageSid: sms.messageSid,
        from: sms.from,
        body: sms.body,
        receivedAt: receivedAt.toISOString(),
        language: reply.language,
        alreadySent: reply.replies,
      }),
      deps.budgets?.enqueueMs ?? ENQUEUE_BUDGET_MS,
      'the intake queue',
    );
  } catch (error) {
    deps.logger.error('text could not be queued', {
      messageSid: sms.messageSid,
      errorName: error instanceof Error ? error.name : typeof error,
    });
    // An opt-out, HELP or the crisis lines are still right; a promise to reply is not.
    if (reply.kind === 'deferred') return [languageContent(deps.content, reply.language).sms.apology];
  }
  return reply.replies;
}
