import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * One table for the whole line (single-table design): every item has a string `pk` and
 * `sk`; `expiresAt` (epoch seconds) is the TTL attribute. The CDK stack and the local
 * runtime both build the table from these names so they cannot drift apart.
 *
 * | item            | pk              | sk                 | gsi1pk / gsi1sk (sparse)          |
 * |-----------------|-----------------|--------------------|-----------------------------------|
 * | person          | PHONE#<E.164>   | PROFILE            |                                   |
 * | text answered   | PHONE#<E.164>   | SMS#<MessageSid>   |                                   |
 * | text-me-this    | PHONE#<E.164>   | TEXT-ME-THIS#<day> |                                   |
 * | reminder        | PHONE#<E.164>   | REMINDER#<slot 00> | DUE#<UTC day>#<shard> / <ISO>     |
 * | message status  | MESSAGE#<sid>   | STATUS             |                                   |
 *
 * Everything about a number lives in its partition, so one Query finds all of it (export,
 * erasure). A message status row holds a SID and a status, nothing that names a person.
 *
 * A reminder carries the index keys only while a sweep has something to do with it:
 * `pending` (indexed at its send time) and `sending` (indexed at its claim's lease expiry);
 * sent, skipped and failed reminders drop out of the index. See reminder-store.ts for why
 * the index is bucketed by day and sharded.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk', ttlAttribute: 'expiresAt' } as const;

/** The sparse due-reminders index (the CDK stack defines the same one). */
export const DUE_INDEX = { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' } as const;

export const subscriberKey = (phone: string) => ({ pk: `PHONE#${phone}`, sk: 'PROFILE' });
/** The partition of everything the line holds for one number (what erasure deletes). */
export const personPartition = (phone: string) => `PHONE#${phone}`;
/** One inbound text already answered (replay protection), kept 48 hours. */
export const processedTextKey = (phone: string, messageSid: string) => ({
  pk: `PHONE#${phone}`,
  sk: `SMS#${messageSid}`,
});
/** A day's text-me-this consents for a number (voice line), kept a short while. */
export const textMeThisKey = (phone: string, day: string) => ({
  pk: `PHONE#${phone}`,
  sk: `TEXT-ME-THIS#${day}`,
});

/** Table definition for DynamoDB Local and tests (the deployed table is defined in CDK). */
export function localTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' },
      { AttributeName: TABLE_KEYS.sortKey, AttributeType: 'S' },
      { AttributeName: DUE_INDEX.partitionKey, AttributeType: 'S' },
      { AttributeName: DUE_INDEX.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: DUE_INDEX.indexName,
        KeySchema: [
          { AttributeName: DUE_INDEX.partitionKey, KeyType: 'HASH' },
          { AttributeName: DUE_INDEX.sortKey, KeyType: 'RANGE' },
        ],
        // The sweep needs every attribute of a due reminder; they are small (~300 bytes).
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
