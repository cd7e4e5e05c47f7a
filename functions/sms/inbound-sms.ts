import { BadRequestError } from '../adapters/http/errors.js';
import { E164_PATTERN } from '../core/phone/phone-number.js';
import * as v from '../validation.js';
import { describeIssues } from '../validation.js';

export const E164Schema = v.pipe(
  v.string(),
  v.regex(E164_PATTERN, 'an E.164 phone number such as +447400123456'),
);
/** A Twilio SID: one of `prefixes` (SM, or SM or MM, ...) and 32 hex digits. */
export const TwilioSidSchema = (...prefixes: [string, ...string[]]) =>
  v.pipe(
    v.string(),
    v.regex(
      new RegExp(`^(?:${prefixes.join('|')})[0-9a-fA-F]{32}$`),
      `a Twilio SID starting ${prefixes.join(' or ')}`,
    ),
  );

/**
 * The parameters of Twilio's inbound-message webhook the line relies on. Twilio adds new
 * parameters over time, so unknown ones are allowed (and dropped after the signature
 * check, which covers them all).
 */
export const InboundSmsSchema = v.object({
  MessageSid: TwilioSidSchema('SM', 'MM'),
  AccountSid: TwilioSidSchema('AC'),
  From: E164Schema,
  To: v.pipe(v.string(), v.minLength(1), v.maxLength(32)),
  Body: v.optional(v.pipe(v.string(), v.maxLength(1600)), ''),
});
export type InboundSms = v.InferOutput<typeof InboundSmsSchema>;

/** Parses Twilio's form parameters, or explains in a 400 which ones are missing or malformed. */
export function parseInboundSms(form: Record<string, string | string[]> | undefined): InboundSms {
  const result = v.safeParse(InboundSmsSchema, form ?? {});
  if (!result.success)
    throw new BadRequestError(`not a valid Twilio SMS webhook:\n${describeIssues(result.issues)}`);
  return result.output;
}
