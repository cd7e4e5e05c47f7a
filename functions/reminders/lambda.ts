import { createLogger } from '../adapters/logging.js';
import { emfMetrics } from '../adapters/metrics/emf-metrics.js';
import { buildReminderDeps } from '../wiring.js';
import { makeReminderHandler } from './handler.js';

/** Lambda entry point (EventBridge schedule): dependencies are built once per cold start. */
export const handler = makeReminderHandler({
  ...buildReminderDeps(process.env, createLogger('reminders')),
  metrics: emfMetrics(),
});
