import { z } from 'zod';
import { HandlerEnvSchema, PublicUrlSchema } from '../../functions/config.js';
import { DEV_AUTH_TOKEN, DEV_PORT, DEV_TABLE_NAME } from './dev-defaults.js';

/**
 * The local runtime's environment: the handlers' own variables (same rules as in Lambda)
 * with local defaults, plus where and how to run.
 */
export const LocalEnvSchema = z
  .object({
    ...HandlerEnvSchema.shape,
    PORT: z.coerce.number().int().min(0).max(65535).default(DEV_PORT),
    // The handlers' schemas are zod/mini (functions/zod.ts): wrapped with classic functions here.
    PUBLIC_URL: z.optional(PublicUrlSchema),
    TWILIO_AUTH_TOKEN: z._default(HandlerEnvSchema.shape.TWILIO_AUTH_TOKEN, DEV_AUTH_TOKEN),
    TABLE_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, '3-255 letters, digits, _ . -')
      .default(DEV_TABLE_NAME),
    DATA_DIR: z.string().min(1).optional(),
  })
  .transform((env) => ({ ...env, PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}` }));
export type LocalConfig = z.infer<typeof LocalEnvSchema>;

/** The environment the handlers would see in Lambda, derived from the local settings. */
export function handlerEnv(config: LocalConfig, dynamodbEndpoint: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of Object.keys(HandlerEnvSchema.shape)) {
    const value = config[name as keyof LocalConfig];
    if (value !== undefined) env[name] = String(value);
  }
  return { ...env, DYNAMODB_ENDPOINT: dynamodbEndpoint };
}
