import { createLogger } from '../adapters/logging.js';
import { countingMessenger } from '../adapters/metrics/counting-messenger.js';
import { emfMetrics } from '../adapters/metrics/emf-metrics.js';
import { prefetch } from '../adapters/secrets/auth-token.js';
import type { Messenger } from '../core/ports.js';
import { buildVoiceDeps } from '../wiring.js';
import { makeVoiceHandler } from './handler.js';

const logger = createLogger('voice');
const deps = buildVoiceDeps(process.env);
prefetch(deps.authToken);

/**
 * Without a Twilio account (TWILIO_ACCOUNT_SID) nothing can be texted: the caller hears that
 * the text could not be sent, and the log says why, rather than the call failing.
 */
const noMessenger: Messenger = {
  async send() {
    logger.error('text-me-this needs TWILIO_ACCOUNT_SID and TWILIO_FROM (or a Messaging Service)');
    return { outcome: 'retryable', reason: 'no Twilio account configured' };
  },
};

const metrics = emfMetrics();

/** Lambda entry point: dependencies are built once per cold start from the environment. */
export const handler = makeVoiceHandler({
  ...deps,
  messenger: countingMessenger(deps.messenger ?? noMessenger, metrics),
  logger,
  metrics,
});
