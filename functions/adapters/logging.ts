/**
 * The logging the handlers need: one JSON object per line, in the shape the Powertools
 * logger writes (`level`, `message`, `timestamp`, `service`, `xray_trace_id`, then the
 * extra keys), at the level in POWERTOOLS_LOG_LEVEL (else LOG_LEVEL, else INFO; Lambda's
 * AWS_LAMBDA_LOG_LEVEL, when stricter, wins). Written here rather than taken from
 * @aws-lambda-powertools/logger, which adds ~20 KB to every bundle for features the line
 * does not use. Callers log request ids (MessageSid, CallSid), routes and
 * outcomes, never a phone number or a message body.
 */

/** Extra keys for one line; an Error is written as `error: { name, message, stack }`. */
export type LogExtra = Record<string, unknown> | Error;
export type LogMethod = (message: string, ...extra: LogExtra[]) => void;
export type Logger = { debug: LogMethod; info: LogMethod; warn: LogMethod; error: LogMethod };

const LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type LevelName = keyof typeof LEVELS;

const levelNamed = (name: string | undefined): number | undefined =>
  name === undefined ? undefined : LEVELS[name.trim().toUpperCase() as LevelName];

/** The threshold from the environment, as Powertools reads it. */
function thresholdFrom(env: NodeJS.ProcessEnv): number {
  const configured = levelNamed(env.POWERTOOLS_LOG_LEVEL) ?? levelNamed(env.LOG_LEVEL) ?? LEVELS.INFO;
  const lambda = levelNamed(env.AWS_LAMBDA_LOG_LEVEL);
  return lambda !== undefined && lambda > configured ? lambda : configured;
}

const describeError = (error: Error) => ({ name: error.name, message: error.message, stack: error.stack });

/** JSON.stringify that survives what log arguments may hold: errors, bigints, cycles. */
function serialise(entry: Record<string, unknown>): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(entry, (_key, value: unknown) => {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Error) return describeError(value);
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return '[Circular]';
      seen.add(value);
    }
    return value;
  });
}

export function createLogger(serviceName: string, env: NodeJS.ProcessEnv = process.env): Logger {
  const threshold = thresholdFrom(env);
  const write =
    (level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR', stream: 'stdout' | 'stderr'): LogMethod =>
    (message, ...extra) => {
      if (LEVELS[level] < threshold) return;
      const entry: Record<string, unknown> = {
        level,
        message,
        timestamp: new Date().toISOString(),
        service: serviceName,
      };
      const trace = /Root=([^;]+)/.exec(env._X_AMZN_TRACE_ID ?? '')?.[1];
      if (trace !== undefined) entry.xray_trace_id = trace;
      for (const item of extra) {
        if (item instanceof Error) entry.error = describeError(item);
        else Object.assign(entry, item);
      }
      process[stream].write(`${serialise(entry)}\n`);
    };
  return {
    debug: write('DEBUG', 'stdout'),
    info: write('INFO', 'stdout'),
    warn: write('WARN', 'stderr'),
    error: write('ERROR', 'stderr'),
  };
}
