import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import type { Logger } from '../logging.js';
import { HttpError } from './errors.js';
import { textResult, type WebhookEvent, xmlResult } from './webhook-event.js';

export type TwimlOnErrorOptions = {
  logger: Logger;
  /** TwiML to answer with when something unexpected failed: a short apology. */
  fallbackTwiml: () => string;
};

/**
 * Last line of defence. A known client error answers its 4xx with a plain message; any
 * other failure is logged (name and message only: no request data) and answered with
 * valid TwiML, so Twilio never sees a 500 and the person hears or reads an apology.
 */
export function twimlOnError(
  options: TwimlOnErrorOptions,
): MiddlewareObj<WebhookEvent, APIGatewayProxyResultV2> {
  return {
    onError: (request) => {
      const { error } = request;
      if (error instanceof HttpError && error.statusCode < 500) {
        request.response = textResult(error.statusCode, error.message);
        return;
      }
      options.logger.error('webhook failed; answered with an apology', {
        path: request.event.rawPath,
        errorName: error instanceof Error ? error.name : typeof error,
        errorMessage: error instanceof Error ? error.message : undefined,
      });
      request.response = xmlResult(options.fallbackTwiml());
    },
  };
}
