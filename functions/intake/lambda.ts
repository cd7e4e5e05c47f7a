import { createLogger } from '../adapters/logging.js';
import { emfMetrics } from '../adapters/metrics/emf-metrics.js';
import { buildIntakeConsumerDeps } from './consumer-deps.js';
import { makeIntakeHandler } from './handler.js';

/** Lambda entry point (SQS FIFO event source): dependencies are built once per cold start. */
export const handler = makeIntakeHandler({
  ...buildIntakeConsumerDeps(process.env, createLogger('intake')),
  metrics: emfMetrics(),
});
