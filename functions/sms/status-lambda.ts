import { makeDynamoMessageStatusStore } from '../adapters/dynamodb/message-status-store.js';
import { createLogger } from '../adapters/logging.js';
import { emfMetrics } from '../adapters/metrics/emf-metrics.js';
import { prefetch } from '../adapters/secrets/auth-token.js';
import { buildWebhookDeps } from '../wiring.js';
import { makeSmsStatusHandler } from './status.js';

const deps = buildWebhookDeps(process.env);
prefetch(deps.authToken);

/** Lambda entry point for POST /sms/status: dependencies are built once per cold start. */
export const handler = makeSmsStatusHandler({
  ...deps,
  statuses: makeDynamoMessageStatusStore(deps.documentClient, deps.config.TABLE_NAME),
  logger: createLogger('sms-status'),
  metrics: emfMetrics(),
});
