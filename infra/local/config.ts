import { z } from 'zod';
import { HandlerEnvSchema, PublicUrlSchema } from '../../functions/config.js';
import * as v from '../../functions/validation.js';
import { handlerRule } from '../handler-rule.js';
import { DEV_AUTH_TOKEN, DEV_PORT, DEV_TABLE_NAME } from './dev-defaults.js';

/**
 * The handlers' variables (same rules as in Lambda: valibot, functions/config.ts) with local
 * defaults. TABLE_NAME is checked below instead, with a local default.
 */
const LocalHandlerEnvSchema = v.object({
  ...v.omit(HandlerEnvSchema, ['TABLE_NAME']).entries,
  PUBLIC_URL: v.optional(PublicUrlSchema),
  TWILIO_AUTH_TOKEN: v.optional(v.unwrap(HandlerEnvSchema.entries.TWILIO_AUTH_TOKEN), DEV_AUTH_TOKEN),
});

/**
 * The local runtime's environment: the handlers' own variables (same rules as in Lambda)
 * with local defaults, plus where and how to run.
 */
export const LocalEnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(DEV_PORT),
    TABLE_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, '3-255 letters, digits, _ . -')
      .default(DEV_TABLE_NAME),
    DATA_DIR: z.string().min(1).optional(),
  })
  .and(handlerRule(LocalHandlerEnvSchema))
  .transform((env) => ({ ...env, PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}` }));
export type LocalConfig = z.infer<typeof LocalEnvSchema>;

/** The environment the handlers would see in Lambda, derived from the local settings. */
export function handlerEnv(config: LocalConfig, dynamodbEndpoint: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of Object.keys(HandlerEnvSchema.entries)) {
    const value = config[name as keyof LocalConfig];
    if (value !== undefined) env[name] = String(value);
  }
  return { ...env, DYNAMODB_ENDPOINT: dynamodbEndpoint };
}
