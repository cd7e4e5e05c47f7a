/** Spaces out sends so a sweep never starts more than the configured messages per second. */
export type RateLimiter = { acquire(): Promise<void> };

/**
 * A generic cell rate limiter: one start every 1000 / perSecond ms on average, at most
 * `burst` ahead of that pace. Starts are granted in order when they actually happen (a
 * single timer serves the queue), not booked ahead, so a pause of the event loop (GC, a
 * busy CPU) cannot release a crowd of requests at once: Twilio would answer those with
 * 429 / 20429, and each refused attempt costs a slot.
 */
export function makeRateLimiter(
  perSecond: number,
  options: { burst?: number; now?: () => number } = {},
): RateLimiter {
  const interval = 1000 / perSecond;
  const tolerance = (options.burst ?? 5) * interval;
  const now = options.now ?? (() => performance.now());
  const waiting: (() => void)[] = [];
  // Theoretical time of the next start at the steady pace.
  let theoretical = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;

  const pump = () => {
    timer = undefined;
    while (waiting.length > 0) {
      const current = now();
      const allowedAt = theoretical - tolerance;
      if (current < allowedAt) {
        timer = setTimeout(pump, Math.max(1, Math.ceil(allowedAt - current)));
        return;
      }
      theoretical = Math.max(theoretical, current) + interval;
      waiting.shift()?.();
    }
  };

  return {
    acquire() {
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (timer === undefined) pump();
      });
    },
  };
}

/**
 * Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff and
 * Jitter"): a random wait up to base x 2^(attempt-1), capped, so retries after a 429 spread
 * out instead of arriving together again.
 */
export function fullJitterDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number,
): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** (attempt - 1)));
}
