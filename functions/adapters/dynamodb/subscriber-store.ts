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
import * as v from '../../validation.js';
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

const ConsentEventSchema = v.object({
  at: v.string(),
  action: v.picklist(['opt-in', 'opt-out']),
  keyword: v.string(),
  channel: v.picklist(['sms', 'voice']),
  sid: v.string(),
});

/** The stored item, parsed on every read: a hand-edited or older item fails loudly, not subtly. */
const SubscriberItemSchema = v.object({
  phone: v.string(),
  status: v.picklist(['new', 'subscribed', 'opted-out']),
  region: RegionSchema,
  language: LanguageSchema,
  topic: v.optional(v.string()),
  part: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
  visited: v.array(v.string()),
  consent: v.array(ConsentEventSchema),
  createdAt: v.string(),
  updatedAt: v.string(),
  version: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  recent: v.array(v.object({ sid: v.string(), replies: v.array(v.string()) })),
  timeZone: v.optional(v.string()),
  pendingAppointment: v.optional(
    v.object({ local: v.string(), zone: v.string(), at: v.string(), proposedAt: v.string() }),
  ),
  appointment: v.optional(
    v.object({ id: v.string(), local: v.string(), zone: v.string(), at: v.string(), bookedAt: v.string() }),
  ),
  schedule: v.optional(
    v.object({
      appointmentId: v.optional(v.string()),
      changedBy: v.string(),
      reminders: v.array(
        v.object({
          slot: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
          kind: v.picklist(['before', 'follow-up']),
          daysBefore: v.optional(v.pipe(v.number(), v.safeInteger())),
          sendAt: v.string(),
        }),
      ),
    }),
  ),
  checklistDone: v.optional(v.array(v.string())),
  undeliverable: v.optional(v.object({ code: v.pipe(v.number(), v.safeInteger()), at: v.string() })),
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
      const parsed = v.safeParse(SubscriberItemSchema, Item);
      if (!parsed.success)
        throw new SubscriberRecordError(
          `stored person record is malformed:\n${v.describeIssues(parsed.issues)}`,
        );
      const { version, recent, ...subscriber } = parsed.output;
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
            const parsed = v.safeParse(SubscriberItemSchema, item);
            if (!parsed.success)
              throw new SubscriberRecordError(
                `stored person record is malformed:\n${v.describeIssues(parsed.issues)}`,
              );
            const { version: _version, recent: _recent, ...subscriber } = parsed.output;
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
