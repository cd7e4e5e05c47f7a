import { createLogger } from '../adapters/logging.js';
import { countingMessenger } from '../adapters/metrics/counting-messenger.js';
import { emfMetrics } from '../adapters/metrics/emf-metrics.js';
import { buildReminderDeps } from '../wiring.js';
import { makeReminderHandler } from './handler.js';

const deps = buildReminderDeps(process.env, createLogger('reminders'));
const metrics = emfMetrics();

/** Lambda entry point (EventBridge schedule): dependencies are built once per cold start. */
export const handler = makeReminderHandler({
  ...deps,
  messenger: countingMessenger(deps.messenger, metrics),
  metrics,
});
