import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { NotYetError } from '../core/intake/intake-ports.js';
import { consumeIntakeMessage, parseIntakeMessage } from './consume.js';
import type { ReplayDeps } from './replay.js';

/** SQS's longest visibility timeout: a message waiting longer is offered again and waits on. */
export const MAX_VISIBILITY_SECONDS = 12 * 60 * 60;

/** Hides a message for a while (SQS ChangeMessageVisibility): a reply waiting for the morning. */
export type VisibilityDelay = (receiptHandle: string, seconds: number) => Promise<void>;

export type IntakeHandlerDeps = ReplayDeps & { delay: VisibilityDelay };

/**
 * The intake consumer: SQS FIFO batches of queued texts and replies. Each is applied in order
 * per group; after a failure the rest of its group in the batch is handed back untouched
 * (so a person's texts are never applied out of order), other groups go on. Failures go back
 * to the queue, which offers them again and, after maxReceiveCount, moves them to the DLQ
 * (alarmed): a text is never dropped silently.
 */
export function makeIntakeHandler(deps: IntakeHandlerDeps) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failed: string[] = [];
    const blocked = new Set<string>();
    for (const record of event.Records) {
      const group = record.attributes.MessageGroupId ?? record.messageId;
      if (blocked.has(group)) {
        failed.push(record.messageId);
        continue;
      }
      try {
        const outcome = await consumeIntakeMessage(deps, parseIntakeMessage(record.body));
        deps.logger.info('intake message done', { messageId: record.messageId, outcome });
      } catch (error) {
        failed.push(record.messageId);
        blocked.add(group);
        if (error instanceof NotYetError) {
          const seconds = Math.ceil((error.until.getTime() - deps.clock.now().getTime()) / 1000);
          await deps.delay(record.receiptHandle, Math.min(Math.max(seconds, 1), MAX_VISIBILITY_SECONDS));
          continue;
        }
        deps.logger.error('intake message failed; the queue will offer it again', {
          messageId: record.messageId,
          receiveCount: record.attributes.ApproximateReceiveCount,
          errorName: error instanceof Error ? error.name : typeof error,
        });
      }
    }
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
