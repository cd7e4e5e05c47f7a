import { RegionSchema } from './core/content-model.js';
import { isValidZone } from './core/time-zone.js';
import * as z from './zod.js';

/**
 * Settings the handlers read from the environment, parsed once per cold start. A bad value
 * stops start-up with a message naming the variable and the problem (never its value:
 * some are secrets). zod/mini (see zod.ts): these run in every Lambda.
 */

const GSM7_PLAIN = /^[A-Za-z0-9 @.,:;/_+\-()'!?&#%=]*$/;

export const SupportContactSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(3),
    z.maxLength(40, 'at most 40 characters: it is sent inside SMS replies with a fixed segment budget'),
    z.regex(GSM7_PLAIN, 'plain letters, digits and common punctuation only (GSM-7), so replies stay cheap'),
  );

export const PublicUrlSchema = z.pipe(
  z.url({
    protocol: /^https?$/,
    message: 'a full http(s) URL, e.g. https://abc123.execute-api.eu-west-2.amazonaws.com',
  }),
  z.transform((url: string) => url.replace(/\/+$/, '')),
);

export const DefaultRegionSchema = z.pipe(
  z.pipe(
    z.string(),
    z.transform((value: string) => value.trim().toLowerCase()),
  ),
  RegionSchema,
);

const E164 = /^\+[1-9]\d{6,14}$/;

/** A whole number (the environment holds strings) from `min` to `max`. */
const WholeNumber = (min: number, max: number) =>
  z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max));
/** Any number (the environment holds strings) from `min` to `max`. */
const Amount = (min: number, max: number) => z.coerce.number().check(z.minimum(min), z.maximum(max));

const HourMinute = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time such as 10:00'));
const ZoneName = z.string().check(z.refine(isValidZone, 'an IANA time zone such as America/Chicago'));
const Offsets = z
  .pipe(
    z.pipe(
      z.string(),
      z.transform((value: string) => value.split(',').map((day) => Number(day.trim()))),
    ),
    z.array(z.number().check(z.int(), z.minimum(1), z.maximum(60))).check(z.minLength(1), z.maxLength(7)),
  )
  .check(z.refine((days) => new Set(days).size === days.length, 'no day twice'));

/**
 * Appointment reminders (issue 4): the schedule people get and how the sender paces itself.
 * Defaults are the issue's: 14, 7, 3 and 1 days before at 10:00 local, a follow-up the day
 * after, nothing outside 09:00-20:00 local, at most 100 messages a second (a short code).
 */
export const ReminderEnvShape = {
  REMINDER_OFFSETS_DAYS: z._default(Offsets, [14, 7, 3, 1]),
  REMINDER_SEND_TIME: z._default(HourMinute, '10:00'),
  REMINDER_FOLLOW_UP_DAYS: z._default(WholeNumber(1, 14), 1),
  /** Quiet hours end / start: reminders only go out from QUIET_HOURS_END until QUIET_HOURS_START. */
  QUIET_HOURS_END: z._default(HourMinute, '09:00'),
  QUIET_HOURS_START: z._default(HourMinute, '20:00'),
  /** A region's zone when the number does not tell (default: content/line.yaml). */
  DEFAULT_TIME_ZONE_UK: z.optional(ZoneName),
  DEFAULT_TIME_ZONE_US: z.optional(ZoneName),
  DEFAULT_TIME_ZONE_CA: z.optional(ZoneName),
  REMINDER_MAX_MPS: z._default(Amount(0.1, 1000), 100),
  REMINDER_CONCURRENCY: z._default(WholeNumber(1, 256), 32),
  REMINDER_LEASE_SECONDS: z._default(WholeNumber(15, 600), 60),
  REMINDER_SEND_TIMEOUT_MS: z._default(WholeNumber(100, 15_000), 5_000),
  REMINDER_MAX_ATTEMPTS: z._default(WholeNumber(1, 10), 5),
  REMINDER_BACKOFF_BASE_MS: z._default(WholeNumber(0, 10_000), 200),
  REMINDER_BACKOFF_CAP_MS: z._default(WholeNumber(0, 60_000), 5_000),
  REMINDER_MAX_LATENESS_HOURS: z._default(Amount(1, 48), 12),
  /** Twilio drops a reminder it could not deliver within this (max 36,000 s): never late at night. */
  REMINDER_VALIDITY_SECONDS: z._default(WholeNumber(60, 36_000), 3_600),
};

/** An optional string matching `pattern`, explained by `message` when it does not. */
const OptionalMatch = (pattern: RegExp, message: string) =>
  z.optional(z.string().check(z.regex(pattern, message)));

export const HandlerEnvSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(3), z.maxLength(255)),
  PUBLIC_URL: PublicUrlSchema,
  /**
   * The Twilio auth token for local runs. Deployed functions get
   * TWILIO_AUTH_TOKEN_SECRET_ARN instead, so the token is never an environment value.
   * Exactly one of the two must be set (checked by `authTokenSource`).
   */
  TWILIO_AUTH_TOKEN: z.optional(
    z.string().check(z.minLength(8, 'the Twilio auth token needs at least 8 characters')),
  ),
  TWILIO_AUTH_TOKEN_SECRET_ARN: OptionalMatch(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
    'a Secrets Manager secret ARN',
  ),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  DEFAULT_REGION: z._default(DefaultRegionSchema, 'us'),
  SUPPORT_CONTACT: z._default(SupportContactSchema, 'help@example.org'),
  /** Voice line: each region's support line for "talk to a person"; overrides content/line.yaml. */
  SUPPORT_LINE_UK: OptionalMatch(E164, 'an E.164 number such as +442079460000'),
  SUPPORT_LINE_US: OptionalMatch(E164, 'an E.164 number such as +12025550143'),
  SUPPORT_LINE_CA: OptionalMatch(E164, 'an E.164 number such as +14165550199'),
  /** Outbound SMS (text-me-this, reminders). Without an account SID, nothing can be sent. */
  TWILIO_ACCOUNT_SID: OptionalMatch(/^AC[0-9a-fA-F]{32}$/, 'an account SID: AC and 32 hex digits'),
  TWILIO_FROM: OptionalMatch(/^(\+[1-9]\d{6,14}|\d{3,8})$/, 'an E.164 number or a short code'),
  TWILIO_MESSAGING_SERVICE_SID: OptionalMatch(/^MG[0-9a-fA-F]{32}$/, 'MG and 32 hex digits'),
  /** Sends every Twilio REST call here instead of api.twilio.com (local fakes and tests). */
  TWILIO_API_BASE_URL: z.optional(z.url()),
  ...ReminderEnvShape,
});
export type HandlerConfig = z.infer<typeof HandlerEnvSchema>;

export class ConfigError extends Error {}

/** Describes what is wrong with each variable without echoing the value. */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`)
    .join('\n');
}

/** Parses the environment with any zod schema (zod/mini here, classic zod in infra/local). */
export function parseEnv<T extends z.core.$ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const result = z.safeParse(schema, env);
  if (!result.success) {
    throw new ConfigError(`Configuration is not valid:\n${describeIssues(result.error)}`);
  }
  return result.data;
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
