import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { NotYetError } from '../core/intake/intake-ports.js';
import { consumeIntakeMessage, MalformedIntakeMessageError, parseIntakeMessage } from './consume.js';
import type { ReplayDeps } from './replay.js';

/**
 * Tries before the queue moves a message to its DLQ. With the backoff below (30 s doubling
 * to 30 min) that is about a day of a failing store: a long regional outage, not a blip.
 */
export const INTAKE_MAX_RECEIVES = 60;
const BACKOFF_BASE_SECONDS = 30;
const BACKOFF_CAP_SECONDS = 30 * 60;

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
        const receives = Number(record.attributes.ApproximateReceiveCount) || 1;
        deps.logger.error('intake message failed; the queue will offer it again', {
          messageId: record.messageId,
          receiveCount: receives,
          errorName: error instanceof Error ? error.name : typeof error,
        });
        // A message that can never be read goes to the DLQ at once; one that met a failing
        // store waits longer each time, so a long outage does not use its tries up in an hour.
        const wait =
          error instanceof MalformedIntakeMessageError
            ? 0
            : Math.min(BACKOFF_BASE_SECONDS * 2 ** (receives - 1), BACKOFF_CAP_SECONDS);
        await deps.delay(record.receiptHandle, wait).catch(() => undefined);
      }
    }
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
