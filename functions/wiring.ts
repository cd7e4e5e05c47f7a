import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { bundledContent } from './adapters/content/bundled-content.js';
import { makeDynamoCallerRecords } from './adapters/dynamodb/caller-records.js';
import { createDocumentClient } from './adapters/dynamodb/client.js';
import { makeDynamoReminderStore } from './adapters/dynamodb/reminder-store.js';
import {
  makeDynamoPeopleReader,
  makeDynamoSubscriberMarks,
  makeDynamoSubscriberStore,
} from './adapters/dynamodb/subscriber-store.js';
import type { Logger } from './adapters/logging.js';
import { secretsManagerAuthToken } from './adapters/secrets/auth-token.js';
import { makeSqsIntake } from './adapters/sqs/sqs-intake.js';
import { BACKGROUND_DYNAMODB_TIMEOUTS, sdkTimeouts } from './adapters/time-budget.js';
import { makeTwilioMessenger, type TwilioMessengerOptions } from './adapters/twilio/messenger.js';
import { authTokenSource, ConfigError, type HandlerConfig, HandlerEnvSchema, parseEnv } from './config.js';
import type { Clock, Messenger } from './core/ports.js';
import { isDeployedBundle, TWILIO_AUTH_TOKEN_PATTERN } from './deployment.js';
import { conversationSettingsOf, sweepSettingsOf } from './reminders/settings.js';
import { voiceSettings } from './voice/voice-settings.js';

export const systemClock: Clock = { now: () => new Date() };

/**
 * What every webhook needs: configuration, the table, the auth token and the clock. The
 * status callback needs no more, so its function bundles no content (cold start).
 */
export function buildWebhookDeps(env: NodeJS.ProcessEnv, clientConfig: DynamoDBClientConfig = {}) {
  const config = parseEnv(HandlerEnvSchema, env);
  const { dynamodbEndpoint } = outboundEndpoints(config);
  const documentClient = createDocumentClient({
    ...(dynamodbEndpoint ? { endpoint: dynamodbEndpoint } : {}),
    ...clientConfig,
  });
  return {
    config,
    documentClient,
    clock: systemClock,
    publicUrl: config.PUBLIC_URL,
    authToken: buildAuthToken(config),
  };
}

/**
 * What the SMS Lambda needs: the webhook basics, the people, the content and the conversation
 * settings. Nothing for sending: a reply is TwiML, so a Twilio sending setting that is wrong
 * can never stop inbound texts (a STOP above all) from being answered.
 */
export function buildSmsDeps(env: NodeJS.ProcessEnv, clientConfig: DynamoDBClientConfig = {}) {
  const basics = buildWebhookDeps(env, clientConfig);
  const { config, documentClient } = basics;
  return {
    ...basics,
    subscribers: makeDynamoSubscriberStore(documentClient, config.TABLE_NAME, config.DEFAULT_REGION),
    content: bundledContent(),
    /** Texts the store cannot take go here (the local runtime supplies its own queue). */
    intake: config.INTAKE_QUEUE_URL ? makeSqsIntake(config.INTAKE_QUEUE_URL) : undefined,
    settings: {
      supportContact: config.SUPPORT_CONTACT,
      defaultRegion: config.DEFAULT_REGION,
      ...conversationSettingsOf(config),
    },
  };
}

/** Everything any handler needs (the local runtime and the benches serve them all from one). */
export function buildHandlerDeps(env: NodeJS.ProcessEnv, clientConfig: DynamoDBClientConfig = {}) {
  const deps = buildSmsDeps(env, clientConfig);
  const { config, documentClient, authToken } = deps;
  return {
    ...deps,
    callers: makeDynamoCallerRecords(documentClient, config.TABLE_NAME),
    voice: voiceSettings(config),
    messenger: buildTwilioMessenger(config, authToken),
  };
}

/**
 * What the voice Lambda needs, and no more: the webhook basics, the caller records, the
 * content, the default region and the voice settings. No SMS subscriber store or reminder
 * settings are built on its cold start. Its messenger gives up a request after the voice
 * text timeout, the caller's wait, so a text is never still on its way to Twilio after the
 * caller has heard it could not be sent; undefined without a Twilio account.
 */
export function buildVoiceDeps(env: NodeJS.ProcessEnv, clientConfig: DynamoDBClientConfig = {}) {
  const basics = buildWebhookDeps(env, clientConfig);
  const { config, documentClient, authToken } = basics;
  const voice = voiceSettings(config);
  return {
    ...basics,
    callers: makeDynamoCallerRecords(documentClient, config.TABLE_NAME),
    content: bundledContent(),
    settings: { defaultRegion: config.DEFAULT_REGION },
    voice,
    messenger: buildTwilioMessenger(config, authToken, { timeoutMs: voice.textTimeoutMs }),
  };
}

/**
 * The Twilio messenger for a configured account, or undefined when none is configured
 * (the local runtime then supplies its outbox). A sender is required with an account.
 */
export function buildTwilioMessenger(
  config: HandlerConfig,
  authToken: () => Promise<string>,
  options: Pick<TwilioMessengerOptions, 'timeoutMs' | 'validityPeriodSeconds'> = {},
): Messenger | undefined {
  if (config.TWILIO_ACCOUNT_SID === undefined) return undefined;
  const sender = config.TWILIO_MESSAGING_SERVICE_SID
    ? { messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID }
    : config.TWILIO_FROM
      ? { from: config.TWILIO_FROM }
      : undefined;
  if (sender === undefined) {
    throw new ConfigError(
      'Configuration is not valid:\n  TWILIO_FROM: set it (or TWILIO_MESSAGING_SERVICE_SID) with TWILIO_ACCOUNT_SID',
    );
  }
  return makeTwilioMessenger({
    accountSid: config.TWILIO_ACCOUNT_SID,
    authToken,
    sender,
    baseUrl: outboundEndpoints(config).twilioApiBaseUrl,
    ...options,
  });
}

/**
 * Where the handlers' requests go. The local overrides (DYNAMODB_ENDPOINT, TWILIO_API_BASE_URL)
 * are honoured only outside a deployed bundle: in Lambda, DynamoDB is the region's and Twilio
 * is api.twilio.com whatever the environment says (functions/deployment.ts).
 */
export function outboundEndpoints(config: HandlerConfig): {
  dynamodbEndpoint: string | undefined;
  twilioApiBaseUrl: string | undefined;
} {
  if (isDeployedBundle()) return { dynamodbEndpoint: undefined, twilioApiBaseUrl: undefined };
  return { dynamodbEndpoint: config.DYNAMODB_ENDPOINT, twilioApiBaseUrl: config.TWILIO_API_BASE_URL };
}

/**
 * Everything the reminders Lambda needs. Reminders are sent with the reminder timeout and
 * a ValidityPeriod (see sweep.ts); `messenger` replaces Twilio (the local outbox).
 */
export function buildReminderDeps(
  env: NodeJS.ProcessEnv,
  logger: Logger,
  clientConfig: DynamoDBClientConfig = {},
  messenger?: Messenger,
) {
  const { config, documentClient, authToken, clock } = buildWebhookDeps(env, {
    ...sdkTimeouts(BACKGROUND_DYNAMODB_TIMEOUTS),
    ...clientConfig,
  });
  const sender =
    messenger ??
    buildTwilioMessenger(config, authToken, {
      timeoutMs: config.REMINDER_SEND_TIMEOUT_MS,
      validityPeriodSeconds: config.REMINDER_VALIDITY_SECONDS,
    });
  if (sender === undefined) {
    throw new ConfigError(
      'Configuration is not valid:\n  TWILIO_ACCOUNT_SID: reminders need a Twilio account to send',
    );
  }
  return {
    reminders: makeDynamoReminderStore(documentClient, config.TABLE_NAME),
    people: makeDynamoPeopleReader(documentClient, config.TABLE_NAME, config.DEFAULT_REGION),
    marks: makeDynamoSubscriberMarks(documentClient, config.TABLE_NAME),
    messenger: sender,
    content: bundledContent(),
    clock,
    logger,
    settings: sweepSettingsOf(config),
  };
}

/**
 * The auth token as a lazy, cached read: from the environment for local runs, from Secrets
 * Manager (once per cold start) when deployed. Resolved on first use, so building the
 * dependencies never waits on the network.
 */
export function buildAuthToken(config: HandlerConfig): () => Promise<string> {
  const source = authTokenSource(config);
  if (source.kind === 'secret') return secretsManagerAuthToken(source.secretArn);
  const { token } = source;
  if (isDeployedBundle() && !TWILIO_AUTH_TOKEN_PATTERN.test(token)) {
    // The local dev token (or any other made-up value) must never sign a deployed line's webhooks.
    throw new ConfigError(
      'Configuration is not valid:\n  TWILIO_AUTH_TOKEN: a deployed function takes only a Twilio auth token (32 hex characters), never the local dev token',
    );
  }
  return async () => token;
}
