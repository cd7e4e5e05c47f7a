import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { BadRequestError, HttpError } from '../adapters/http/errors.js';
import { formBody } from '../adapters/http/form-body.js';
import { textResult, type WebhookEvent } from '../adapters/http/webhook-event.js';
import type { Logger } from '../adapters/logging.js';
import { verifyTwilioSignature } from '../adapters/twilio/verify-signature.js';
import type { Clock } from '../core/ports.js';
import { DELIVERY_STATUSES, type MessageStatusStore } from '../core/reminder-ports.js';
import { countAll, deliveryMetrics, type Metrics, noMetrics } from '../core/usage-metrics.js';
import * as v from '../validation.js';
import { CoercedNumber, describeIssues } from '../validation.js';
import { TwilioSidSchema } from './inbound-sms.js';

/**
 * The parameters of Twilio's message status callback the line keeps. Twilio posts more
 * (To, From, ApiVersion, RawDlrDoneDate, ...): all are covered by the signature, then dropped.
 */
export const StatusCallbackSchema = v.object({
  MessageSid: TwilioSidSchema('SM', 'MM'),
  AccountSid: TwilioSidSchema('AC'),
  MessageStatus: v.picklist(DELIVERY_STATUSES),
  ErrorCode: v.optional(v.pipe(CoercedNumber, v.safeInteger())),
});
export type StatusCallback = v.InferOutput<typeof StatusCallbackSchema>;

export type StatusHandlerDeps = {
  /** Delivery statuses by status and error code (EMF when deployed); none by default. */
  metrics?: Metrics;
  statuses: MessageStatusStore;
  clock: Clock;
  logger: Logger;
  publicUrl: string;
  authToken: () => Promise<string>;
};

/**
 * POST /sms/status: Twilio's delivery status callbacks for the texts the line sends.
 * Signed like every webhook (403 and nothing touched without a valid signature); answered
 * 204 whether the status was new or stale, so Twilio never retries a callback it need not.
 */
export function makeSmsStatusHandler(deps: StatusHandlerDeps) {
  return middy<WebhookEvent, APIGatewayProxyResultV2>()
    .use(formBody())
    .use(verifyTwilioSignature({ publicUrl: deps.publicUrl, authToken: deps.authToken, logger: deps.logger }))
    .use({
      onError: (request) => {
        const { error } = request;
        if (error instanceof HttpError && error.statusCode < 500) {
          request.response = textResult(error.statusCode, error.message);
          return;
        }
        deps.logger.error('status callback failed', {
          errorName: error instanceof Error ? error.name : typeof error,
          errorMessage: error instanceof Error ? error.message : undefined,
        });
        // A 500 makes Twilio log the failure (and retry if the account asks it to).
        request.response = textResult(500, 'Internal Server Error');
      },
    })
    .handler(async (event) => {
      const parsed = v.safeParse(StatusCallbackSchema, event.form ?? {});
      if (!parsed.success) {
        throw new BadRequestError(`not a valid Twilio status callback:\n${describeIssues(parsed.issues)}`);
      }
      const callback = parsed.output;
      const outcome = await deps.statuses.record({
        sid: callback.MessageSid,
        status: callback.MessageStatus,
        ...(callback.ErrorCode === undefined ? {} : { errorCode: callback.ErrorCode }),
        at: deps.clock.now(),
      });
      deps.logger.info('delivery status', {
        messageSid: callback.MessageSid,
        status: callback.MessageStatus,
        errorCode: callback.ErrorCode,
        outcome,
      });
      // A repeated or out-of-order callback ('ignored') is not counted twice.
      if (outcome === 'recorded') {
        countAll(deps.metrics ?? noMetrics, deliveryMetrics(callback.MessageStatus, callback.ErrorCode));
      }
      return { statusCode: 204, headers: {}, body: '' };
    });
}
