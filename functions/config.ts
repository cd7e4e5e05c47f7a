import { RegionSchema } from './core/content-model.js';
import { E164_PATTERN } from './core/phone/phone-number.js';
import { isValidZone } from './core/time-zone.js';
import * as v from './validation.js';
import { CoercedNumber, describeIssues, type IssueLike } from './validation.js';

/**
 * Settings the handlers read from the environment, parsed once per cold start. A bad value
 * stops start-up with a message naming the variable and the problem (never its value:
 * some are secrets). valibot (see validation.ts): these run in every Lambda.
 */

const GSM7_PLAIN = /^[A-Za-z0-9 @.,:;/_+\-()'!?&#%=]*$/;

export const SupportContactSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(3),
  v.maxLength(40, 'at most 40 characters: it is sent inside SMS replies with a fixed segment budget'),
  v.regex(GSM7_PLAIN, 'plain letters, digits and common punctuation only (GSM-7), so replies stay cheap'),
);

/**
 * URLs are read as zod's `z.url()` read them: surrounding spaces trimmed, then whatever
 * `new URL` accepts; the value kept is the trimmed text less any tab or line break (which the
 * URL parser ignores), never the parser's normalised form.
 */
const withoutTabsOrNewlines = (url: string) => url.replace(/[\t\n\r]/g, '');
const Url = v.pipe(v.string(), v.trim(), v.url(), v.transform(withoutTabsOrNewlines));

const PUBLIC_URL_PROBLEM = 'a full http(s) URL, e.g. https://abc123.execute-api.eu-west-2.amazonaws.com';
/** http:// or https:// written out (not `https:host`), and a URL `new URL` accepts. */
const isHttpUrl = (url: string) => /^https?:\/\//i.test(url) && URL.canParse(url);

/** The public base URL, without a trailing slash. */
export const PublicUrlSchema = v.pipe(
  v.string(PUBLIC_URL_PROBLEM),
  v.trim(),
  v.check(isHttpUrl, PUBLIC_URL_PROBLEM),
  v.transform((url: string) => withoutTabsOrNewlines(url).replace(/\/+$/, '')),
);

export const DefaultRegionSchema = v.pipe(
  v.string(),
  v.transform((value: string) => value.trim().toLowerCase()),
  RegionSchema,
);

/** A whole number (the environment holds strings) from `min` to `max`. */
const WholeNumber = (min: number, max: number) =>
  v.pipe(CoercedNumber, v.safeInteger(), v.minValue(min), v.maxValue(max));
/** Any number (the environment holds strings) from `min` to `max`. */
const Amount = (min: number, max: number) => v.pipe(CoercedNumber, v.minValue(min), v.maxValue(max));

const HourMinute = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time such as 10:00'));
const ZoneName = v.pipe(v.string(), v.check(isValidZone, 'an IANA time zone such as America/Chicago'));
const Offsets = v.pipe(
  v.string(),
  v.transform((value: string) => value.split(',').map((day) => Number(day.trim()))),
  v.array(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(60))),
  v.minLength(1),
  v.maxLength(7),
  v.check((days: number[]) => new Set(days).size === days.length, 'no day twice'),
);

/**
 * Appointment reminders: the schedule people get and how the sender paces itself.
 * Defaults are the issue's: 14, 7, 3 and 1 days before at 10:00 local, a follow-up the day
 * after, nothing outside 09:00-20:00 local, at most 100 messages a second (a short code).
 * valibot parses a default like a value given, so the offsets' default is written as the
 * environment would hold it.
 */
export const ReminderEnvShape = {
  REMINDER_OFFSETS_DAYS: v.optional(Offsets, '14,7,3,1'),
  REMINDER_SEND_TIME: v.optional(HourMinute, '10:00'),
  REMINDER_FOLLOW_UP_DAYS: v.optional(WholeNumber(1, 14), 1),
  /** Quiet hours end / start: reminders only go out from QUIET_HOURS_END until QUIET_HOURS_START. */
  QUIET_HOURS_END: v.optional(HourMinute, '09:00'),
  QUIET_HOURS_START: v.optional(HourMinute, '20:00'),
  /** A region's zone when the number does not tell (default: content/line.yaml). */
  DEFAULT_TIME_ZONE_UK: v.optional(ZoneName),
  DEFAULT_TIME_ZONE_US: v.optional(ZoneName),
  DEFAULT_TIME_ZONE_CA: v.optional(ZoneName),
  REMINDER_MAX_MPS: v.optional(Amount(0.1, 1000), 100),
  REMINDER_CONCURRENCY: v.optional(WholeNumber(1, 256), 32),
  REMINDER_LEASE_SECONDS: v.optional(WholeNumber(15, 600), 60),
  REMINDER_SEND_TIMEOUT_MS: v.optional(WholeNumber(100, 15_000), 5_000),
  REMINDER_MAX_ATTEMPTS: v.optional(WholeNumber(1, 10), 5),
  REMINDER_BACKOFF_BASE_MS: v.optional(WholeNumber(0, 10_000), 200),
  REMINDER_BACKOFF_CAP_MS: v.optional(WholeNumber(0, 60_000), 5_000),
  REMINDER_MAX_LATENESS_HOURS: v.optional(Amount(1, 48), 12),
  /** Twilio drops a reminder it could not deliver within this (max 36,000 s): never late at night. */
  REMINDER_VALIDITY_SECONDS: v.optional(WholeNumber(60, 36_000), 3_600),
};

/** An optional string matching `pattern`, explained by `message` when it does not. */
const OptionalMatch = (pattern: RegExp, message: string) =>
  v.optional(v.pipe(v.string(), v.regex(pattern, message)));

export const HandlerEnvSchema = v.object({
  TABLE_NAME: v.pipe(v.string(), v.minLength(3), v.maxLength(255)),
  PUBLIC_URL: PublicUrlSchema,
  /**
   * The Twilio auth token for local runs. Deployed functions get
   * TWILIO_AUTH_TOKEN_SECRET_ARN instead, so the token is never an environment value.
   * Exactly one of the two must be set (checked by `authTokenSource`).
   */
  TWILIO_AUTH_TOKEN: v.optional(
    v.pipe(v.string(), v.minLength(8, 'the Twilio auth token needs at least 8 characters')),
  ),
  TWILIO_AUTH_TOKEN_SECRET_ARN: OptionalMatch(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
    'a Secrets Manager secret ARN',
  ),
  DYNAMODB_ENDPOINT: v.optional(Url),
  DEFAULT_REGION: v.optional(DefaultRegionSchema, 'us'),
  SUPPORT_CONTACT: v.optional(SupportContactSchema, 'help@example.org'),
  /** Voice line: each region's support line for "talk to a person"; overrides content/line.yaml. */
  SUPPORT_LINE_UK: OptionalMatch(E164_PATTERN, 'an E.164 number such as +442079460000'),
  SUPPORT_LINE_US: OptionalMatch(E164_PATTERN, 'an E.164 number such as +12025550143'),
  SUPPORT_LINE_CA: OptionalMatch(E164_PATTERN, 'an E.164 number such as +14165550199'),
  /** Outbound SMS (text-me-this, reminders). Without an account SID, nothing can be sent. */
  TWILIO_ACCOUNT_SID: OptionalMatch(/^AC[0-9a-fA-F]{32}$/, 'an account SID: AC and 32 hex digits'),
  TWILIO_FROM: OptionalMatch(/^(\+[1-9]\d{6,14}|\d{3,8})$/, 'an E.164 number or a short code'),
  TWILIO_MESSAGING_SERVICE_SID: OptionalMatch(/^MG[0-9a-fA-F]{32}$/, 'MG and 32 hex digits'),
  /** Sends every Twilio REST call here instead of api.twilio.com (local fakes and tests). */
  TWILIO_API_BASE_URL: v.optional(Url),
  /**
   * Text-me-this limits (voice line), against SMS pumping and texts to people who never
   * called: topics one call may have texted, and topics one number may be texted a day.
   * A topic is texted at most once per call whatever these say.
   */
  TEXT_ME_THIS_TOPICS_PER_CALL: v.optional(WholeNumber(1, 10), 3),
  TEXT_ME_THIS_PER_NUMBER_PER_DAY: v.optional(WholeNumber(1, 20), 5),
  /** Days a text-me-this consent is kept before TTL deletes it. */
  TEXT_ME_THIS_CONSENT_DAYS: v.optional(WholeNumber(1, 400), 30),
  /**
   * The SQS FIFO queue texts go to when the store cannot take them (durable intake). Unset
   * locally: `npm start` supplies its in-process queue.
   */
  INTAKE_QUEUE_URL: OptionalMatch(
    /^https:\/\/sqs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/\d{12}\/[A-Za-z0-9_-]{1,75}\.fifo$/,
    'an SQS FIFO queue URL such as https://sqs.eu-west-2.amazonaws.com/123456789012/intake.fifo',
  ),
  ...ReminderEnvShape,
});
export type HandlerConfig = v.InferOutput<typeof HandlerEnvSchema>;

export class ConfigError extends Error {}

/**
 * Any schema with the Standard Schema interface: valibot's here, classic zod's in
 * infra/local/config.ts. Only synchronous schemas belong in the environment.
 */
type EnvSchema = {
  readonly '~standard': {
    readonly validate: (value: unknown) => unknown;
    readonly types?: { readonly output: unknown } | undefined;
  };
};
type Output<T extends EnvSchema> = NonNullable<T['~standard']['types']>['output'];

/** Parses the environment with any such schema, or throws a ConfigError naming each bad variable. */
export function parseEnv<T extends EnvSchema>(schema: T, env: NodeJS.ProcessEnv): Output<T> {
  const result = schema['~standard'].validate(env) as
    | { value: Output<T>; issues?: undefined }
    | { issues: readonly IssueLike[] };
  if (result instanceof Promise) throw new ConfigError('Configuration is not valid: an asynchronous schema');
  if (result.issues !== undefined) {
    throw new ConfigError(`Configuration is not valid:\n${describeIssues(result.issues)}`);
  }
  return result.value;
}

/** Where the Twilio auth token comes from: the environment (local runs) or Secrets Manager (Lambda). */
export type AuthTokenSource = { kind: 'value'; token: string } | { kind: 'secret'; secretArn: string };

/** Exactly one of TWILIO_AUTH_TOKEN and TWILIO_AUTH_TOKEN_SECRET_ARN; neither or both is a mistake. */
export function authTokenSource(config: HandlerConfig): AuthTokenSource {
  const { TWILIO_AUTH_TOKEN: token, TWILIO_AUTH_TOKEN_SECRET_ARN: secretArn } = config;
  if (token !== undefined && secretArn !== undefined) {
    throw new ConfigError(
      'Configuration is not valid:\n  TWILIO_AUTH_TOKEN: set it or TWILIO_AUTH_TOKEN_SECRET_ARN, not both',
    );
  }
  if (secretArn !== undefined) return { kind: 'secret', secretArn };
  if (token !== undefined) return { kind: 'value', token };
  throw new ConfigError(
    'Configuration is not valid:\n  TWILIO_AUTH_TOKEN: set it (local runs) or TWILIO_AUTH_TOKEN_SECRET_ARN (deployed)',
  );
}
