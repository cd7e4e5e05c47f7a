import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { IntakeMessage } from '../../functions/core/intake/intake-ports.js';
import { groupOf } from '../../functions/core/intake/intake-ports.js';
import type { SubscriberStore } from '../../functions/core/ports.js';
import { type IntakeHandlerDeps, makeIntakeHandler } from '../../functions/intake/handler.js';
import { content, settings } from '../fixtures/content.js';
import { search } from '../fixtures/search.js';

const NOW = new Date('2026-11-23T15:00:00Z');
const sid = (n: number) => `SM${String(n).padStart(32, '0')}`;

function record(id: string, body: string, group: string, receives = 1): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `handle-${id}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receives),
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
      MessageGroupId: group,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-2:123456789012:intake.fifo',
    awsRegion: 'eu-west-2',
  } as SQSRecord;
}

const text = (from: string, n: number): IntakeMessage => ({
  kind: 'text',
  messageSid: sid(n),
  from,
  body: 'DONE 1',
  receivedAt: NOW.toISOString(),
  language: 'en',
  alreadySent: [],
});

function rig() {
  const reads: string[] = [];
  const delays: { handle: string; seconds: number }[] = [];
  const failingStore = {
    read: async (phone: string) => {
      reads.push(phone);
      throw new Error('ProvisionedThroughputExceededException');
    },
    get: async () => undefined,
  } as unknown as SubscriberStore;
  const deps = {
    subscribers: failingStore,
    content,
    clock: { now: () => NOW },
    settings: { ...settings, defaultRegion: 'uk' as const },
    loadDates: async () => settings.dates,
    loadSearch: async () => search,
    messenger: { send: async () => ({ outcome: 'sent' as const, sid: 'SM1' }) },
    intake: { enqueue: async () => undefined },
    marks: { claim: async () => true, release: async () => undefined },
    logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    delay: async (handle: string, seconds: number) => void delays.push({ handle, seconds }),
  } satisfies IntakeHandlerDeps;
  return { handler: makeIntakeHandler(deps), reads, delays };
}

describe('the intake consumer (SQS FIFO batches)', () => {
  it('stops a group at its first failure and hands back the rest of it untouched; other groups go on', async () => {
    const { handler, reads, delays } = rig();
    const a = '+447400123001';
    const b = '+447400123002';
    const event: SQSEvent = {
      Records: [
        record('1', 'not json', groupOf(text(a, 1))),
        record('2', JSON.stringify(text(a, 2)), groupOf(text(a, 2))),
        record('3', JSON.stringify(text(b, 3)), groupOf(text(b, 3)), 3),
      ],
    };
    const result = await handler(event);
    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['1', '2', '3']);
    // Group A's second text was never applied ahead of the first; group B's was tried.
    expect(reads).toEqual([b]);
    // Unreadable: back at once (on to the DLQ); a failing store: 30 s doubling per try.
    expect(delays).toEqual([
      { handle: 'handle-1', seconds: 0 },
      { handle: 'handle-3', seconds: 120 },
    ]);
  });

  it('hands back a reply due after quiet hours, hidden until they end', async () => {
    const { handler, delays } = rig();
    const reply: IntakeMessage = {
      kind: 'reply',
      stage: 'quiet-hours',
      messageSid: sid(9),
      to: '+447400123009',
      replies: ['hello'],
      sendAt: new Date(NOW.getTime() + 3_600_000).toISOString(),
    };
    const result = await handler({ Records: [record('9', JSON.stringify(reply), groupOf(reply))] });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '9' }]);
    expect(delays).toEqual([{ handle: 'handle-9', seconds: 3600 }]);
  });
});
