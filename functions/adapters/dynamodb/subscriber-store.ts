import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { LanguageSchema, RegionSchema } from '../../core/content-model.js';
import type { SaveRequest, SaveResult, StoredSubscriber, SubscriberStore } from '../../core/ports.js';
import type { Subscriber } from '../../core/subscriber.js';
import { subscriberKey } from './table.js';

/**
 * People who have not been in touch for this long are deleted by TTL. 18 months covers a
 * course of treatment and follow-up; after that keeping a number says too much for too little.
 */
export const SUBSCRIBER_RETENTION_DAYS = 548;
/** Enough to recognise Twilio's retries (seconds to minutes apart) without growing the item. */
export const RECENT_REQUESTS_KEPT = 10;
/** Consent history is for compliance; the cap only guards the 400 KB item limit. */
export const CONSENT_EVENTS_KEPT = 200;

const ConsentEventSchema = z.object({
  at: z.string(),
  action: z.enum(['opt-in', 'opt-out']),
  keyword: z.string(),
  channel: z.enum(['sms', 'voice']),
  sid: z.string(),
});

/** The stored item, parsed on every read: a hand-edited or older item fails loudly, not subtly. */
const SubscriberItemSchema = z.object({
  phone: z.string(),
  status: z.enum(['new', 'subscribed', 'opted-out']),
  region: RegionSchema,
  language: LanguageSchema,
  topic: z.string().optional(),
  part: z.number().int().min(0).optional(),
  visited: z.array(z.string()),
  consent: z.array(ConsentEventSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().min(1),
  recent: z.array(z.object({ sid: z.string(), replies: z.array(z.string()) })),
});

export class SubscriberRecordError extends Error {}

export function makeDynamoSubscriberStore(
  client: DynamoDBDocumentClient,
  tableName: string,
): SubscriberStore {
  return {
    async get(phone) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: subscriberKey(phone), ConsistentRead: true }),
      );
      if (Item === undefined) return undefined;
      const parsed = SubscriberItemSchema.safeParse(Item);
      if (!parsed.success)
        throw new SubscriberRecordError(`stored person record is malformed: ${parsed.error.message}`);
      const { version, recent, ...subscriber } = parsed.data;
      return { subscriber, version, recent } satisfies StoredSubscriber;
    },

    async save(subscriber: Subscriber, write: SaveRequest) {
      const item = {
        ...subscriberKey(subscriber.phone),
        ...subscriber,
        consent: subscriber.consent.slice(-CONSENT_EVENTS_KEPT),
        version: (write.expectedVersion ?? 0) + 1,
        recent: [...write.previousRecent, write.processed].slice(-RECENT_REQUESTS_KEPT),
        expiresAt: Math.floor(Date.parse(subscriber.updatedAt) / 1000) + SUBSCRIBER_RETENTION_DAYS * 86_400,
      };
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: item,
            ...(write.expectedVersion === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: 'version = :expected',
                  ExpressionAttributeValues: { ':expected': write.expectedVersion },
                }),
          }),
        );
        return 'saved' satisfies SaveResult;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'conflict' satisfies SaveResult;
        throw error;
      }
    },
  };
}
