import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { OPTED_OUT_FIELDS } from '../../core/subscriber.js';
import { personPartition, subscriberKey } from './table.js';

/**
 * Everything the line holds for one number lives in its partition (table.ts): the person,
 * the texts answered in the last 48 hours, text-me-this consents and reminder rows. Export
 * and erasure read it with one paginated Query; erasure deletes it in batches of 25.
 */

/** Consent events an opted-out record keeps: enough to show when and how, never unbounded. */
export const SUPPRESSION_CONSENT_EVENTS_KEPT = 20;
/** A suppression entry is kept as long as a person record: 18 months after the last contact. */
const SUPPRESSION_RETENTION_DAYS = 548;

export type PersonItem = Record<string, unknown> & { pk: string; sk: string };

/** Every item in the number's partition, oldest sort key first. */
export async function personItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  phone: string,
): Promise<PersonItem[]> {
  const items: PersonItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': personPartition(phone) },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((page.Items ?? []) as PersonItem[]));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

export type ErasurePlan = {
  /** Keys of the rows that go (or would go, in a dry run). */
  deleted: { pk: string; sk: string }[];
  /** The bare opted-out record left behind, when the number had opted out. */
  suppression: Record<string, unknown> | undefined;
};

/**
 * What erasing the number removes and keeps. Opted out: the person row is replaced by the
 * suppression entry (number, status, capped consent events, when), so the line can never
 * text it again; every other row goes. Otherwise every row goes.
 */
export function planErasure(items: PersonItem[], phone: string, at: Date): ErasurePlan {
  const profile = items.find((item) => item.sk === subscriberKey(phone).sk);
  const optedOut = profile?.status === 'opted-out';
  const deleted = items
    .filter((item) => !(optedOut && item === profile))
    .map((item) => ({ pk: item.pk, sk: item.sk }));
  if (!optedOut || profile === undefined) return { deleted, suppression: undefined };
  const consent = Array.isArray(profile.consent)
    ? profile.consent.slice(-SUPPRESSION_CONSENT_EVENTS_KEPT)
    : [];
  const kept: Record<string, unknown> = {
    ...subscriberKey(phone),
    ...Object.fromEntries(OPTED_OUT_FIELDS.map((field) => [field, profile[field]])),
    consent,
    updatedAt: at.toISOString(),
    version: (typeof profile.version === 'number' ? profile.version : 0) + 1,
    expiresAt: Math.floor(at.getTime() / 1000) + SUPPRESSION_RETENTION_DAYS * 86_400,
  };
  return { deleted, suppression: kept };
}

const BATCH_WRITE_LIMIT = 25;
const BATCH_WRITE_ROUNDS = 8;

/**
 * Carries out a plan: the suppression entry first (so the number is never without its
 * opt-out, even for a moment), then the deletes in batches, retrying unprocessed ones.
 */
export async function applyErasure(
  client: DynamoDBDocumentClient,
  tableName: string,
  plan: ErasurePlan,
): Promise<void> {
  if (plan.suppression !== undefined) {
    await client.send(new PutCommand({ TableName: tableName, Item: plan.suppression }));
  }
  for (let start = 0; start < plan.deleted.length; start += BATCH_WRITE_LIMIT) {
    let requests: NonNullable<
      NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string]
    > = plan.deleted.slice(start, start + BATCH_WRITE_LIMIT).map((key) => ({ DeleteRequest: { Key: key } }));
    for (let round = 0; requests.length > 0; round++) {
      if (round === BATCH_WRITE_ROUNDS)
        throw new Error(`DynamoDB left ${requests.length} deletes unprocessed`);
      const output = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = output.UnprocessedItems?.[tableName] ?? [];
    }
  }
}

/** Erases the number now: every row, or all but the suppression entry for an opted-out number. */
export async function erasePerson(
  client: DynamoDBDocumentClient,
  tableName: string,
  phone: string,
  at: Date,
): Promise<ErasurePlan> {
  const plan = planErasure(await personItems(client, tableName, phone), phone, at);
  await applyErasure(client, tableName, plan);
  return plan;
}
