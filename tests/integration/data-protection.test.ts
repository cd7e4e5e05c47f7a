import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_LINE_NUMBER } from '../../infra/local/dev-defaults.js';
import { smsParams } from '../../infra/local/twilio-signing.js';
import { content } from '../fixtures/content.js';
import { type Line, startLine } from './line-harness.js';
import { placeCall } from './voice-harness.js';

/**
 * What the line keeps about a person, read from the raw table items: after STOP only what
 * compliance needs, replays answered once for 48 hours, and erasure on request.
 */
let now = new Date('2026-11-20T12:00:00Z');
let line: Line;
beforeAll(async () => {
  line = await startLine({ clock: { now: () => now } });
});
afterAll(() => line.close());

let seed = 0;
const freshNumber = () => `+4474002${String(++seed).padStart(5, '0')}`;
const sid = (n: number) => `SM${n.toString(16).padStart(32, '0')}`;
const en = content.languages.en.sms;
const es = content.languages.es?.sms;
const profile = async (phone: string) => (await line.items(phone)).find((item) => item.sk === 'PROFILE');

describe('STOP keeps only what compliance needs', () => {
  it('the raw item after STOP holds the number, the opt-out and the consent events, nothing else', async () => {
    const phone = freshNumber();
    await line.text(phone, 'START');
    await line.text(phone, 'RECORDS');
    await line.text(phone, 'REGION US');
    await line.text(phone, 'TIMEZONE America/Chicago');
    await line.text(phone, 'APPT 12 Dec 10:30');
    await line.text(phone, 'YES');
    await line.text(phone, 'LIST');
    await line.text(phone, 'DONE 1');
    await line.text(phone, 'I want to kill myself');
    expect(Object.keys((await profile(phone)) ?? {})).toEqual(
      expect.arrayContaining(['visited', 'region', 'timeZone', 'appointment', 'schedule', 'checklistDone']),
    );
    expect((await line.items(phone)).some((item) => String(item.sk).startsWith('REMINDER#'))).toBe(true);

    const stopAt = now;
    expect(await line.text(phone, 'STOP')).toEqual([en.optOut]);
    const item = await profile(phone);
    expect(Object.keys(item ?? {}).sort()).toEqual(
      ['pk', 'sk', 'phone', 'status', 'consent', 'updatedAt', 'version', 'expiresAt'].sort(),
    );
    expect(item).toMatchObject({ phone, status: 'opted-out', updatedAt: stopAt.toISOString() });
    expect(((item?.consent ?? []) as { keyword: string }[]).map((event) => event.keyword)).toEqual([
      'START',
      'STOP',
    ]);
    // Reminders went in the same write; what is left besides the record is replay protection,
    // which TTL deletes 48 hours after each text (the crisis reply included).
    const others = (await line.items(phone)).filter((entry) => entry.sk !== 'PROFILE');
    expect(others.every((entry) => String(entry.sk).startsWith('SMS#'))).toBe(true);
    for (const entry of others) {
      expect(Object.keys(entry).sort()).toEqual(['at', 'expiresAt', 'pk', 'replies', 'sk']);
      expect(entry.expiresAt).toBeLessThanOrEqual(
        Math.floor(Date.parse(String(entry.at)) / 1000) + 48 * 3600,
      );
    }
  });
});

describe('replays (same MessageSid)', () => {
  it('an old signed START replayed after STOP and 20 newer texts changes nothing', async () => {
    const phone = freshNumber();
    const start = smsParams({ from: phone, to: DEV_LINE_NUMBER, body: 'START', messageSid: sid(1) });
    const first = await line.post('/sms', start);
    expect(first.status).toBe(200);
    await line.text(phone, 'STOP');
    for (let n = 0; n < 20; n++) await line.text(phone, n % 2 === 0 ? 'HELP' : 'MENU');
    const before = await profile(phone);
    const replay = await line.post('/sms', start);
    expect(replay.body).toBe(first.body);
    expect(await profile(phone)).toEqual(before);
    expect(before?.status).toBe('opted-out');
  });

  it('a replay 47 hours later still changes nothing', async () => {
    const phone = freshNumber();
    const started = now;
    await line.text(phone, 'START', sid(2));
    await line.text(phone, 'STOP');
    now = new Date(started.getTime() + 47 * 3_600_000);
    try {
      await line.text(phone, 'START', sid(2));
      expect((await profile(phone))?.status).toBe('opted-out');
    } finally {
      now = started;
    }
  });
});

describe('erasure by text', () => {
  it('DELETE MY DATA asks first; DELETE erases every row for the number', async () => {
    const phone = freshNumber();
    await line.text(phone, 'START');
    await line.text(phone, 'APPT 12 Dec 10:30');
    await line.text(phone, 'YES');
    const call = await placeCall(line, phone);
    await call.say('records');
    await call.press('3');
    await call.press('1');
    expect((await line.items(phone)).length).toBeGreaterThan(3);

    expect(await line.text(phone, 'delete my data')).toEqual([en.erasureConfirm]);
    expect((await line.items(phone)).length).toBeGreaterThan(3);
    expect(await line.text(phone, 'DELETE')).toEqual([en.erased]);
    expect(await line.items(phone)).toEqual([]);
  });

  it('a confirmed erasure costs a handful of requests: the read, a Query and the batched deletes', async () => {
    const phone = freshNumber();
    await line.text(phone, 'START');
    await line.text(phone, 'RECORDS');
    await line.text(phone, 'DELETE MY DATA');
    let requests = 0;
    line.app.documentClient.middlewareStack.add(
      (next) => async (args) => {
        requests += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countErasure' },
    );
    try {
      expect(await line.text(phone, 'DELETE')).toEqual([en.erased]);
    } finally {
      line.app.documentClient.middlewareStack.remove('countErasure');
    }
    // BatchGetItem, Query, one BatchWriteItem (4 rows: the person and 3 answered texts).
    expect(requests).toBe(3);
    expect(await line.items(phone)).toEqual([]);
  });

  it.each([
    'Please delete my data',
    'ERASE MY DETAILS',
    'remove my information please',
    'Forget me',
    'delete all my data!',
  ])('"%s" asks for the confirmation', async (body) => {
    const phone = freshNumber();
    await line.text(phone, 'START');
    expect(await line.text(phone, body)).toEqual([en.erasureConfirm]);
  });

  it('BORRAR MIS DATOS is answered in Spanish', async () => {
    if (es === undefined) return;
    const phone = freshNumber();
    await line.text(phone, 'START');
    expect(await line.text(phone, 'Borrar mis datos')).toEqual([es.erasureConfirm]);
    expect(await line.text(phone, 'BORRAR')).toEqual([es.erased]);
    expect(await line.items(phone)).toEqual([]);
  });

  it('an opted-out number keeps a bare suppression entry, says so, and still gets no texts', async () => {
    const phone = freshNumber();
    await line.text(phone, 'START');
    await line.text(phone, 'STOP');
    expect(await line.text(phone, 'DELETE MY DATA')).toEqual([en.erasureConfirm]);
    expect(await line.text(phone, 'DELETE')).toEqual([en.erasedKeptOptOut]);
    const items = await line.items(phone);
    expect(items.map((item) => item.sk)).toEqual(['PROFILE']);
    expect(Object.keys(items[0] ?? {}).sort()).toEqual(
      ['pk', 'sk', 'phone', 'status', 'consent', 'updatedAt', 'version', 'expiresAt'].sort(),
    );
    expect(items[0]?.status).toBe('opted-out');

    const before = (await line.outbox()).length;
    const call = await placeCall(line, phone);
    await call.say('records');
    await call.press('3');
    await call.press('1');
    expect((await line.outbox()).length).toBe(before);
  });

  it('the confirming word alone, or after the window, erases nothing', async () => {
    const phone = freshNumber();
    await line.text(phone, 'START');
    expect(await line.text(phone, 'DELETE')).not.toContain(en.erased);
    expect(await profile(phone)).toBeDefined();
    await line.text(phone, 'DELETE MY DATA');
    const asked = now;
    now = new Date(asked.getTime() + 16 * 60_000);
    try {
      expect(await line.text(phone, 'DELETE')).not.toContain(en.erased);
      expect(await profile(phone)).toBeDefined();
    } finally {
      now = asked;
    }
  });

  it('STOP DELETE MY DATA is a STOP first', async () => {
    const phone = freshNumber();
    await line.text(phone, 'START');
    expect(await line.text(phone, 'STOP DELETE MY DATA')).toEqual([en.optOut]);
    expect((await profile(phone))?.status).toBe('opted-out');
  });
});
