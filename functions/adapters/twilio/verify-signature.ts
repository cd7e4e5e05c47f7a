import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { textResult, type WebhookEvent } from '../http/webhook-event.js';
import type { Logger } from '../logging.js';

export type SignatureOptions = {
  /** The line's public base URL as Twilio calls it (scheme, host, any stage path); no trailing slash. */
  publicUrl: string;
  /** Resolved once per cold start by the caller; a function so the secret is read lazily. */
  authToken: () => Promise<string>;
  logger: Logger;
};

/**
 * The URL Twilio signed: the configured public URL plus the path and query string as
 * received. Never rebuilt from Host headers: behind API Gateway, proxies and stages they
 * differ from what Twilio called (Twilio error 57012).
 */
export function signedUrl(publicUrl: string, rawPath: string, rawQueryString: string): string {
  return `${publicUrl}${rawPath}${rawQueryString ? `?${rawQueryString}` : ''}`;
}

/** Rejects any request not signed by Twilio with this account's token: 403, nothing read or written. */
export function verifyTwilioSignature(
  options: SignatureOptions,
): MiddlewareObj<WebhookEvent, APIGatewayProxyResultV2> {
  return {
    before: async (request) => {
      const { event } = request;
      const signature = event.headers?.['x-twilio-signature'];
      const url = signedUrl(options.publicUrl, event.rawPath, event.rawQueryString);
      let valid = false;
      if (signature) {
        // Outside the try: a token that cannot be read (Secrets Manager down) is our failure,
        // not a forged request. It reaches the error handler, which logs it and answers with
        // the apology TwiML, instead of a 403 that would blame Twilio.
        const token = await options.authToken();
        try {
          valid = validateRequest(token, signature, url, event.form ?? {});
        } catch {
          valid = false;
        }
      }
      if (!valid) {
        options.logger.warn('rejected a request without a valid Twilio signature', {
          path: event.rawPath,
          signaturePresent: Boolean(signature),
        });
        return textResult(403, 'Forbidden: missing or invalid X-Twilio-Signature');
      }
    },
  };
}
