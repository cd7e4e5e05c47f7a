import { z } from 'zod';
import { RegionSchema } from './core/content-model.js';
import { isValidZone } from './core/time-zone.js';

/**
 * Settings the handlers read from the environment, parsed once per cold start. A bad value
 * stops start-up with a message naming the variable and the problem (never its value:
 * some are secrets).
 */

const GSM7_PLAIN = /^[A-Za-z0-9 @.,:;/_+\-()'!?&#%=]*$/;

export const SupportContactSchema = z
  .string()
  .trim()
  .min(3)
  .max(40, 'at most 40 characters: it is sent inside SMS replies with a fixed segment budget')
  .regex(GSM7_PLAIN, 'plain letters, digits and common punctuation only (GSM-7), so replies stay cheap');

export const PublicUrlSchema = z
  .url({
    protocol: /^https?$/,
    message: 'a full http(s) URL, e.g. https://abc123.execute-api.eu-west-2.amazonaws.com',
  })
  .transform((url) => url.replace(/\/+$/, ''));

export const DefaultRegionSchema = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(RegionSchema);

const E164 = /^\+[1-9]\d{6,14}$/;

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time such as 10:00');
const ZoneName = z.string().refine(isValidZone, 'an IANA time zone such as America/Chicago');
const Offsets = z
  .string()
  .transform((value) => value.split(',').map((day) => Number(day.trim())))
  .pipe(z.array(z.number().int().min(1).max(60)).min(1).max(7))
  .refine((days) => new Set(days).size === days.length, 'no day twice');

/**
 * Appointment reminders (issue 4): the schedule people get and how the sender paces itself.
 * Defaults are the issue's: 14, 7, 3 and 1 days before at 10:00 local, a follow-up the day
 * after, nothing outside 09:00-20:00 local, at most 100 messages a second (a short code).
 */
export const ReminderEnvShape = {
  REMINDER_OFFSETS_DAYS: Offsets.default([14, 7, 3, 1]),
  REMINDER_SEND_TIME: HourMinute.default('10:00'),
  REMINDER_FOLLOW_UP_DAYS: z.coerce.number().int().min(1).max(14).default(1),
  /** Quiet hours end / start: reminders only go out from QUIET_HOURS_END until QUIET_HOURS_START. */
  QUIET_HOURS_END: HourMinute.default('09:00'),
  QUIET_HOURS_START: HourMinute.default('20:00'),
  /** A region's zone when the number does not tell (default: content/line.yaml). */
  DEFAULT_TIME_ZONE_UK: ZoneName.optional(),
  DEFAULT_TIME_ZONE_US: ZoneName.optional(),
  DEFAULT_TIME_ZONE_CA: ZoneName.optional(),
  REMINDER_MAX_MPS: z.coerce.number().min(0.1).max(1000).default(100),
  REMINDER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  REMINDER_LEASE_SECONDS: z.coerce.number().int().min(15).max(600).default(60),
  REMINDER_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(15_000).default(5_000),
  REMINDER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  REMINDER_BACKOFF_BASE_MS: z.coerce.number().int().min(0).max(10_000).default(200),
  REMINDER_BACKOFF_CAP_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  REMINDER_MAX_LATENESS_HOURS: z.coerce.number().min(1).max(48).default(12),
  /** Twilio drops a reminder it could not deliver within this (max 36,000 s): never late at night. */
  REMINDER_VALIDITY_SECONDS: z.coerce.number().int().min(60).max(36_000).default(3_600),
};

export const HandlerEnvSchema = z.object({
  TABLE_NAME: z.string().min(3).max(255),
  PUBLIC_URL: PublicUrlSchema,
  /**
   * The Twilio auth token for local runs. Deployed functions get
   * TWILIO_AUTH_TOKEN_SECRET_ARN instead, so the token is never an environment value.
   * Exactly one of the two must be set (checked by `authTokenSource`).
   */
  TWILIO_AUTH_TOKEN: z.string().min(8, 'the Twilio auth token needs at least 8 characters').optional(),
  TWILIO_AUTH_TOKEN_SECRET_ARN: z
    .string()
    .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, 'a Secrets Manager secret ARN')
    .optional(),
  DYNAMODB_ENDPOINT: z.url().optional(),
  DEFAULT_REGION: DefaultRegionSchema.default('us'),
  SUPPORT_CONTACT: SupportContactSchema.default('help@example.org'),
  /** Voice line: each region's support line for "talk to a person"; overrides content/line.yaml. */
  SUPPORT_LINE_UK: z.string().regex(E164, 'an E.164 number such as +442079460000').optional(),
  SUPPORT_LINE_US: z.string().regex(E164, 'an E.164 number such as +12025550143').optional(),
  SUPPORT_LINE_CA: z.string().regex(E164, 'an E.164 number such as +14165550199').optional(),
  /** Outbound SMS (text-me-this, reminders). Without an account SID, nothing can be sent. */
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'an account SID: AC and 32 hex digits')
    .optional(),
  TWILIO_FROM: z
    .string()
    .regex(/^(\+[1-9]\d{6,14}|\d{3,8})$/, 'an E.164 number or a short code')
    .optional(),
  TWILIO_MESSAGING_SERVICE_SID: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/, 'MG and 32 hex digits')
    .optional(),
  /** Sends every Twilio REST call here instead of api.twilio.com (local fakes and tests). */
  TWILIO_API_BASE_URL: z.url().optional(),
  ...ReminderEnvShape,
});
export type HandlerConfig = z.infer<typeof HandlerEnvSchema>;

export class ConfigError extends Error {}

/** Describes what is wrong with each variable without echoing the value. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`)
    .join('\n');
}

export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const result = schema.safeParse(env);
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
