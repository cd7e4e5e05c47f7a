import { z } from 'zod';
import {
  DefaultRegionSchema,
  HandlerEnvSchema,
  ReminderEnvShape,
  SupportContactSchema,
} from '../../functions/config.js';
import * as v from '../../functions/validation.js';
import { addHandlerIssues, handlerRule } from '../handler-rule.js';

/**
 * Deployment settings, read from CDK context (`cdk.json` or `-c key=value`) and parsed once.
 * Context from the command line always arrives as strings, so numbers and flags are coerced.
 * Everything has a safe default or is optional except the support contact, which every HELP
 * reply shows: a deploy without a real one fails at synth, saying so. What a real deployment
 * still needs besides (the Twilio account and sender) is reported as a synth warning.
 */

/** `true`/`false` from cdk.json, or the strings "true"/"false" from `-c`. */
const Flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

const PositiveInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const RouteThrottleSchema = z
  .object({ rateLimit: PositiveInt(1, 10_000), burstLimit: PositiveInt(1, 5_000) })
  .strict();

/**
 * Per-webhook defaults: STOP and HELP arrive on /sms, so it gets the most; delivery status
 * callbacks come at most a few per text sent; a call makes a request every few seconds.
 */
export const DEFAULT_ROUTE_THROTTLES = {
  sms: { rateLimit: 25, burstLimit: 50 },
  smsStatus: { rateLimit: 25, burstLimit: 50 },
  voice: { rateLimit: 10, burstLimit: 20 },
} as const;

/**
 * Reminder and quiet-hours settings (REMINDER_*, QUIET_HOURS_*, DEFAULT_TIME_ZONE_*), passed to
 * the functions as given: an object in cdk.json, or a JSON string with `-c`. Checked here with
 * the handlers' own rules, so a typo fails the synth instead of the sweeper's cold start.
 */
const ReminderSettingsSchema = z.preprocess(
  (value) => (typeof value === 'string' ? parseJsonOrKeep(value) : value),
  z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).superRefine((settings, ctx) => {
    // Each variable has a default or is optional; strict, so a misspelt name fails the synth.
    const result = v.safeParse(v.strictObject(ReminderEnvShape), settings);
    if (!result.success) addHandlerIssues(ctx, result.issues);
  }),
);

function parseJsonOrKeep(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Reserved example domains (RFC 2606, RFC 6761): a contact there reaches nobody. */
const PLACEHOLDER_CONTACT =
  /(^|[@./\s])(example\.(com|org|net)|[a-z0-9-]+\.(example|test|invalid|localhost))($|[/\s:?#])|^localhost\b/i;

export function isPlaceholderContact(contact: string): boolean {
  return PLACEHOLDER_CONTACT.test(contact.trim());
}

const SUPPORT_CONTACT_NEEDED =
  "set the line's real support contact (an e-mail address, phone number or web page people can reach): every HELP reply shows it. Use -c supportContact=... or cdk.json";

/** Required, checked with the handlers' rule, and never a placeholder such as help@example.org. */
const SupportContactContext = z.unknown().transform((value, ctx): string => {
  if (value === undefined) {
    ctx.addIssue({ code: 'custom', message: SUPPORT_CONTACT_NEEDED });
    return z.NEVER;
  }
  const result = v.safeParse(SupportContactSchema, value);
  if (!result.success) {
    addHandlerIssues(ctx, result.issues);
    return z.NEVER;
  }
  if (isPlaceholderContact(result.output)) {
    ctx.addIssue({
      code: 'custom',
      message: `is a placeholder (an example domain): ${SUPPORT_CONTACT_NEEDED}`,
    });
    return z.NEVER;
  }
  return result.output;
});

/** An optional handler variable's rule (functions/config.ts), for an optional context key. */
const optionalRule = <S extends v.GenericSchema>(rule: v.OptionalSchema<S, undefined>) =>
  handlerRule(v.unwrap(rule)).optional();

export const LineContextSchema = z
  .object({
    /** The Twilio account that sends reminders and text-me-this messages. */
    twilioAccountSid: optionalRule(HandlerEnvSchema.entries.TWILIO_ACCOUNT_SID),
    /** The line's number or short code (also used in the `twilio phone-numbers:update` output). */
    twilioFrom: optionalRule(HandlerEnvSchema.entries.TWILIO_FROM),
    /** Send through a Messaging Service instead of a single number. */
    twilioMessagingServiceSid: optionalRule(HandlerEnvSchema.entries.TWILIO_MESSAGING_SERVICE_SID),
    /** Shown in every HELP reply: required, and a real one (no example domain). */
    supportContact: SupportContactContext,
    /** Region for numbers libphonenumber cannot place (uk, us, ca). */
    defaultRegion: handlerRule(DefaultRegionSchema).default('us'),
    /** Voice line: each region's support line for "talk to a person" (overrides content/line.yaml). */
    supportLineUk: optionalRule(HandlerEnvSchema.entries.SUPPORT_LINE_UK),
    supportLineUs: optionalRule(HandlerEnvSchema.entries.SUPPORT_LINE_US),
    supportLineCa: optionalRule(HandlerEnvSchema.entries.SUPPORT_LINE_CA),
    /** Text-me-this limits (voice line): topics per call and per number per day. */
    textMeThisTopicsPerCall: handlerRule(
      v.unwrap(HandlerEnvSchema.entries.TEXT_ME_THIS_TOPICS_PER_CALL),
    ).optional(),
    textMeThisPerNumberPerDay: handlerRule(
      v.unwrap(HandlerEnvSchema.entries.TEXT_ME_THIS_PER_NUMBER_PER_DAY),
    ).optional(),
    /** E.g. {"REMINDER_MAX_MPS": "1"} for a long code (1 message a second); see functions/config.ts. */
    reminderSettings: ReminderSettingsSchema.optional(),
    /** A custom domain for the webhooks, e.g. line.example.org; needs a regional ACM certificate. */
    customDomainName: z
      .string()
      .regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lower-case host name')
      .optional(),
    customDomainCertificateArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, 'an ACM certificate ARN')
      .optional(),
    /** Alarms notify this address through an SNS topic; without it, alarms only show in CloudWatch. */
    alarmEmail: z.email().optional(),
    /** How often the reminder sweeper runs. */
    sweepRateMinutes: PositiveInt(1, 1440).default(5),
    /** DynamoDB deletion protection on the table (keep it on; turn off only to tear down on purpose). */
    deletionProtection: Flag.default(true),
    logRetentionDays: z.coerce
      .number()
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), 'a CloudWatch retention')
      .default(90),
    /** Steady requests per second across the webhook routes; Twilio retries what is refused. */
    apiRateLimit: PositiveInt(1, 10_000).default(25),
    apiBurstLimit: PositiveInt(1, 5_000).default(50),
    /**
     * Each webhook's own throttle (requests per second and burst): a flood on one route
     * cannot use the capacity of another, so forged calls never crowd out STOP on /sms.
     * E.g. {"voice": {"rateLimit": 5, "burstLimit": 10}}; unset routes keep the defaults.
     */
    routeThrottles: z
      .preprocess(
        (value) => (typeof value === 'string' ? parseJsonOrKeep(value) : value),
        z
          .object({
            sms: RouteThrottleSchema.optional(),
            smsStatus: RouteThrottleSchema.optional(),
            voice: RouteThrottleSchema.optional(),
          })
          .strict(),
      )
      .optional(),
    /**
     * Put the webhooks behind CloudFront with AWS WAF: per-IP rate-based rules, AWS managed
     * rule sets, and requests without X-Twilio-Signature blocked at the edge. The web ACL is
     * in us-east-1 (CloudFront's region), in its own stack. Needs the account and region.
     */
    waf: Flag.default(false),
    /** WAF: requests one IP may make in 5 minutes before it is blocked (all webhooks). */
    wafRateLimitPerIp: PositiveInt(100, 2_000_000_000).default(3_000),
    /**
     * Reserved concurrency for each webhook function. None by default: see the service stack
     * for why; set it when the account is shared with other workloads.
     */
    webhookReservedConcurrency: PositiveInt(1, 1000).optional(),
    /**
     * One sweep at a time by default: the send rate (REMINDER_MAX_MPS) is paced per sweep, so
     * overlapping sweeps would together exceed the sender's throughput. 0: no reservation.
     */
    sweeperReservedConcurrency: PositiveInt(0, 10).default(1),
  })
  .superRefine((config, ctx) => {
    if ((config.customDomainName === undefined) !== (config.customDomainCertificateArn === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['customDomainCertificateArn'],
        message: 'set customDomainName and customDomainCertificateArn together',
      });
    }
    if (config.waf && config.customDomainName !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['waf'],
        message:
          'waf puts the webhooks on a CloudFront domain; a custom domain on the API would bypass it (use one or the other)',
      });
    }
    if (config.twilioFrom !== undefined && config.twilioMessagingServiceSid !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['twilioMessagingServiceSid'],
        message: 'set twilioFrom or twilioMessagingServiceSid, not both',
      });
    }
    if (
      config.twilioAccountSid !== undefined &&
      config.twilioFrom === undefined &&
      config.twilioMessagingServiceSid === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['twilioFrom'],
        message: 'set twilioFrom (or twilioMessagingServiceSid) with twilioAccountSid',
      });
    }
  });

export type LineContext = z.infer<typeof LineContextSchema>;

/** The context keys the schema reads, so the app can collect exactly these. */
export const CONTEXT_KEYS = Object.keys(LineContextSchema.shape) as (keyof LineContext)[];

export class ContextError extends Error {
  override name = 'ContextError';
}

/** Parses the raw context values; the error names each bad key and why, never echoing values. */
export function parseLineContext(raw: Record<string, unknown>): LineContext {
  const result = LineContextSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ContextError(`CDK context is not valid:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Reads each known key with `lookup` (e.g. `app.node.tryGetContext`), skipping unset ones. */
export function readLineContext(lookup: (key: string) => unknown): LineContext {
  const raw: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) {
    const value = lookup(key);
    if (value !== undefined && value !== null && value !== '') raw[key] = value;
  }
  return parseLineContext(raw);
}
