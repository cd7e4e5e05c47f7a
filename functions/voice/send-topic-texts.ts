import type { TextOutcome } from '../core/call-menu.js';
import type { Messenger, SendResult } from '../core/ports.js';

/** Twilio codes meaning the number cannot get texts at all (invalid, landline, unreachable region). */
const UNREACHABLE_CODES = new Set([21211, 21408, 21612, 21614]);
/** The number replied STOP to this sender at Twilio's level. */
const UNSUBSCRIBED_CODE = 21610;

/**
 * Sends a topic's texts in order while the caller waits on the line, giving up after
 * `timeoutMs` in total: the caller hears "we could not send it" rather than silence. Stops at
 * the first failure so a half-sent topic is reported, not hidden.
 */
export async function sendTopicTexts(
  messenger: Messenger,
  to: string,
  bodies: readonly string[],
  timeoutMs: number,
): Promise<TextOutcome> {
  const deadline = Date.now() + timeoutMs;
  for (const body of bodies) {
    const result = await withDeadline(messenger.send({ to, body }), deadline);
    if (result === 'timeout') return 'failed';
    if (result.outcome === 'sent') continue;
    return outcomeOf(result);
  }
  return 'sent';
}

function outcomeOf(result: Exclude<SendResult, { outcome: 'sent' }>): TextOutcome {
  if (result.outcome === 'retryable' || result.code === undefined) return 'failed';
  if (result.code === UNSUBSCRIBED_CODE) return 'opted-out';
  return UNREACHABLE_CODES.has(result.code) ? 'unreachable' : 'failed';
}

async function withDeadline<T>(work: Promise<T>, deadline: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
  });
  try {
    // A send that fails outright is a failure to report, not a dropped call.
    return await Promise.race([work.catch(() => 'timeout' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
