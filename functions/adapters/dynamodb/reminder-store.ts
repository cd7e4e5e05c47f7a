import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MAX_REMINDER_SLOTS } from '../../core/reminder-plan.js';
import type { ReminderRecord, ReminderStore, SettleOutcome } from '../../core/reminder-ports.js';
import type { Subscriber } from '../../core/subscriber.js';
import * as v from '../../validation.js';
import { DUE_INDEX } from './table.js';

/**
 * Reminder rows and the sparse index that finds the due ones.
 *
 * Rows live in the person's partition (pk PHONE#<E.164>, sk REMINDER#<slot>), one per slot
 * of the plan, so booking, rebooking, cancelling and STOP rewrite or delete every row by key
 * inside the same transaction as the person record (see {@link scheduleWrites}): no read, no
 * orphan, and still the two requests per inbound text the SMS side allows.
 *
 * Index `gsi1`: pk `DUE#<UTC day>#<shard>`, sk the ISO instant. Only rows a sweep has work
 * with carry it (pending: at their send time; sending: at their lease expiry), so the index
 * holds the backlog, not the history. Why day buckets and 8 shards:
 * - A sweep reads each bucket overlapping its lookback (a day, so 2 or 3 buckets) in every
 *   shard with `sk <= asOf`: 16-24 small queries a run, whatever the backlog, reading only
 *   rows that are due. Hour buckets would cost 8 queries per hour of lookback, mostly empty.
 * - Most reminders are due at the same local hour (10:00), so a time zone's whole day of
 *   reminders lands in minutes. A partition takes 1,000 writes/s and 3,000 reads/s; every
 *   send writes its row's index keys twice (claim, then sent), so one bucket partition would
 *   cap sending near 500 reminders/s. 8 shards (a hash of the number) lift that to ~4,000/s,
 *   40 times the 100 MPS a short code allows; a sweep's queries grow by the same factor only.
 * - Bookings spread their rows over the days ahead, so future buckets take little write load.
 *   A busy day of 100,000 reminders is ~30 MB over 8 keys (GSIs have no item-collection
 *   limit), read 1 MB a page, shards in parallel.
 * Changing DUE_SHARDS needs a sweep that reads both counts until the old rows are gone.
 */
export const DUE_SHARDS = 8;

/** Reminder rows outlive their appointment a little (the follow-up, status lookups), then TTL deletes them. */
export const REMINDER_RETENTION_DAYS = 30;

export const reminderKey = (phone: string, slot: number) => ({
  pk: `PHONE#${phone}`,
  sk: `REMINDER#${String(slot).padStart(2, '0')}`,
});

/** FNV-1a: a stable, even spread of numbers over shards (no crypto needed). */
export function shardOf(phone: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < phone.length; index++) {
    hash ^= phone.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % DUE_SHARDS;
}

const dayOf = (iso: string) => iso.slice(0, 10);
export const dueKey = (phone: string, at: string) => `DUE#${dayOf(at)}#${shardOf(phone)}`;

/** Rows read per shard and page: 8 shards x 250 = at most 2,000 rows held by a sweep at once. */
const DUE_PAGE_SIZE = 250;
const DUE_ATTRIBUTES = [
  'phone',
  'slot',
  'appointmentId',
  'kind',
  'daysBefore',
  'appointmentAt',
  '#zone',
  'sendAt',
  '#state',
  '#due',
  'claimedBy',
  'attempts',
].join(', ');

const ReminderItemSchema = v.object({
  phone: v.string(),
  slot: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  appointmentId: v.string(),
  kind: v.picklist(['before', 'follow-up']),
  daysBefore: v.optional(v.pipe(v.number(), v.safeInteger())),
  appointmentAt: v.string(),
  zone: v.string(),
  sendAt: v.string(),
  state: v.picklist(['pending', 'sending', 'sent', 'skipped', 'failed', 'unconfirmed']),
  [DUE_INDEX.sortKey]: v.string(),
  claimedBy: v.optional(v.string()),
  attempts: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
});

function toRecord(item: Record<string, unknown>): ReminderRecord | undefined {
  const parsed = v.safeParse(ReminderItemSchema, item);
  if (!parsed.success) return undefined;
  const { [DUE_INDEX.sortKey]: dueAt, ...rest } = parsed.output;
  return { ...rest, dueAt };
}

/**
 * The transaction items that make the reminder rows mirror `subscriber.schedule`, or none
 * when the schedule was not changed by the text being saved (`sid`). Every slot is written:
 * a Put for each planned reminder, a Delete for every other slot, so rows of an earlier
 * plan (or of a plan with more offsets) cannot survive a change.
 */
export function scheduleWrites(subscriber: Subscriber, sid: string, tableName: string) {
  const schedule = subscriber.schedule;
  if (schedule === undefined || schedule.changedBy !== sid) return [];
  const appointment = subscriber.appointment;
  const expiresAt =
    appointment === undefined
      ? 0
      : Math.floor(Date.parse(appointment.at) / 1000) + REMINDER_RETENTION_DAYS * 86_400;
  return Array.from({ length: MAX_REMINDER_SLOTS }, (_, slot) => {
    const key = reminderKey(subscriber.phone, slot);
    const planned = schedule.reminders.find((reminder) => reminder.slot === slot);
    if (planned === undefined || appointment === undefined || schedule.appointmentId !== appointment.id) {
      return { Delete: { TableName: tableName, Key: key } };
    }
    const item = {
      ...key,
      phone: subscriber.phone,
      slot,
      appointmentId: appointment.id,
      kind: planned.kind,
      daysBefore: planned.daysBefore,
      appointmentAt: appointment.at,
      zone: appointment.zone,
      sendAt: planned.sendAt,
      state: 'pending',
      attempts: 0,
      [DUE_INDEX.partitionKey]: dueKey(subscriber.phone, planned.sendAt),
      [DUE_INDEX.sortKey]: planned.sendAt,
      expiresAt,
    };
    return { Put: { TableName: tableName, Item: item } };
  });
}

const DAY_MS = 86_400_000;

/** Every day bucket from `since` to `asOf`, oldest first. */
function daysBetween(since: Date, asOf: Date): string[] {
  const days: string[] = [];
  const start = Math.floor(since.getTime() / DAY_MS) * DAY_MS;
  for (let at = start; at <= asOf.getTime(); at += DAY_MS) days.push(dayOf(new Date(at).toISOString()));
  return days;
}

export function makeDynamoReminderStore(client: DynamoDBDocumentClient, tableName: string): ReminderStore {
  const names = { '#state': 'state', '#due': DUE_INDEX.sortKey, '#duePk': DUE_INDEX.partitionKey };

  /** Compare-and-set on what the sweep read: state, index time, claimer and booking. */
  async function update(
    reminder: ReminderRecord,
    set: string,
    values: Record<string, unknown>,
    remove: string[] = [],
  ): Promise<boolean> {
    const claimer =
      reminder.claimedBy === undefined ? 'attribute_not_exists(claimedBy)' : 'claimedBy = :seenClaimer';
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: reminderKey(reminder.phone, reminder.slot),
          UpdateExpression: `SET ${set}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: `#state = :seenState AND #due = :seenDue AND appointmentId = :seenAppointment AND ${claimer}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ':seenState': reminder.state,
            ':seenDue': reminder.dueAt,
            ':seenAppointment': reminder.appointmentId,
            ...(reminder.claimedBy === undefined ? {} : { ':seenClaimer': reminder.claimedBy }),
            ...values,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async function* queryShard(day: string, shard: number, since: string, asOf: string) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: DUE_INDEX.indexName,
          KeyConditionExpression: '#duePk = :pk AND #due BETWEEN :since AND :asOf',
          ProjectionExpression: DUE_ATTRIBUTES,
          ExpressionAttributeNames: {
            '#duePk': DUE_INDEX.partitionKey,
            '#due': DUE_INDEX.sortKey,
            '#state': 'state',
            '#zone': 'zone',
          },
          ExpressionAttributeValues: { ':pk': `DUE#${day}#${shard}`, ':since': since, ':asOf': asOf },
          // Small pages keep a sweep's memory flat however many reminders are due at once.
          Limit: DUE_PAGE_SIZE,
          ExclusiveStartKey: startKey,
        }),
      );
      yield (page.Items ?? []).flatMap((item) => toRecord(item) ?? []);
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }

  return {
    async *due(asOf, since) {
      const [from, to] = [since.toISOString(), asOf.toISOString()];
      for (const day of daysBetween(since, asOf)) {
        // The shards of one day are read side by side, a page from each per round.
        const shards = Array.from({ length: DUE_SHARDS }, (_, shard) => queryShard(day, shard, from, to));
        let active = shards;
        while (active.length > 0) {
          const pages = await Promise.all(active.map((shard) => shard.next()));
          active = active.filter((_, index) => pages[index]?.done !== true);
          const rows = pages.flatMap((page) => (page.done === true ? [] : page.value));
          if (rows.length > 0) yield rows;
        }
      }
    },

    async claim(reminder, sweepId, leaseUntil, at) {
      const lease = leaseUntil.toISOString();
      const claimed = await update(
        reminder,
        '#state = :sending, claimedBy = :me, claimedAt = :at, #duePk = :leasePk, #due = :lease',
        {
          ':sending': 'sending',
          ':me': sweepId,
          ':at': at.toISOString(),
          ':leasePk': dueKey(reminder.phone, lease),
          ':lease': lease,
        },
      );
      return claimed ? { ...reminder, state: 'sending', claimedBy: sweepId, dueAt: lease } : undefined;
    },

    markSent(reminder, sid, at) {
      return update(
        reminder,
        '#state = :sent, sid = :sid, sentAt = :at',
        { ':sent': 'sent', ':sid': sid, ':at': at.toISOString() },
        ['#duePk', '#due'],
      );
    },

    release(reminder, retryAt, at) {
      const retry = retryAt.toISOString();
      return update(
        reminder,
        '#state = :pending, attempts = attempts + :one, releasedAt = :at, #duePk = :pk, #due = :retry',
        {
          ':pending': 'pending',
          ':one': 1,
          ':at': at.toISOString(),
          ':pk': dueKey(reminder.phone, retry),
          ':retry': retry,
        },
        ['claimedBy', 'claimedAt'],
      );
    },

    settle(reminder, outcome: SettleOutcome, at) {
      return update(
        reminder,
        '#state = :outcome, reason = :reason, settledAt = :at' +
          (outcome.code === undefined ? '' : ', errorCode = :code'),
        {
          ':outcome': outcome.state,
          ':reason': outcome.reason,
          ':at': at.toISOString(),
          ...(outcome.code === undefined ? {} : { ':code': outcome.code }),
        },
        ['#duePk', '#due'],
      );
    },

    defer(reminder, sendAt) {
      const at = sendAt.toISOString();
      return update(reminder, 'sendAt = :at, #duePk = :pk, #due = :at', {
        ':at': at,
        ':pk': dueKey(reminder.phone, at),
      });
    },
  };
}
