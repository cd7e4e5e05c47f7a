import type { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  deduplicationIdOf,
  groupOf,
  type IntakeMessage,
  type TextIntake,
} from '../../core/intake/intake-ports.js';
import { SQS_TIMEOUTS, sdkTimeouts } from '../time-budget.js';

/**
 * The intake queue when deployed: an SQS FIFO queue, grouped per number (so a person's texts
 * are replayed in the order they came) and deduplicated by MessageSid (so a webhook Twilio
 * retries is queued once). The SQS client is loaded on first use: a healthy line never
 * needs it, so it adds nothing to the SMS function's cold start.
 */
export function makeSqsIntake(queueUrl: string, client?: Pick<SQSClient, 'send'>): TextIntake {
  let loading: Promise<{ client: Pick<SQSClient, 'send'>; Command: typeof SendMessageCommand }> | undefined;
  const load = () => {
    loading ??= import('./sqs-client.mjs').then(
      (sqs) => ({
        client: client ?? new sqs.SQSClient(sdkTimeouts(SQS_TIMEOUTS)),
        Command: sqs.SendMessageCommand,
      }),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  return {
    async enqueue(message: IntakeMessage) {
      const { client: sqs, Command } = await load();
      await sqs.send(
        new Command({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(message),
          MessageGroupId: groupOf(message),
          MessageDeduplicationId: deduplicationIdOf(message),
        }),
      );
    },
  };
}
