import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import { loadDateParsers } from '../adapters/date-parsers.js';
import { makeDynamoReplayMarks } from '../adapters/dynamodb/replay-marks.js';
import type { Logger } from '../adapters/logging.js';
import { makeSqsIntake } from '../adapters/sqs/sqs-intake.js';
import { BACKGROUND_DYNAMODB_TIMEOUTS, sdkTimeouts } from '../adapters/time-budget.js';
import { loadTopicSearch } from '../adapters/topic-search-loader.js';
import { ConfigError } from '../config.js';
import type { Messenger } from '../core/ports.js';
import { buildSmsDeps, buildTwilioMessenger } from '../wiring.js';
import type { IntakeHandlerDeps } from './handler.js';

/** A late answer's send: short enough that a batch of ten, three texts each, fits the 60 s invocation. */
const REPLY_SEND_TIMEOUT_MS = 1_500;
const BACKGROUND_SQS_TIMEOUTS = { connectionTimeout: 1_000, requestTimeout: 3_000, maxAttempts: 3 };

/**
 * What the intake consumer needs: the SMS function's conversation, store and settings (so a
 * replay is the same turn the webhook would have taken), the messenger for the answers, the
 * queue (answers wait behind a person's texts) and the replay marks. Not latency-bound, so
 * its DynamoDB client has the background timeouts.
 */
export function buildIntakeConsumerDeps(env: NodeJS.ProcessEnv, logger: Logger): IntakeHandlerDeps {
  const deps = buildSmsDeps(env, sdkTimeouts(BACKGROUND_DYNAMODB_TIMEOUTS));
  const { config, documentClient, authToken } = deps;
  const queueUrl = config.INTAKE_QUEUE_URL;
  if (queueUrl === undefined) {
    throw new ConfigError(
      'Configuration is not valid:\n  INTAKE_QUEUE_URL: the intake consumer needs its queue',
    );
  }
  // Without a Twilio account the texts are still applied (an opt-out above all); only the
  // late answers cannot go out, and say so in the logs.
  const messenger: Messenger = buildTwilioMessenger(config, authToken, {
    timeoutMs: REPLY_SEND_TIMEOUT_MS,
  }) ?? {
    send: async () => ({ outcome: 'rejected', reason: 'no Twilio account configured' }),
  };
  const sqs = new SQSClient(sdkTimeouts(BACKGROUND_SQS_TIMEOUTS));
  return {
    ...deps,
    loadDates: loadDateParsers,
    loadSearch: loadTopicSearch,
    logger,
    messenger,
    intake: makeSqsIntake(queueUrl, sqs),
    marks: makeDynamoReplayMarks(documentClient, config.TABLE_NAME),
    delay: async (receiptHandle, seconds) => {
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: seconds,
        }),
      );
    },
  };
}
