import type { DateParsers } from '../core/appointment.js';

let loading: Promise<DateParsers> | undefined;

/**
 * chrono-node on first need, then the same parsers for the life of the container. A dynamic
 * import, so esbuild keeps the library out of the bundle's start-up path (it wraps it to be
 * evaluated on first call): a cold start for START, HELP or a topic number does not pay for
 * the largest library in the SMS function. A failed load is not cached.
 */
export function loadDateParsers(): Promise<DateParsers> {
  loading ??= import('./chrono-parsers.mjs').then(
    ({ en, es }) => ({ en, es }),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
