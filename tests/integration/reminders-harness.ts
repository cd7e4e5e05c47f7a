import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { inject } from 'vitest';
import { bundledContent } from '../../functions/adapters/content/bundled-content.js';
import { loadDateParsers } from '../../functions/adapters/date-parsers.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { makeDynamoMessageStatusStore } from '../../functions/adapters/dynamodb/message-status-store.js';
import { makeDynamoReminderStore } from '../../functions/adapters/dynamodb/reminder-store.js';
import {
  makeDynamoPeopleReader,
  makeDynamoSubscriberMarks,
  makeDynamoSubscriberStore,
} from '../../functions/adapters/dynamodb/subscriber-store.js';
import { localTableDefinition } from '../../functions/adapters/dynamodb/table.js';
import type { Logger } from '../../functions/adapters/logging.js';
import { loadTopicSearch } from '../../functions/adapters/topic-search-loader.js';
import { makeTwilioMessenger } from '../../functions/adapters/twilio/messenger.js';
import type { Messenger } from '../../functions/core/ports.js';
import { DEFAULT_REMINDER_SETTINGS, planReminders } from '../../functions/core/reminder-plan.js';
import { newSubscriber, type Subscriber } from '../../functions/core/subscriber.js';
import { defaultSweepSettings } from '../../functions/reminders/settings.js';
import { type SweepDeps, type SweepSettings, sweepReminders } from '../../functions/reminders/sweep.js';
import { receiveSms } from '../../functions/sms/receive-sms.js';
import { localDynamoClientConfig } from '../../infra/local/dynamodb-local.js';
import { type FakeTwilioOptions, startFakeTwilio } from '../fakes/fake-twilio-api.js';
import { createTestTable } from './dynamo-test-table.js';

export const quietLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** The line's number as Twilio would post it, and the sender the fake records. */
export const LINE_NUMBER = '+15005550006';

/** Sweep settings for tests: real pacing and leases, tiny backoff so retries take milliseconds. */
export const TEST_SWEEP_SETTINGS: SweepSettings = {
  ...defaultSweepSettings(),
  concurrency: 8,
  messagesPerSecond: 1_000,
  sendTimeoutMs: 3_000,
  backoffBaseMs: 2,
  backoffCapMs: 10,
  statusCallbackUrl: 'https://line.example.org/sms/status',
};

let sidCounter = 0;
export const messageSid = () => `SM${(++sidCounter).toString(16).padStart(32, 'a')}`;

/**
 * A table of its own in the shared DynamoDB Local, the real stores, and a fake Twilio REST
 * API on 127.0.0.1 reached through the real Twilio messenger.
 */
export async function startReminderRig(
  twilio: FakeTwilioOptions = {},
  options: { sendTimeoutMs?: number } = {},
) {
  const endpoint = inject('dynamodbEndpoint');
  const { TableName: _, ...definition } = localTableDefinition('unused');
  const tableName = await createTestTable(endpoint, definition);
  const client = createDocumentClient(localDynamoClientConfig(endpoint));
  const fake = await startFakeTwilio(twilio);
  const content = bundledContent();
  const subscribers = makeDynamoSubscriberStore(client, tableName);
  const reminders = makeDynamoReminderStore(client, tableName);
  const marks = makeDynamoSubscriberMarks(client, tableName);
  const people = makeDynamoPeopleReader(client, tableName);
  const statuses = makeDynamoMessageStatusStore(client, tableName);
  const messenger = makeTwilioMessenger({
    accountSid: fake.accountSid,
    authToken: async () => fake.authToken,
    sender: { from: LINE_NUMBER },
    baseUrl: fake.baseUrl,
    timeoutMs: options.sendTimeoutMs ?? TEST_SWEEP_SETTINGS.sendTimeoutMs,
    validityPeriodSeconds: 3_600,
  });

  /** Texts the line through the real SMS use case, as of `at`. */
  const text = (from: string, body: string, at: Date) =>
    receiveSms(
      {
        subscribers,
        content,
        clock: { now: () => at },
        settings: { supportContact: 'help@example.org', defaultRegion: 'us' },
        loadDates: loadDateParsers,
        loadSearch: loadTopicSearch,
      },
      { from, body, messageSid: messageSid() },
    );

  /** One sweep as of `at`, with a generous time budget unless told otherwise. */
  /** The sender's dependencies: the real stores, the fake-backed messenger, test settings. */
  const sweepDeps = (
    options: { settings?: Partial<SweepSettings>; messenger?: Messenger } = {},
  ): SweepDeps => ({
    reminders,
    people,
    marks,
    messenger: options.messenger ?? messenger,
    content,
    settings: { ...TEST_SWEEP_SETTINGS, ...options.settings },
    logger: quietLogger,
  });

  const sweep = (
    at: Date,
    options: {
      settings?: Partial<SweepSettings>;
      messenger?: Messenger;
      remainingMs?: () => number;
      sweepId?: string;
    } = {},
  ) =>
    sweepReminders(sweepDeps(options), {
      asOf: at,
      remainingMs: options.remainingMs ?? (() => 600_000),
      ...(options.sweepId ? { sweepId: options.sweepId } : {}),
    });

  /** Every reminder row of a person, as stored. */
  const rows = async (phone: string) => {
    const { Items } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :reminder)',
        ExpressionAttributeValues: { ':pk': `PHONE#${phone}`, ':reminder': 'REMINDER#' },
      }),
    );
    return Items ?? [];
  };

  /**
   * A subscribed person with a confirmed appointment, written the way a YES writes it (one
   * transaction with the reminder rows), without a conversation: for many-person tests.
   */
  const seedBooked = async (phone: string, appointmentLocal: string, zone: string, bookedAt: Date) => {
    const sid = messageSid();
    const base = newSubscriber(phone, 'uk', bookedAt);
    const at = DateTime.fromISO(appointmentLocal, { zone }).toUTC().toISO();
    if (at === null) throw new Error(`not a local date-time: ${appointmentLocal}`);
    const appointment = { id: sid, local: appointmentLocal, zone, at, bookedAt: bookedAt.toISOString() };
    const person: Subscriber = {
      ...base,
      status: 'subscribed',
      appointment,
      schedule: {
        appointmentId: sid,
        changedBy: sid,
        reminders: planReminders(appointment, DEFAULT_REMINDER_SETTINGS, bookedAt),
      },
    };
    const saved = await subscribers.save(person, {
      expectedVersion: undefined,
      processed: { sid, replies: [] },
      at: bookedAt,
    });
    if (saved !== 'saved') throw new Error(`could not seed ${phone}`);
    return person;
  };

  return {
    client,
    tableName,
    fake,
    content,
    subscribers,
    reminders,
    statuses,
    messenger,
    text,
    sweep,
    sweepDeps,
    rows,
    seedBooked,
    close: async () => {
      await fake.close();
      client.destroy();
    },
  };
}

export type ReminderRig = Awaited<ReturnType<typeof startReminderRig>>;
