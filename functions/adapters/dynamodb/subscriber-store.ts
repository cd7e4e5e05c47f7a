import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { LanguageSchema, type Region, RegionSchema } from '../../core/content-model.js';
import type { SaveRequest, SaveResult, StoredSubscriber, SubscriberStore } from '../../core/ports.js';
import { inferRegion } from '../../core/region.js';
import type { PeopleReader, SubscriberMarks } from '../../core/reminder-ports.js';
import { OPTED_OUT_FIELDS, type Subscriber } from '../../core/subscriber.js';
import * as v from '../../validation.js';
import { erasePerson } from './person-data.js';
import { scheduleWrites } from './reminder-store.js';
import { processedTextKey, subscriberKey } from './table.js';

/**
 * People who have not been in touch for this long are deleted by TTL. 18 months covers a
 * course of treatment and follow-up; after that keeping a number says too much for too little.
 */
export const SUBSCRIBER_RETENTION_DAYS = 548;
/**
 * An answered text is remembered (with its replies, for Twilio's retries) this long, in an
 * item of its own that TTL deletes: a replay within it, however many texts came since,
 * changes nothing. TTL deletes expired items within a few days; until then they still count.
 */
export const PROCESSED_TEXT_RETENTION_HOURS = 48;
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
  // An opted-out record keeps only phone, status, consent and updatedAt (OPTED_OUT_FIELDS):
  // the rest is read back as a fresh record's.
  region: v.optional(RegionSchema),
  language: v.optional(LanguageSchema),
  topic: v.optional(v.string()),
  part: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
  visited: v.optional(v.array(v.string())),
  consent: v.array(ConsentEventSchema),
  createdAt: v.optional(v.string()),
  updatedAt: v.string(),
  version: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  pendingErasure: v.optional(v.string()),
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

const ProcessedItemSchema = v.object({ replies: v.array(v.string()) });

/** A stored person record as the core's Subscriber (fields an opted-out record dropped filled in). */
function toStored(item: Record<string, unknown>, defaultRegion: Region): StoredSubscriber {
  const parsed = v.safeParse(SubscriberItemSchema, item);
  if (!parsed.success)
    throw new SubscriberRecordError(`stored person record is malformed:\n${v.describeIssues(parsed.issues)}`);
  const { version, ...stored } = parsed.output;
  const subscriber: Subscriber = {
    ...stored,
    region: stored.region ?? inferRegion(stored.phone, defaultRegion),
    language: stored.language ?? 'en',
    visited: stored.visited ?? [],
    createdAt: stored.createdAt ?? stored.updatedAt,
  };
  return { subscriber, version };
}

/**
 * The item for a person. After STOP it holds only what compliance needs (OPTED_OUT_FIELDS):
 * the Put replaces the whole item, so topics, region, zone, language, appointment and
 * checklist go in the same write as the opt-out.
 */
function itemFor(subscriber: Subscriber, version: number) {
  // A DELETE MY DATA awaiting its confirmation stays too (for 15 minutes, then it is moot).
  const kept =
    subscriber.status === 'opted-out'
      ? Object.fromEntries(
          [...OPTED_OUT_FIELDS, 'pendingErasure' as const].map((field) => [field, subscriber[field]]),
        )
      : subscriber;
  return {
    ...subscriberKey(subscriber.phone),
    ...kept,
    consent: subscriber.consent.slice(-CONSENT_EVENTS_KEPT),
    version,
    expiresAt: Math.floor(Date.parse(subscriber.updatedAt) / 1000) + SUBSCRIBER_RETENTION_DAYS * 86_400,
  };
}

const BATCH_READ_ROUNDS = 5;

export function makeDynamoSubscriberStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  defaultRegion: Region = 'us',
): SubscriberStore {
  return {
    async get(phone) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: subscriberKey(phone), ConsistentRead: true }),
      );
      return Item === undefined ? undefined : toStored(Item, defaultRegion);
    },

    async read(phone, messageSid) {
      const profileKey = subscriberKey(phone);
      const processedKey = processedTextKey(phone, messageSid);
      let keys: Record<string, unknown>[] = [profileKey, processedKey];
      const found: Record<string, unknown>[] = [];
      for (let round = 0; keys.length > 0; round++) {
        if (round === BATCH_READ_ROUNDS) throw new Error('DynamoDB left the person read unprocessed');
        const output = await client.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        found.push(...(output.Responses?.[tableName] ?? []));
        keys = output.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
      const profile = found.find((item) => item.sk === profileKey.sk);
      const processed = found.find((item) => item.sk === processedKey.sk);
      const parsedProcessed =
        processed === undefined ? undefined : v.safeParse(ProcessedItemSchema, processed);
      return {
        stored: profile === undefined ? undefined : toStored(profile, defaultRegion),
        answered:
          parsedProcessed === undefined
            ? undefined
            : { sid: messageSid, replies: parsedProcessed.success ? parsedProcessed.output.replies : [] },
      };
    },

    async erase(phone, options) {
      const plan = await erasePerson(client, tableName, phone, options.at);
      return { deleted: plan.deleted.length, keptSuppression: plan.suppression !== undefined };
    },

    async save(subscriber: Subscriber, write: SaveRequest) {
      const item = itemFor(subscriber, (write.expectedVersion ?? 0) + 1);
      const processed = {
        ...processedTextKey(subscriber.phone, write.processed.sid),
        replies: write.processed.replies,
        at: write.at.toISOString(),
        expiresAt: Math.floor(write.at.getTime() / 1000) + PROCESSED_TEXT_RETENTION_HOURS * 3_600,
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
      // One request, all or nothing: the person, the answered text (so a replay finds it)
      // and, for a text that books, rebooks or cancels (or STOP), every reminder row.
      const reminderRows = scheduleWrites(subscriber, write.processed.sid, tableName);
      const answered = {
        Put: { TableName: tableName, Item: processed, ConditionExpression: 'attribute_not_exists(pk)' },
      };
      try {
        await client.send(
          new TransactWriteCommand({ TransactItems: [{ Put: put }, answered, ...reminderRows] }),
        );
        return 'saved' satisfies SaveResult;
      } catch (error) {
        // Someone wrote the person, or answered this very text, since the read: read again.
        if (
          error instanceof TransactionCanceledException &&
          (error.CancellationReasons ?? []).some(
            (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
          )
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
export function makeDynamoPeopleReader(
  client: DynamoDBDocumentClient,
  tableName: string,
  defaultRegion: Region = 'us',
): PeopleReader {
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
            const { subscriber } = toStored(item, defaultRegion);
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

/** Every attribute a person record may have beyond what an opt-out keeps (OPTED_OUT_FIELDS). */
const DROPPED_AT_OPT_OUT = [
  'region',
  'language',
  'topic',
  'part',
  'visited',
  'createdAt',
  'timeZone',
  'pendingAppointment',
  'appointment',
  'schedule',
  'checklistDone',
  'undeliverable',
  'pendingErasure',
  'recent',
] as const;

/**
 * The sweeper's marks on a person record after Twilio refuses a number. Updates in place
 * (no read) and bumps `version`, so a text answered at the same moment loses its
 * conditional Put, re-reads and keeps the mark. Never creates a record.
 */
export function makeDynamoSubscriberMarks(
  client: DynamoDBDocumentClient,
  tableName: string,
): SubscriberMarks {
  const mark = async (
    phone: string,
    set: string,
    values: Record<string, unknown>,
    remove: readonly string[] = [],
  ) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: subscriberKey(phone),
          // Names for the removed attributes: several (language, region, part) are reserved words.
          UpdateExpression: `SET ${set}, updatedAt = :at${remove.length > 0 ? ` REMOVE ${remove.map((name) => `#${name}`).join(', ')}` : ''} ADD version :one`,
          ConditionExpression: 'attribute_exists(pk)',
          ...(set.includes('#status') || remove.length > 0
            ? {
                ExpressionAttributeNames: {
                  ...(set.includes('#status') ? { '#status': 'status' } : {}),
                  ...Object.fromEntries(remove.map((name) => [`#${name}`, name])),
                },
              }
            : {}),
          ExpressionAttributeValues: { ...values, ':one': 1 },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };
  return {
    // An opt-out at Twilio (21610) is a STOP: the record keeps only what compliance needs.
    markOptedOut: (phone, event) =>
      mark(
        phone,
        '#status = :out, consent = list_append(consent, :event)',
        { ':out': 'opted-out', ':event': [event], ':at': event.at },
        DROPPED_AT_OPT_OUT,
      ),
    markUndeliverable: (phone, code, at) =>
      mark(phone, 'undeliverable = :mark', {
        ':mark': { code, at: at.toISOString() },
        ':at': at.toISOString(),
      }),
  };
}
