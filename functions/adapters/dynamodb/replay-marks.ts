import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ReplayMarks } from '../../intake/replay.js';
import { personPartition } from './table.js';

/** A sent replay reply is remembered this long: longer than any queue keeps a message. */
const REPLAY_MARK_RETENTION_DAYS = 15;

/**
 * One row per reply a replay sends (`REPLAY#<MessageSid>#<n>`, in the person's partition so
 * an erasure takes it too), written before the send: a message the queue delivers twice
 * finds the row and is not texted twice.
 */
export function makeDynamoReplayMarks(client: DynamoDBDocumentClient, tableName: string): ReplayMarks {
  const key = (phone: string, mark: string) => ({ pk: personPartition(phone), sk: `REPLAY#${mark}` });
  return {
    async claim(phone, mark, at) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...key(phone, mark),
              at: at.toISOString(),
              expiresAt: Math.floor(at.getTime() / 1000) + REPLAY_MARK_RETENTION_DAYS * 86_400,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async release(phone, mark) {
      await client.send(new DeleteCommand({ TableName: tableName, Key: key(phone, mark) }));
    },
  };
}
