import { z } from 'zod';
import { RegionSchema } from './core/content-model.js';

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

export const HandlerEnvSchema = z.object({
  TABLE_NAME: z.string().min(3).max(255),
  PUBLIC_URL: PublicUrlSchema,
  TWILIO_AUTH_TOKEN: z.string().min(8, 'the Twilio auth token is required (at least 8 characters)'),
  DYNAMODB_ENDPOINT: z.url().optional(),
  DEFAULT_REGION: DefaultRegionSchema.default('us'),
  SUPPORT_CONTACT: SupportContactSchema.default('help@example.org'),
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
