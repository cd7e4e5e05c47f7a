/**
 * How long a webhook may wait on each dependency. Twilio abandons a webhook after 15 s
 * (error 11200) and the person then gets nothing, so every webhook answers within
 * WEBHOOK_BOUND_MS whatever DynamoDB, Secrets Manager or SQS do:
 *
 *   auth token (Secrets Manager, first request of a container only)   <= 1.3 s
 *   the store's read and write (raced against STORE_BUDGET_MS)         <= 2.0 s
 *   putting the text on the intake queue (ENQUEUE_BUDGET_MS)           <= 1.0 s
 *   the handler's own work                                             ~ 0.1 s
 *
 * A healthy DynamoDB request takes ~5-20 ms in-region, so these limits only bite when a
 * dependency hangs or refuses; the text is then queued and answered in degraded mode.
 */
export const WEBHOOK_BOUND_MS = 5_000;

/** The whole conversation turn's store work (one read, one write, conflict retries). */
export const STORE_BUDGET_MS = 2_000;

/** Putting a text on the intake queue. */
export const ENQUEUE_BUDGET_MS = 1_000;

/**
 * A DynamoDB request: 300 ms to connect, 800 ms for the answer, two attempts (the SDK's
 * backoff between them is at most a few hundred ms). Two attempts rather than the SDK's
 * three: a third would not fit the store budget, and a throttled table is better met by
 * queueing than by hammering it.
 */
export const DYNAMODB_TIMEOUTS = { connectionTimeout: 300, requestTimeout: 800, maxAttempts: 2 } as const;

/** Secrets Manager (the auth token, once per container): same shape, within 1.3 s in all. */
export const SECRETS_TIMEOUTS = { connectionTimeout: 300, requestTimeout: 500, maxAttempts: 2 } as const;

/** SQS SendMessage from a webhook: one attempt that fits ENQUEUE_BUDGET_MS. */
export const SQS_TIMEOUTS = { connectionTimeout: 300, requestTimeout: 900, maxAttempts: 1 } as const;

/** Client settings for the AWS SDK from one of the timeout sets above. */
export function sdkTimeouts(timeouts: {
  connectionTimeout: number;
  requestTimeout: number;
  maxAttempts: number;
}) {
  const { connectionTimeout, requestTimeout, maxAttempts } = timeouts;
  // Without throwOnRequestTimeout, this SDK only logs a warning when requestTimeout passes
  // and keeps waiting: a hung DynamoDB would still hang the request.
  return {
    maxAttempts,
    requestHandler: { connectionTimeout, requestTimeout, throwOnRequestTimeout: true },
  };
}

/** Thrown when a dependency did not answer within its budget. */
export class DeadlineExceededError extends Error {
  override name = 'DeadlineExceededError';
}

/** `work`, or a DeadlineExceededError after `ms` (the work itself is left to its own timeouts). */
export async function withinBudget<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * DynamoDB for work nobody waits on (the reminder sweep, the intake consumer): longer
 * timeouts and the SDK's usual three attempts, still bounded so a hung table cannot hold a
 * Lambda invocation to its end.
 */
export const BACKGROUND_DYNAMODB_TIMEOUTS = {
  connectionTimeout: 1_000,
  requestTimeout: 3_000,
  maxAttempts: 3,
} as const;
