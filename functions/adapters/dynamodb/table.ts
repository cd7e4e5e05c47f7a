import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * One table for the whole line (single-table design): every item has a string `pk` and
 * `sk`; `expiresAt` (epoch seconds) is the TTL attribute. The CDK stack and the local
 * runtime both build the table from these names so they cannot drift apart.
 *
 * | item            | pk              | sk        |
 * |-----------------|-----------------|-----------|
 * | person          | PHONE#<E.164>   | PROFILE   |
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk', ttlAttribute: 'expiresAt' } as const;

export const subscriberKey = (phone: string) => ({ pk: `PHONE#${phone}`, sk: 'PROFILE' });

/** Table definition for DynamoDB Local and tests (the deployed table is defined in CDK). */
export function localTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' },
      { AttributeName: TABLE_KEYS.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ],
  };
}
