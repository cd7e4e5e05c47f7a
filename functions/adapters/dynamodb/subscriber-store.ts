import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { LanguageSchema, RegionSchema } from '../../core/content-model.js';
import type { SaveRequest, SaveResult, StoredSubscriber, SubscriberStore } from '../../core/ports.js';
import type { PeopleReader, SubscriberMarks } from '../../core/reminder-ports.js';
import type { Subscriber } from '../../core/subscriber.js';
import * as z from '../../zod.js';
import { scheduleWrites } from './reminder-store.js';
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
  topic: z.optional(z.string()),
  part: z.optional(z.number().check(z.int(), z.minimum(0))),
  visited: z.array(z.string()),
  consent: z.array(ConsentEventSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().check(z.int(), z.minimum(1)),
  recent: z.array(z.object({ sid: z.string(), replies: z.array(z.string()) })),
  timeZone: z.optional(z.string()),
  pendingAppointment: z.optional(
    z.object({ local: z.string(), zone: z.string(), at: z.string(), proposedAt: z.string() }),
  ),
  appointment: z.optional(
    z.object({ id: z.string(), local: z.string(), zone: z.string(), at: z.string(), bookedAt: z.string() }),
  ),
  schedule: z.optional(
    z.object({
      appointmentId: z.optional(z.string()),
      changedBy: z.string(),
      reminders: z.array(
        z.object({
          slot: z.number().check(z.int(), z.minimum(0)),
          kind: z.enum(['before', 'follow-up']),
          daysBefore: z.optional(z.number().check(z.int())),
          sendAt: z.string(),
        }),
      ),
    }),
  ),
  checklistDone: z.optional(z.array(z.string())),
  undeliverable: z.optional(z.object({ code: z.number().check(z.int()), at: z.string() })),
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
      const put = {
        TableName: tableName,
        Item: item,
        ...(write.expectedVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'version = :expected',
              ExpressionAttributeValues: { ':expected': write.expectedVersion },
            }),
      };
      // A text that books, rebooks or cancels (or STOP) rewrites the reminder rows in the
      // same request as the person, all or nothing: still one write per inbound text.
      const reminderRows = scheduleWrites(subscriber, write.processed.sid, tableName);
      try {
        if (reminderRows.length === 0) await client.send(new PutCommand(put));
        else await client.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, ...reminderRows] }));
        return 'saved' satisfies SaveResult;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'conflict' satisfies SaveResult;
        if (
          error instanceof TransactionCanceledException &&
          error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
        ) {
          return 'conflict' satisfies SaveResult;
        }
        throw error;
      }
    },
  };
}

/** BatchGetItem takes up to 100 keys; unprocessed ones are asked for again, a few times. */
const BATCH_GET_LIMIT = 100;
const BATCH_GET_ROUNDS = 5;

/** Batch reads of person records for the reminder sweep (see PeopleReader). */
export function makeDynamoPeopleReader(client: DynamoDBDocumentClient, tableName: string): PeopleReader {
  return {
    async getMany(phones) {
      const people = new Map<string, Subscriber>();
      const unique = [...new Set(phones)];
      for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
        let keys: Record<string, unknown>[] = unique.slice(start, start + BATCH_GET_LIMIT).map(subscriberKey);
        for (let round = 0; keys.length > 0 && round < BATCH_GET_ROUNDS; round++) {
          const output = await client.send(
            new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }),
          );
          for (const item of output.Responses?.[tableName] ?? []) {
            const parsed = SubscriberItemSchema.safeParse(item);
            if (!parsed.success)
              throw new SubscriberRecordError(`stored person record is malformed: ${parsed.error.message}`);
            const { version: _version, recent: _recent, ...subscriber } = parsed.data;
            people.set(subscriber.phone, subscriber);
          }
          keys = output.UnprocessedKeys?.[tableName]?.Keys ?? [];
        }
        if (keys.length > 0) throw new Error(`DynamoDB left ${keys.length} person reads unprocessed`);
      }
      return people;
    },
  };
}

/**
 * The sweeper's marks on a person record after Twilio refuses a number. Updates in place
 * (no read) and bumps `version`, so a text answered at the same moment loses its
 * conditional Put, re-reads and keeps the mark. Never creates a record.
 */
export function makeDynamoSubscriberMarks(
  client: DynamoDBDocumentClient,
  tableName: string,
): SubscriberMarks {
  const mark = async (phone: string, set: string, values: Record<string, unknown>) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: subscriberKey(phone),
          UpdateExpression: `SET ${set}, updatedAt = :at ADD version :one`,
          ConditionExpression: 'attribute_exists(pk)',
          ...(set.includes('#status') ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
          ExpressionAttributeValues: { ...values, ':one': 1 },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };
  return {
    markOptedOut: (phone, event) =>
      mark(phone, '#status = :out, consent = list_append(consent, :event)', {
        ':out': 'opted-out',
        ':event': [event],
        ':at': event.at,
      }),
    markUndeliverable: (phone, code, at) =>
      mark(phone, 'undeliverable = :mark', {
        ':mark': { code, at: at.toISOString() },
        ':at': at.toISOString(),
      }),
  };
}
