import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CallerRecords } from '../../core/caller-records.js';
import { subscriberKey, textMeThisKey } from './table.js';

/**
 * The voice line's only write: the one-off consent of a confirmed text-me-this, in an item of
 * its own per number and UTC day (pk PHONE#<E.164>, sk TEXT-ME-THIS#<day>), never the person
 * record. One TransactWriteItems request, all or nothing:
 * - a condition check on the person record: no consent (and no text) once the number has
 *   opted out, whoever wrote that and whenever;
 * - an update of the day's item whose condition enforces the limits: fewer than
 *   `perNumberPerDay` topics today, fewer than `topicsPerCall` for this call, and this topic
 *   not yet sent in this call (so a replayed or concurrent confirmation sends nothing).
 *
 * The item holds the day's consent events (at most `perNumberPerDay`), a count, a counter per
 * call and keyed hashes of call and topic (what was asked for is not readable from it), and
 * expires after `consentRetentionDays`.
 */
export function makeDynamoCallerRecords(client: DynamoDBDocumentClient, tableName: string): CallerRecords {
  return {
    async recordTextConsent(request, limits) {
      const { phone, callSid, topicId, event, now } = request;
      const day = now.toISOString().slice(0, 10);
      const expires = Math.floor(now.getTime() / 1000) + limits.consentRetentionDays * 86_400;
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                ConditionCheck: {
                  TableName: tableName,
                  Key: subscriberKey(phone),
                  ConditionExpression: 'attribute_not_exists(pk) OR #status <> :optedOut',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':optedOut': 'opted-out' },
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: textMeThisKey(phone, day),
                  UpdateExpression:
                    'SET #events = list_append(if_not_exists(#events, :empty), :event), ' +
                    '#sent = list_append(if_not_exists(#sent, :empty), :sentKey), #expires = :expires ' +
                    'ADD #count :one, #call :one',
                  ConditionExpression:
                    '(attribute_not_exists(#count) OR #count < :perDay) AND ' +
                    '(attribute_not_exists(#call) OR #call < :perCall) AND ' +
                    '(attribute_not_exists(#sent) OR NOT contains(#sent, :sentValue))',
                  ExpressionAttributeNames: {
                    '#events': 'consent',
                    '#sent': 'sent',
                    '#expires': 'expiresAt',
                    '#count': 'count',
                    // One counter per call; its name is a hash, never the CallSid itself.
                    '#call': `call_${keyedHash(callSid)}`,
                  },
                  ExpressionAttributeValues: {
                    ':event': [event],
                    ':empty': [],
                    ':sentKey': [sentKey(callSid, topicId)],
                    ':sentValue': sentKey(callSid, topicId),
                    ':expires': expires,
                    ':one': 1,
                    ':perDay': limits.perNumberPerDay,
                    ':perCall': Math.min(limits.topicsPerCall, limits.perNumberPerDay),
                  },
                },
              },
            ],
          }),
        );
        return 'recorded';
      } catch (error) {
        // A failed condition (opted out, a limit, a replay) or a concurrent duplicate
        // (TransactionConflict): either way this request sends nothing.
        if (error instanceof TransactionCanceledException) {
          const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
          if (
            codes.every(
              (code) =>
                code === 'None' || code === 'ConditionalCheckFailed' || code === 'TransactionConflict',
            )
          ) {
            return 'declined';
          }
        }
        throw error;
      }
    },
  };
}

/** Once per topic per call (`perTopicPerCall` is 1). Call and topic are mixed so no topic is readable. */
function sentKey(callSid: string, topicId: string): string {
  return keyedHash(`${callSid}|${topicId}`);
}

function keyedHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
