import { BadRequestError } from '../adapters/http/errors.js';
import { describeIssues } from '../config.js';
import * as z from '../zod.js';

export const E164Schema = z
  .string()
  .check(z.regex(/^\+[1-9]\d{6,14}$/, 'an E.164 phone number such as +447400123456'));
export const TwilioSidSchema = (prefix: string) =>
  z.string().check(z.regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `a Twilio SID starting ${prefix}`));

/**
 * The parameters of Twilio's inbound-message webhook the line relies on. Twilio adds new
 * parameters over time, so unknown ones are allowed (and dropped after the signature
 * check, which covers them all).
 */
export const InboundSmsSchema = z.object({
  MessageSid: z.union([TwilioSidSchema('SM'), TwilioSidSchema('MM')]),
  AccountSid: TwilioSidSchema('AC'),
  From: E164Schema,
  To: z.string().check(z.minLength(1), z.maxLength(32)),
  Body: z._default(z.string().check(z.maxLength(1600)), ''),
});
export type InboundSms = z.infer<typeof InboundSmsSchema>;

/** Parses Twilio's form parameters, or explains in a 400 which ones are missing or malformed. */
export function parseInboundSms(form: Record<string, string | string[]> | undefined): InboundSms {
  const result = InboundSmsSchema.safeParse(form ?? {});
  if (!result.success)
    throw new BadRequestError(`not a valid Twilio SMS webhook:\n${describeIssues(result.error)}`);
  return result.data;
}
