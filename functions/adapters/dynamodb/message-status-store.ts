import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { statusRank } from '../../core/delivery-status.js';
import { DELIVERY_STATUSES, type MessageStatusStore } from '../../core/reminder-ports.js';
import * as v from '../../validation.js';

/** Delivery records are for support and reporting: three months is plenty. */
export const MESSAGE_STATUS_RETENTION_DAYS = 90;

export const messageStatusKey = (sid: string) => ({ pk: `MESSAGE#${sid}`, sk: 'STATUS' });

const StatusItemSchema = v.object({
  status: v.picklist(DELIVERY_STATUSES),
  errorCode: v.optional(v.pipe(v.number(), v.safeInteger())),
});

/**
 * One item per message SID. Each callback is a single conditional update that only lands
 * when its status ranks above the stored one, so a repeated callback or one that overtook
 * another (`sent` after `delivered`) changes nothing, whatever order they arrive in, and
 * concurrent callbacks cannot interleave a read and a write.
 */
export function makeDynamoMessageStatusStore(
  client: DynamoDBDocumentClient,
  tableName: string,
): MessageStatusStore {
  return {
    async record(update) {
      const rank = statusRank(update.status);
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: messageStatusKey(update.sid),
            UpdateExpression:
              'SET #status = :status, #rank = :rank, updatedAt = :at, expiresAt = :expires' +
              (update.errorCode === undefined ? ' REMOVE errorCode' : ', errorCode = :code'),
            ConditionExpression: 'attribute_not_exists(#rank) OR #rank < :rank',
            ExpressionAttributeNames: { '#status': 'status', '#rank': 'rank' },
            ExpressionAttributeValues: {
              ':status': update.status,
              ':rank': rank,
              ':at': update.at.toISOString(),
              ':expires': Math.floor(update.at.getTime() / 1000) + MESSAGE_STATUS_RETENTION_DAYS * 86_400,
              ...(update.errorCode === undefined ? {} : { ':code': update.errorCode }),
            },
          }),
        );
        return 'recorded';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'ignored';
        throw error;
      }
    },

    async get(sid) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: messageStatusKey(sid), ConsistentRead: true }),
      );
      if (Item === undefined) return undefined;
      const parsed = v.safeParse(StatusItemSchema, Item);
      return parsed.success ? parsed.output : undefined;
    },
  };
}
