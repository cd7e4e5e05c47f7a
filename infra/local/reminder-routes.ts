import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { makeDynamoMessageStatusStore } from '../../functions/adapters/dynamodb/message-status-store.js';
import type { Logger } from '../../functions/adapters/logging.js';
import { countingMessenger } from '../../functions/adapters/metrics/counting-messenger.js';
import type { Clock, Messenger } from '../../functions/core/ports.js';
import { countAll, type Metrics, noMetrics, sweepMetrics } from '../../functions/core/usage-metrics.js';
import { type SweepSummary, sweepReminders } from '../../functions/reminders/sweep.js';
import { makeSmsStatusHandler } from '../../functions/sms/status.js';
import { buildReminderDeps } from '../../functions/wiring.js';
import type { LocalRequest, LocalResponse, LocalRoute } from './http-adapter.js';

/** A local sweep's time budget: like a 5-minute Lambda, so it stops claiming with a lease to spare. */
export const LOCAL_SWEEP_BUDGET_MS = 5 * 60_000;

export type LocalRemindersOptions = {
  env: NodeJS.ProcessEnv;
  clientConfig: DynamoDBClientConfig;
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  publicUrl: string;
  authToken: () => Promise<string>;
  /** The outbox when no Twilio account is configured; undefined sends through Twilio (or its fake). */
  outbox: Messenger | undefined;
  clock: Clock;
  logger: Logger;
  /** The local metrics sink (the same counts the Lambdas write as EMF). */
  metrics?: Metrics;
};

export type LocalReminders = {
  routes: LocalRoute[];
  /** One sweep as of `at` (default: the clock's now), as the scheduled Lambda would run it. */
  sweep: (at?: Date) => Promise<SweepSummary>;
};

const AtSchema = z.iso.datetime({ offset: true });

/**
 * The reminder side of the local runtime: POST /sms/status (the deployed handler, signed)
 * and the dev-only POST /dev/sweep, which runs one sweep as of `at=<ISO instant>` (query or
 * form) and answers its JSON summary. `npm start` also calls `sweep` on an interval.
 */
export function makeLocalReminders(options: LocalRemindersOptions): LocalReminders {
  const built = buildReminderDeps(options.env, options.logger, options.clientConfig, options.outbox);
  const metrics = options.metrics ?? noMetrics;
  const deps = { ...built, messenger: countingMessenger(built.messenger, metrics) };
  const sweep = (at?: Date) => {
    const deadline = Date.now() + LOCAL_SWEEP_BUDGET_MS;
    return sweepReminders(deps, {
      asOf: at ?? options.clock.now(),
      remainingMs: () => deadline - Date.now(),
    }).then((summary) => {
      countAll(metrics, sweepMetrics(summary));
      return summary;
    });
  };
  const status = makeSmsStatusHandler({
    statuses: makeDynamoMessageStatusStore(options.documentClient, options.tableName),
    clock: options.clock,
    logger: options.logger,
    publicUrl: options.publicUrl,
    authToken: options.authToken,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  });

  const devSweep = async (request: LocalRequest): Promise<LocalResponse> => {
    const raw = request.query.get('at') ?? new URLSearchParams(request.body).get('at') ?? undefined;
    const json = (status: number, value: unknown) => ({
      status,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(value),
    });
    if (raw !== undefined && !AtSchema.safeParse(raw).success) {
      return json(400, { error: 'at must be an ISO instant with an offset, e.g. 2026-12-01T10:05:00Z' });
    }
    return json(200, await sweep(raw === undefined ? undefined : new Date(raw)));
  };

  return {
    sweep,
    routes: [
      { method: 'POST', path: '/sms/status', handler: status },
      { method: 'POST', path: '/dev/sweep', dev: devSweep },
    ],
  };
}

/** How often `npm start` sweeps: the deployed schedule runs every few minutes; locally, every minute. */
export const LOCAL_SWEEP_INTERVAL_MS = 60_000;

/**
 * Runs `sweep` every `everyMs` (never two at once) and reports the sweeps that did
 * something. Resolves nothing; call the returned function to stop.
 */
export function startSweeping(
  sweep: () => Promise<SweepSummary>,
  everyMs: number,
  report: (line: string) => void,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweep()
      .then((summary) => {
        const { sent, skipped, failed, deferred, unconfirmed } = summary;
        if (sent + skipped + failed + deferred + unconfirmed > 0) {
          report(`reminder sweep: ${JSON.stringify({ sent, skipped, failed, deferred, unconfirmed })}`);
        }
      })
      .catch((error: unknown) =>
        report(`reminder sweep failed: ${error instanceof Error ? error.message : error}`),
      )
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
