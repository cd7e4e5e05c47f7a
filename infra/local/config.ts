import { z } from 'zod';
import { DefaultRegionSchema, PublicUrlSchema, SupportContactSchema } from '../../functions/config.js';
import { DEV_AUTH_TOKEN, DEV_PORT, DEV_TABLE_NAME } from './dev-defaults.js';

/** The local runtime's environment: the handlers' variables plus where and how to run. */
export const LocalEnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(DEV_PORT),
    PUBLIC_URL: PublicUrlSchema.optional(),
    TWILIO_AUTH_TOKEN: z.string().min(8).default(DEV_AUTH_TOKEN),
    TWILIO_ACCOUNT_SID: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'an account SID: AC and 32 hex digits')
      .optional(),
    TWILIO_FROM: z
      .string()
      .regex(/^(\+[1-9]\d{6,14}|\d{3,8})$/, 'an E.164 number or a short code')
      .optional(),
    DYNAMODB_ENDPOINT: z.url().optional(),
    TABLE_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, '3-255 letters, digits, _ . -')
      .default(DEV_TABLE_NAME),
    DATA_DIR: z.string().min(1).optional(),
    DEFAULT_REGION: DefaultRegionSchema.default('us'),
    SUPPORT_CONTACT: SupportContactSchema.default('help@example.org'),
  })
  .transform((env) => ({ ...env, PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}` }));
export type LocalConfig = z.infer<typeof LocalEnvSchema>;

/** The environment the handlers would see in Lambda, derived from the local settings. */
export function handlerEnv(config: LocalConfig, dynamodbEndpoint: string): NodeJS.ProcessEnv {
  return {
    TABLE_NAME: config.TABLE_NAME,
    PUBLIC_URL: config.PUBLIC_URL,
    TWILIO_AUTH_TOKEN: config.TWILIO_AUTH_TOKEN,
    DYNAMODB_ENDPOINT: dynamodbEndpoint,
    DEFAULT_REGION: config.DEFAULT_REGION,
    SUPPORT_CONTACT: config.SUPPORT_CONTACT,
  };
}
