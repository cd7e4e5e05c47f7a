import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { bundledContent } from './adapters/content/bundled-content.js';
import { createDocumentClient } from './adapters/dynamodb/client.js';
import { makeDynamoSubscriberStore } from './adapters/dynamodb/subscriber-store.js';
import { HandlerEnvSchema, parseEnv } from './config.js';
import type { Clock } from './core/ports.js';

export const systemClock: Clock = { now: () => new Date() };

/** Everything a webhook handler needs, built from the environment once per cold start. */
export function buildHandlerDeps(env: NodeJS.ProcessEnv, clientConfig: DynamoDBClientConfig = {}) {
  const config = parseEnv(HandlerEnvSchema, env);
  const client = createDocumentClient({
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
    ...clientConfig,
  });
  const authToken = config.TWILIO_AUTH_TOKEN;
  return {
    config,
    subscribers: makeDynamoSubscriberStore(client, config.TABLE_NAME),
    content: bundledContent(),
    clock: systemClock,
    settings: { supportContact: config.SUPPORT_CONTACT, defaultRegion: config.DEFAULT_REGION },
    publicUrl: config.PUBLIC_URL,
    authToken: async () => authToken,
  };
}
