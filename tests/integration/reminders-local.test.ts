import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoMessageStatusStore } from '../../functions/adapters/dynamodb/message-status-store.js';
import { DEV_ACCOUNT_SID, DEV_AUTH_TOKEN } from '../../infra/local/dev-defaults.js';
import { type FakeTwilio, startFakeTwilio } from '../fakes/fake-twilio-api.js';
import { type Line, PUBLIC_URL, startLine } from './line-harness.js';

/**
 * The reminder routes as `npm start` serves them: signed texts book an appointment,
 * POST /dev/sweep sends through TWILIO_API_BASE_URL (the fake Twilio API), and the fake's
 * signed status callbacks land on POST /sms/status, duplicated and out of order.
 */

let fake: FakeTwilio;
let line: Line;
let now = new Date('2026-11-20T12:00:00Z');
const clock = { now: () => now };
const phone = '+447400123456';

beforeAll(async () => {
  fake = await startFakeTwilio({ accountSid: DEV_ACCOUNT_SID, authToken: DEV_AUTH_TOKEN, latencyMs: 5 });
  line = await startLine({
    clock,
    env: {
      TWILIO_ACCOUNT_SID: DEV_ACCOUNT_SID,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE_URL: fake.baseUrl,
    },
  });
});
afterAll(async () => {
  await line.close();
  await fake.close();
});

const devSweep = async (body: string) => {
  const response = await line.dev(`/dev/sweep`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

describe('reminders through the local runtime', () => {
  it('books by text and sends the reminder when POST /dev/sweep runs as of its time', async () => {
    await line.text(phone, 'START');
    now = new Date('2026-11-20T12:01:00Z');
    expect((await line.text(phone, 'APPT 12 Dec 10:30'))[0]).toContain('Sat 12 Dec, 10:30 (UK time)');
    now = new Date('2026-11-20T12:02:00Z');
    expect((await line.text(phone, 'YES'))[0]).toContain('set for Sat 12 Dec, 10:30');

    const early = await devSweep('at=2026-11-28T09:55:00Z');
    expect(early).toMatchObject({ status: 200, json: { sent: 0, skipped: 0, failed: 0 } });
    const due = await devSweep('at=2026-11-28T10:02:00Z');
    expect(due).toMatchObject({ status: 200, json: { sent: 1, skipped: 0, failed: 0, unconfirmed: 0 } });
    expect(fake.accepted).toHaveLength(1);
    expect(fake.accepted[0]).toMatchObject({ to: phone, statusCallback: `${PUBLIC_URL}/sms/status` });
    expect(fake.accepted[0]?.body).toContain('in 14 days');
  });

  it('takes `at` from the query string too, and refuses anything but an ISO instant', async () => {
    const response = await line.dev(`/dev/sweep?at=2026-11-28T10:03:00Z`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ sent: 0, asOf: '2026-11-28T10:03:00.000Z' });
    expect((await devSweep('at=tomorrow')).status).toBe(400);
  });

  it('records delivery status from signed callbacks, duplicated and out of order, ending delivered', async () => {
    const message = fake.accepted[0];
    if (message === undefined) throw new Error('no message to report on');
    const deliverTo = `${line.baseUrl}/sms/status`;
    const statuses = makeDynamoMessageStatusStore(line.app.documentClient, line.tableName);
    for (const status of ['sent', 'delivered', 'sent', 'queued', 'delivered']) {
      expect(await fake.postStatus(message, status, { deliverTo })).toBe(204);
    }
    expect(await statuses.get(message.sid)).toEqual({ status: 'delivered' });

    // Ten callbacks at once, in a scrambled order: the final state still wins.
    const other = { ...message, sid: `SM${'b'.repeat(32)}` };
    const order = [
      'sending',
      'undelivered',
      'queued',
      'sent',
      'sending',
      'queued',
      'sent',
      'undelivered',
      'accepted',
      'sent',
    ];
    const answers = await Promise.all(
      order.map((status) =>
        fake.postStatus(other, status, {
          deliverTo,
          ...(status === 'undelivered' ? { errorCode: 30003 } : {}),
        }),
      ),
    );
    expect(answers.every((status) => status === 204)).toBe(true);
    expect(await statuses.get(other.sid)).toEqual({ status: 'undelivered', errorCode: 30003 });
  });

  it('refuses an unsigned status callback', async () => {
    const response = await fetch(`${line.baseUrl}/sms/status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        MessageSid: `SM${'c'.repeat(32)}`,
        MessageStatus: 'delivered',
        AccountSid: DEV_ACCOUNT_SID,
      }),
    });
    expect(response.status).toBe(403);
  });
});

describe('settings from the environment', () => {
  it('plans with REMINDER_OFFSETS_DAYS and REMINDER_SEND_TIME as configured', async () => {
    const local = await startLine({
      clock: { now: () => new Date('2026-11-20T12:00:00Z') },
      env: { REMINDER_OFFSETS_DAYS: '2', REMINDER_SEND_TIME: '11:30' },
    });
    try {
      for (const body of ['START', 'APPT 12 Dec 10:30', 'YES']) await local.text('+447400123999', body);
      const sweep = async (at: string) => {
        const response = await local.dev(`/dev/sweep?at=${at}`, { method: 'POST' });
        return (await response.json()) as { sent: number };
      };
      expect((await sweep('2026-11-28T10:02:00Z')).sent).toBe(0);
      expect((await sweep('2026-12-10T11:25:00Z')).sent).toBe(0);
      expect((await sweep('2026-12-10T11:32:00Z')).sent).toBe(1);
      expect((await sweep('2026-12-13T11:32:00Z')).sent).toBe(1);
    } finally {
      await local.close();
    }
  });
});

describe('without a Twilio account', () => {
  it('sends reminders to the outbox (GET /dev/outbox)', async () => {
    const local = await startLine({ clock: { now: () => new Date('2026-11-20T12:00:00Z') } });
    try {
      await local.text('+14165550199', 'START');
      await local.text('+14165550199', 'APPT Dec 12 10:30am');
      await local.text('+14165550199', 'YES');
      const response = await local.dev(`/dev/sweep`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'at=2026-11-28T15:02:00Z',
      });
      expect(await response.json()).toMatchObject({ sent: 1 });
      const outbox = (await (await local.dev(`/dev/outbox`)).json()) as {
        to: string;
        body: string;
      }[];
      expect(outbox).toEqual([
        expect.objectContaining({ to: '+14165550199', body: expect.stringContaining('in 14 days') }),
      ]);
    } finally {
      await local.close();
    }
  });
});
