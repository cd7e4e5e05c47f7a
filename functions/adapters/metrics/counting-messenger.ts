import type { Messenger } from '../../core/ports.js';
import { countAll, type Metrics, sendMetrics } from '../../core/usage-metrics.js';

/**
 * A messenger that counts how each send ended (sent, retryable, rejected, by Twilio error
 * code such as 20429 or 21610), so those spikes can be alarmed on. Counts only: never the
 * number, the body or the SID.
 */
export function countingMessenger(messenger: Messenger, metrics: Metrics): Messenger {
  return {
    async send(message) {
      const result = await messenger.send(message);
      countAll(metrics, sendMetrics(result.outcome, result.outcome === 'sent' ? undefined : result.code));
      return result;
    },
  };
}
