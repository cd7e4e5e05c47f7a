import type { Logger } from '../adapters/logging.js';
import type { Messenger, SendResult } from '../core/ports.js';

export type SendTopicTextsOptions = {
  /**
   * The caller's wait for the texts. No part is started after it has passed, and the
   * voice line's messenger gives up each request at the same timeout (wiring.ts), so
   * nothing is still on its way to Twilio once the caller hears the outcome.
   */
  timeoutMs: number;
  logger: Pick<Logger, 'warn'>;
  callSid: string;
};

/**
 * How the sending went. `refused`: Twilio will never deliver to this number as it is (opted
 * out at Twilio, not a mobile, a blocked country, ...): a state of the number, so the caller
 * hears the same as for `sent`. `failed`: the line or Twilio could not send just now.
 */
export type SendOutcome = 'sent' | 'refused' | 'failed';

/**
 * Sends a topic's texts in order while the caller waits on the line. Stops at the first
 * failure so a half-sent topic is reported, not hidden. A send that throws (e.g. the auth
 * token could not be read) is logged by error name and reported as a failure.
 */
export async function sendTopicTexts(
  messenger: Messenger,
  to: string,
  bodies: readonly string[],
  options: SendTopicTextsOptions,
): Promise<SendOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  for (const body of bodies) {
    if (Date.now() >= deadline) return 'failed';
    let result: SendResult;
    try {
      result = await messenger.send({ to, body });
    } catch (error) {
      options.logger.warn('text-me-this send failed', {
        callSid: options.callSid,
        errorName: error instanceof Error ? error.name : typeof error,
      });
      return 'failed';
    }
    if (result.outcome === 'sent') continue;
    return result.outcome === 'rejected' ? 'refused' : 'failed';
  }
  return 'sent';
}
