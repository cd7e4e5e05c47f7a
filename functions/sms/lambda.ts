import { createLogger } from '../adapters/logging.js';
import { emfMetrics } from '../adapters/metrics/emf-metrics.js';
import { prefetch } from '../adapters/secrets/auth-token.js';
import { buildSmsDeps } from '../wiring.js';
import { makeSmsHandler } from './handler.js';

const deps = buildSmsDeps(process.env);
prefetch(deps.authToken);

/** Lambda entry point: dependencies are built once per cold start from the environment. */
export const handler = makeSmsHandler({ ...deps, logger: createLogger('sms'), metrics: emfMetrics() });
