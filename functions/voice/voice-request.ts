import { BadRequestError } from '../adapters/http/errors.js';
import { CALL_STEPS, type CallInput, type CallState } from '../core/call-menu.js';
import { LanguageSchema } from '../core/content-model.js';
import { TwilioSidSchema } from '../sms/inbound-sms.js';
import * as v from '../validation.js';
import { CoercedNumber, describeIssues } from '../validation.js';

/**
 * The edges of a voice webhook: Twilio's form parameters, and the call state the line put
 * in its own action URL. Both are parsed with valibot; anything malformed is a 400.
 */

/**
 * The parameters of Twilio's voice webhooks the line relies on. `From` is not required to be
 * E.164: withheld numbers arrive as "anonymous" or as sentinels like +266696687. Unknown
 * parameters are allowed (Twilio adds them over time; the signature covers them all).
 */
export const VoiceWebhookSchema = v.object({
  CallSid: TwilioSidSchema('CA'),
  AccountSid: v.optional(TwilioSidSchema('AC')),
  From: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  To: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  Digits: v.optional(v.pipe(v.string(), v.maxLength(64))),
  SpeechResult: v.optional(v.pipe(v.string(), v.maxLength(2000))),
  DialCallStatus: v.optional(v.pipe(v.string(), v.maxLength(32))),
});
export type VoiceWebhook = v.InferOutput<typeof VoiceWebhookSchema>;

export function parseVoiceWebhook(form: Record<string, string | string[]> | undefined): VoiceWebhook {
  const result = v.safeParse(VoiceWebhookSchema, form ?? {});
  if (!result.success) {
    throw new BadRequestError(`not a valid Twilio voice webhook:\n${describeIssues(result.issues)}`);
  }
  return result.output;
}

/** What the caller did, as the menu reads it. Keys win over speech when Twilio sends both. */
export function callInput(webhook: VoiceWebhook): CallInput {
  if (webhook.DialCallStatus !== undefined) return { kind: 'dial-ended', status: webhook.DialCallStatus };
  if (webhook.Digits !== undefined && webhook.Digits !== '') return { kind: 'keys', keys: webhook.Digits };
  if (webhook.SpeechResult !== undefined && webhook.SpeechResult.trim() !== '') {
    return { kind: 'speech', text: webhook.SpeechResult };
  }
  return { kind: 'silence' };
}

const Count = (max: number) => v.pipe(CoercedNumber, v.safeInteger(), v.minValue(0), v.maxValue(max));

/** The call state in an action URL's query string: short names keep the URLs readable in logs. */
const CallStateQuerySchema = v.strictObject({
  lang: LanguageSchema,
  misses: Count(99),
  turns: Count(9999),
  group: v.optional(Count(99)),
  topic: v.optional(v.pipe(v.string(), v.regex(/^[a-z][a-z-]*$/), v.maxLength(64))),
  part: v.optional(Count(99)),
  /** Step `choose`: the topics offered, comma-separated ids. */
  choices: v.optional(v.pipe(v.string(), v.regex(/^[a-z][a-z-]*(,[a-z][a-z-]*){0,2}$/), v.maxLength(200))),
});

const StepSchema = v.picklist(CALL_STEPS);

/**
 * The call state for a request: undefined at `/voice` (a new call), else the step from the
 * path (`/voice/<step>`) and the rest from the query string. A stage prefix before `/voice`
 * is allowed, as API Gateway may include it in the path.
 */
export function parseCallState(rawPath: string, rawQueryString: string): CallState | undefined {
  const match = /\/voice(?:\/([^/]+))?\/?$/.exec(rawPath);
  if (match === null) throw new BadRequestError(`not a voice route: ${rawPath}`);
  const [, step] = match;
  if (step === undefined) return undefined;
  const parsedStep = v.safeParse(StepSchema, step);
  if (!parsedStep.success) throw new BadRequestError(`unknown voice step: ${step}`);
  const query = Object.fromEntries(new URLSearchParams(rawQueryString));
  const parsed = v.safeParse(CallStateQuerySchema, query);
  if (!parsed.success) {
    throw new BadRequestError(`call state in the URL is not valid:\n${describeIssues(parsed.issues)}`);
  }
  const { lang, choices, ...rest } = parsed.output;
  return {
    step: parsedStep.output,
    language: lang,
    ...rest,
    ...(choices === undefined ? {} : { choices: choices.split(',') }),
  };
}

/** The path and query of the action URL that carries `state` (the inverse of {@link parseCallState}). */
export function callStatePath(state: CallState): string {
  const query = new URLSearchParams({
    lang: state.language,
    misses: String(state.misses),
    turns: String(state.turns),
  });
  if (state.group !== undefined) query.set('group', String(state.group));
  if (state.topic !== undefined) query.set('topic', state.topic);
  if (state.part !== undefined) query.set('part', String(state.part));
  if (state.choices !== undefined) query.set('choices', state.choices.join(','));
  return `/voice/${state.step}?${query.toString()}`;
}
