import { z } from 'zod';
import { ConfigError, HandlerEnvSchema, parseEnv } from '../../functions/config.js';
import * as v from '../../functions/validation.js';
import { handlerRule } from '../handler-rule.js';
import { LocalEnvSchema } from './config.js';
import { DEV_LINE_NUMBER } from './dev-defaults.js';

/**
 * The settings `npm run text` and `npm run call` read: where the line runs (PORT, PUBLIC_URL)
 * and how to sign (TWILIO_AUTH_TOKEN) by `npm start`'s own rules and defaults
 * (LocalEnvSchema), and the number called (LINE_NUMBER) by the rule for the line's own
 * number (TWILIO_FROM). Only these variables are read: another bad one is `npm start`'s concern.
 */
const CliEnvSchema = z
  .object({
    LINE_NUMBER: handlerRule(v.unwrap(HandlerEnvSchema.entries.TWILIO_FROM)).default(DEV_LINE_NUMBER),
  })
  .and(LocalEnvSchema)
  // Port 0 lets `npm start` pick a free port; the CLI has to be told which one it picked.
  .refine((env) => env.PORT !== 0, { path: ['PORT'], message: 'the port the line listens on, 1 to 65535' });

export type CliEnv = {
  /** Where requests go: this machine, on PORT. */
  localUrl: string;
  /** What the line checks signatures against, without a trailing slash. */
  publicUrl: string;
  authToken: string;
  lineNumber: string;
  /** DEV_TOKEN when set: sent as X-Dev-Token (the webhook routes do not need it; /dev/* do). */
  devToken?: string;
};

/** The CLIs' settings, or a message naming each bad variable (never its value: the token is a secret). */
export function readCliEnv(env: NodeJS.ProcessEnv): { settings: CliEnv } | { problem: string } {
  const names = ['PORT', 'PUBLIC_URL', 'TWILIO_AUTH_TOKEN', 'LINE_NUMBER', 'DEV_TOKEN'] as const;
  const picked = Object.fromEntries(
    names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])),
  );
  try {
    const config = parseEnv(CliEnvSchema, picked);
    return {
      settings: {
        localUrl: `http://127.0.0.1:${config.PORT}`,
        publicUrl: config.PUBLIC_URL,
        authToken: config.TWILIO_AUTH_TOKEN,
        lineNumber: config.LINE_NUMBER,
        ...(picked.DEV_TOKEN === undefined ? {} : { devToken: config.DEV_TOKEN }),
      },
    };
  } catch (error) {
    if (error instanceof ConfigError) return { problem: error.message };
    throw error;
  }
}
