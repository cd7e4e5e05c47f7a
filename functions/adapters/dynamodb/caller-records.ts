import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CallerRecords, CallerRef } from '../../core/caller-records.js';
import type { ConsentEvent } from '../../core/subscriber.js';
import { newSubscriber } from '../../core/subscriber.js';
import { SUBSCRIBER_RETENTION_DAYS } from './subscriber-store.js';
import { subscriberKey } from './table.js';

/**
 * The voice line's writes to the person record of the text line (pk PHONE#<E.164>, sk PROFILE),
 * each a single UpdateItem with no read before it.
 *
 * Why this cannot corrupt the text line's optimistic locking: every update also does
 * `ADD version 1`. The text line writes with a conditional Put on the version it read, so a
 * text arriving while a call updates the record loses its Put, reads again (now with the
 * call's topic or consent) and retries; nothing the call wrote is overwritten. The call only
 * touches fields the text line reads back and keeps (`visited`, `consent`, `updatedAt`), never
 * attributes a later Put would silently drop.
 *
 * A number never seen before gets a complete record (every field of `newSubscriber`, status
 * `new`, `version` 1) through `if_not_exists`, so the text line can parse it like its own.
 */
export function makeDynamoCallerRecords(client: DynamoDBDocumentClient, tableName: string): CallerRecords {
  return {
    async recordHeard(caller, topicId, now) {
      const update = upsert(caller, now, 'visited');
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: subscriberKey(caller.phone),
            UpdateExpression: `SET ${update.sets.join(', ')}, #visited = list_append(if_not_exists(#visited, :empty), :topics) ADD #version :one`,
            // Visited keeps first-visit order without repeats, as the text line does.
            ConditionExpression: 'NOT contains(#visited, :topic)',
            ExpressionAttributeNames: { ...update.names, '#visited': 'visited', '#version': 'version' },
            ExpressionAttributeValues: { ...update.values, ':topics': [topicId], ':topic': topicId },
          }),
        );
      } catch (error) {
        // Heard before: nothing to add.
        if (error instanceof ConditionalCheckFailedException) return;
        throw error;
      }
    },

    async recordTextConsent(caller, event: ConsentEvent, now) {
      const update = upsert(caller, now, 'consent');
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: subscriberKey(caller.phone),
            UpdateExpression: `SET ${update.sets.join(', ')}, #consent = list_append(if_not_exists(#consent, :empty), :events) ADD #version :one`,
            // Checked in the same request as the write: a STOP that lands first always wins.
            ConditionExpression: 'attribute_not_exists(#status) OR #status <> :optedOut',
            ExpressionAttributeNames: {
              ...update.names,
              '#consent': 'consent',
              '#status': 'status',
              '#version': 'version',
            },
            ExpressionAttributeValues: { ...update.values, ':events': [event], ':optedOut': 'opted-out' },
          }),
        );
        return 'recorded';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'opted-out';
        throw error;
      }
    },
  };
}

type Upsert = { sets: string[]; names: Record<string, string>; values: Record<string, unknown> };

/**
 * SET clauses that create the record if missing (each field `if_not_exists`) and touch it
 * (updatedAt, TTL), leaving out `appended`, which the caller sets itself. Built from
 * `newSubscriber` so a field the text line adds there is created here too.
 */
function upsert(caller: CallerRef, now: Date, appended: 'visited' | 'consent'): Upsert {
  const fresh: Record<string, unknown> = {
    ...newSubscriber(caller.phone, caller.region, now),
    language: caller.language,
    recent: [],
  };
  const sets: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fresh)) {
    if (value === undefined || field === appended || field === 'updatedAt') continue;
    names[`#${field}`] = field;
    values[`:new_${field}`] = value;
    sets.push(`#${field} = if_not_exists(#${field}, :new_${field})`);
  }
  names['#updatedAt'] = 'updatedAt';
  names['#expiresAt'] = 'expiresAt';
  values[':now'] = now.toISOString();
  values[':expires'] = Math.floor(now.getTime() / 1000) + SUBSCRIBER_RETENTION_DAYS * 86_400;
  values[':empty'] = [];
  values[':one'] = 1;
  sets.push('#updatedAt = :now', '#expiresAt = :expires');
  return { sets, names, values };
}
