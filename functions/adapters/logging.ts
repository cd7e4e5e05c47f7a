import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';

/**
 * The logging the handlers need. Structured (JSON) through Powertools; callers log
 * request ids (MessageSid, CallSid), routes and outcomes, never a phone number or a
 * message body.
 */
export type Logger = Pick<PowertoolsLogger, 'debug' | 'info' | 'warn' | 'error'>;

export function createLogger(serviceName: string): Logger {
  return new PowertoolsLogger({ serviceName });
}
