import type { Messenger, OutboundSms, SendResult } from '../../core/ports.js';
import * as v from '../../validation.js';

export type TwilioMessengerOptions = {
  accountSid: string;
  authToken: () => Promise<string>;
  /** Exactly one sender: a number/short code, or a Messaging Service. */
  sender: { from: string } | { messagingServiceSid: string };
  /** Twilio's API by default; `TWILIO_API_BASE_URL` points it at a fake for local runs and tests. */
  baseUrl?: string;
  /** A send that takes longer is abandoned as retryable; Twilio usually answers in ~100-300 ms. */
  timeoutMs?: number;
  /** Late reminders are worse than none: Twilio drops the message if not delivered in time. */
  validityPeriodSeconds?: number;
  fetch?: typeof fetch;
};

/**
 * Sends through Twilio's Messages REST API with a plain HTTPS call: the `twilio` package
 * root would add ~90 ms to every cold start for one POST.
 */
export function makeTwilioMessenger(options: TwilioMessengerOptions): Messenger {
  const base = (options.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
  const url = `${base}/2010-04-01/Accounts/${options.accountSid}/Messages.json`;
  const doFetch = options.fetch ?? fetch;

  return {
    async send(message: OutboundSms): Promise<SendResult> {
      const form = new URLSearchParams({ To: message.to, Body: message.body });
      if ('from' in options.sender) form.set('From', options.sender.from);
      else form.set('MessagingServiceSid', options.sender.messagingServiceSid);
      if (message.statusCallback) form.set('StatusCallback', message.statusCallback);
      if (options.validityPeriodSeconds) form.set('ValidityPeriod', String(options.validityPeriodSeconds));
      const credentials = Buffer.from(`${options.accountSid}:${await options.authToken()}`).toString(
        'base64',
      );

      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: {
            Authorization: `Basic ${credentials}`,
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json',
          },
          body: form,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        return { outcome: 'retryable', reason: error instanceof Error ? error.name : 'network error' };
      }
      return interpretResponse(response);
    },
  };
}

/** The fields of Twilio's JSON answer the line reads: a message `sid`, or an error `code` and `message`. */
const TwilioAnswerSchema = v.object({
  sid: v.optional(v.string()),
  code: v.optional(v.number()),
  message: v.optional(v.string()),
});

async function interpretResponse(response: Response): Promise<SendResult> {
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = {};
  }
  const answer = v.safeParse(TwilioAnswerSchema, json);
  const { sid, code, message } = answer.success ? answer.output : {};
  if (response.ok && sid !== undefined) return { outcome: 'sent', sid };

  const httpStatus = response.status;
  const reason = message ?? `HTTP ${httpStatus}`;
  if (httpStatus === 429 || code === 20429 || httpStatus >= 500 || response.ok) {
    return { outcome: 'retryable', httpStatus, code, reason };
  }
  return { outcome: 'rejected', httpStatus, code, reason };
}
