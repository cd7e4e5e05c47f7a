import { describe, expect, it } from 'vitest';
import { BENCH_PUBLIC_URL, benchContext, signedEvent } from '../../bench/harness.js';
import type { LogExtra } from '../../functions/adapters/logging.js';
import { AuthTokenUnavailableError } from '../../functions/adapters/secrets/auth-token.js';
import { makeSmsHandler } from '../../functions/sms/handler.js';
import { DEV_LINE_NUMBER } from '../../infra/local/dev-defaults.js';
import { parseTwimlMessages, smsParams } from '../../infra/local/twilio-signing.js';
import { content, NOW, settings } from '../fixtures/content.js';

/**
 * When the auth token cannot be read (Secrets Manager down), the line cannot tell Twilio from
 * a forger. That is its own failure: it answers the apology, logs the error by name, reads
 * and writes nothing, and does not blame the request with a 403.
 */
describe('auth token unavailable', () => {
  it('answers the apology TwiML, logs the error, touches no record', async () => {
    const logged: { message: string; extra: LogExtra[] }[] = [];
    const log = (message: string, ...extra: LogExtra[]) => {
      logged.push({ message, extra });
    };
    const touched: string[] = [];
    const handler = makeSmsHandler({
      subscribers: {
        get: async () => {
          touched.push('get');
          return undefined;
        },
        read: async () => {
          touched.push('read');
          return { stored: undefined, answered: undefined };
        },
        erase: async () => {
          touched.push('erase');
          return { deleted: 0, keptSuppression: false };
        },
        save: async () => {
          touched.push('save');
          return 'saved';
        },
      },
      content,
      clock: { now: () => NOW },
      settings,
      logger: { debug: log, info: log, warn: log, error: log },
      publicUrl: BENCH_PUBLIC_URL,
      authToken: async () => {
        throw new AuthTokenUnavailableError(
          'could not read the Twilio auth token secret arn:test: ThrottlingException',
        );
      },
    });
    const event = signedEvent(
      '/sms',
      smsParams({ from: '+447400123456', to: DEV_LINE_NUMBER, body: 'STOP' }),
    );
    const response = await handler(event, benchContext);
    expect(response).toMatchObject({ statusCode: 200 });
    const body =
      typeof response === 'object' && response !== null && 'body' in response ? String(response.body) : '';
    expect(parseTwimlMessages(body)).toEqual([content.languages.en.sms.apology]);
    expect(touched).toEqual([]);
    expect(JSON.stringify(logged)).toContain('AuthTokenUnavailableError');
    expect(logged.map((entry) => entry.message)).not.toContain(
      'rejected a request without a valid Twilio signature',
    );
  });
});
