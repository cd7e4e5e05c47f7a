import { LANGUAGES } from '../core/content-model.js';
import type { IntakeMessage } from '../core/intake/intake-ports.js';
import { E164Schema, TwilioSidSchema } from '../sms/inbound-sms.js';
import * as v from '../validation.js';
import { describeIssues } from '../validation.js';
import { type ReplayDeps, type ReplayOutcome, replayText, sendDelayedReply } from './replay.js';

const IsoTime = v.pipe(
  v.string(),
  v.check((value: string) => !Number.isNaN(Date.parse(value)), 'an ISO date-time'),
);
const Replies = v.pipe(v.array(v.pipe(v.string(), v.maxLength(1600))), v.maxLength(10));

/** What may come off the intake queue: anything else is refused (and ends in the DLQ). */
export const IntakeMessageSchema = v.variant('kind', [
  v.object({
    kind: v.literal('text'),
    messageSid: TwilioSidSchema('SM', 'MM'),
    from: E164Schema,
    body: v.pipe(v.string(), v.maxLength(1600)),
    receivedAt: IsoTime,
    language: v.picklist(LANGUAGES),
    alreadySent: Replies,
  }),
  v.object({
    kind: v.literal('reply'),
    stage: v.picklist(['after-texts', 'quiet-hours']),
    messageSid: TwilioSidSchema('SM', 'MM'),
    to: E164Schema,
    replies: Replies,
    sendAt: IsoTime,
  }),
]);

export class MalformedIntakeMessageError extends Error {
  override name = 'MalformedIntakeMessageError';
}

/** Reads one queue message body, or explains (without quoting it) what is wrong with it. */
export function parseIntakeMessage(body: string): IntakeMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedIntakeMessageError('an intake message that is not JSON');
  }
  const result = v.safeParse(IntakeMessageSchema, json);
  if (!result.success) {
    throw new MalformedIntakeMessageError(`not an intake message:\n${describeIssues(result.issues)}`);
  }
  return result.output;
}

/** One message off the intake queue: a text to apply, or a reply whose time has come. */
export function consumeIntakeMessage(deps: ReplayDeps, message: IntakeMessage): Promise<ReplayOutcome> {
  return message.kind === 'text' ? replayText(deps, message) : sendDelayedReply(deps, message);
}
