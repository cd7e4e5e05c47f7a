import { randomBytes } from 'node:crypto';
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
    /** The interface to listen on: this machine only unless told otherwise. */
    HOST: z.string().min(1).max(255).default('127.0.0.1'),
    /**
     * What every /dev/* request must carry in X-Dev-Token. A new random one each run unless
     * set (to script against a running line); never a fixed public value.
     */
    DEV_TOKEN: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,128}$/, '16-128 letters, digits, _ or -')
      .default(() => randomBytes(24).toString('base64url')),
    TABLE_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, '3-255 letters, digits, _ . -')
      .default(DEV_TABLE_NAME),
    DATA_DIR: z.string().min(1).optional(),
  })
  .and(handlerRule(LocalHandlerEnvSchema))
  .transform((env) => ({ ...env, PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}` }));
export type LocalConfig = z.infer<typeof LocalEnvSchema>;

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** A loopback host name (localhost, 127.x.x.x, [::1]), as written in a URL or a Host header. */
export const isLoopbackName = (hostname: string) => LOOPBACK_HOSTS.test(hostname);

/** A URL on this machine (for TWILIO_API_BASE_URL: a local fake, not Twilio). */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (url === undefined || !URL.canParse(url)) return false;
  return isLoopbackName(new URL(url).hostname);
}

/**
 * Texts would reach real phones: an account SID is set and TWILIO_API_BASE_URL does not point
 * at a fake on this machine. The dev routes (which sign anything and show the outbox) are off.
 */
export const sendsRealTexts = (config: LocalConfig) =>
  config.TWILIO_ACCOUNT_SID !== undefined && !isLoopbackUrl(config.TWILIO_API_BASE_URL);

/** The environment the handlers would see in Lambda, derived from the local settings. */
export function handlerEnv(config: LocalConfig, dynamodbEndpoint: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of Object.keys(HandlerEnvSchema.entries)) {
    const value = config[name as keyof LocalConfig];
    if (value !== undefined) env[name] = String(value);
  }
  return { ...env, DYNAMODB_ENDPOINT: dynamodbEndpoint };
}
