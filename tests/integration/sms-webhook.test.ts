import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { subscriberKey } from '../../functions/adapters/dynamodb/table.js';
import { DEV_AUTH_TOKEN, DEV_LINE_NUMBER } from '../../infra/local/dev-defaults.js';
import { parseTwimlMessages, signTwilioRequest, smsParams } from '../../infra/local/twilio-signing.js';
import { content } from '../fixtures/content.js';
import { type Line, PUBLIC_URL, startLine } from './line-harness.js';

let line: Line;
beforeAll(async () => {
  line = await startLine();
});
afterAll(() => line.close());

/** A clock that starts on a London afternoon (outside quiet hours) and moves in real time. */
const afternoonClock = () => {
  const started = Date.now();
  const anchor = Date.parse('2026-11-23T15:00:00Z');
  return { now: () => new Date(anchor + (Date.now() - started)) };
};

let numberSeed = 0;
/** A fresh UK mobile per test, so tests never share a person. */
const freshNumber = () => `+4474001${String(++numberSeed).padStart(5, '0')}`;
const stored = async (phone: string) =>
  (
    await line.app.documentClient.send(
      new GetCommand({ TableName: line.tableName, Key: subscriberKey(phone) }),
    )
  ).Item;

describe('POST /sms through the local API Gateway', () => {
  it('walks START, MENU, a topic and MORE, and keeps consent and progress in DynamoDB', async () => {
    const phone = freshNumber();
    const [optIn] = await line.text(phone, 'START');
    expect(optIn).toContain('UK (NHS)');
    const [menu] = await line.text(phone, 'MENU');
    expect(menu).toContain('1 ');
    const [part1] = await line.text(phone, 'RECORDS');
    expect(part1).toContain('MORE');
    await line.text(phone, 'MORE');

    const item = await stored(phone);
    expect(item).toMatchObject({
      status: 'subscribed',
      region: 'uk',
      topic: 'records',
      part: 1,
      visited: ['records'],
    });
    expect(item?.consent).toEqual([
      expect.objectContaining({ action: 'opt-in', keyword: 'START', channel: 'sms' }),
    ]);
    expect(item?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 365 * 86_400);
  });

  it('answers with TwiML as text/xml', async () => {
    const response = await line.post(
      '/sms',
      smsParams({ from: freshNumber(), to: DEV_LINE_NUMBER, body: 'HELP' }),
    );
    expect(response.status).toBe(200);
    expect(response.contentType).toBe('text/xml');
    expect(XMLValidator.validate(response.body)).toBe(true);
    expect(response.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>/);
  });

  it('infers the health system from the number', async () => {
    expect((await line.text('+14165550199', 'START'))[0]).toContain('Canada');
    expect((await line.text('+12025550143', 'START'))[0]).toContain('US');
  });

  it('after STOP sends nothing but HELP and opt-in answers', async () => {
    const phone = freshNumber();
    await line.text(phone, 'START');
    expect(await line.text(phone, 'please stop texting me')).toEqual([content.languages.en.sms.optOut]);
    expect(await line.text(phone, 'MENU')).toEqual([]);
    expect(await line.text(phone, 'STOP')).toEqual([]);
    expect(await line.text(phone, 'HELP')).toHaveLength(1);
    expect((await stored(phone))?.status).toBe('opted-out');
  });
});

describe('signatures', () => {
  const params = () => smsParams({ from: freshNumber(), to: DEV_LINE_NUMBER, body: 'START' });

  it('accepts a request signed for the configured public URL', async () => {
    expect((await line.post('/sms', params())).status).toBe(200);
  });

  it.each([
    ['missing', { signature: null }],
    ['forged', { signature: 'bm90IGEgc2lnbmF0dXJl' }],
    ['signed for another URL', { signatureUrl: `${PUBLIC_URL}/other` }],
    ['signed for the Host it was sent to, not the public URL', { signatureUrl: 'http://127.0.0.1/sms' }],
  ] as const)('%s → 403 and nothing written', async (_, options) => {
    const request = params();
    const response = await line.post('/sms', request, options);
    expect(response.status).toBe(403);
    expect(response.body).not.toContain('<Message>');
    expect(await stored(request.From ?? '')).toBeUndefined();
  });

  it('signed with another auth token → 403', async () => {
    const request = params();
    const signature = signTwilioRequest('some-other-token-123', `${PUBLIC_URL}/sms`, request);
    expect((await line.post('/sms', request, { signature })).status).toBe(403);
  });

  it('a parameter changed after signing → 403', async () => {
    const request = params();
    const signature = signTwilioRequest(DEV_AUTH_TOKEN, `${PUBLIC_URL}/sms`, request);
    expect((await line.post('/sms', { ...request, Body: 'STOP' }, { signature })).status).toBe(403);
  });
});

describe('malformed requests', () => {
  it.each([
    ['no From', { From: undefined }],
    ['a From that is not a phone number', { From: 'not-a-number' }],
    ['no MessageSid', { MessageSid: undefined }],
    ['a bad MessageSid', { MessageSid: 'SMshort' }],
  ])('%s → 400 with a clear reason, nothing written', async (_, change) => {
    const phone = freshNumber();
    const request: Record<string, string> = {
      ...smsParams({ from: phone, to: DEV_LINE_NUMBER, body: 'START' }),
    };
    for (const [name, value] of Object.entries(change)) {
      if (value === undefined) delete request[name];
      else request[name] = value;
    }
    const response = await line.post('/sms', request);
    expect(response.status).toBe(400);
    expect(response.body).toMatch(/not a valid Twilio SMS webhook/);
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    expect(await stored(phone)).toBeUndefined();
  });

  it('allows parameters Twilio may add in future', async () => {
    const request = {
      ...smsParams({ from: freshNumber(), to: DEV_LINE_NUMBER, body: 'START' }),
      NewThing: 'x',
    };
    expect((await line.post('/sms', request)).status).toBe(200);
  });
});

describe('Twilio retries (same MessageSid)', () => {
  it('sequential duplicates change state once and get the same answer', async () => {
    const phone = freshNumber();
    await line.text(phone, 'START');
    await line.text(phone, 'RECORDS');
    const sid = `SM${'a'.repeat(32)}`;
    const first = await line.text(phone, 'MORE', sid);
    const again = await line.text(phone, 'MORE', sid);
    expect(again).toEqual(first);
    expect((await stored(phone))?.part).toBe(1);
  });

  it('concurrent duplicates change state once and all get the same answer', async () => {
    const phone = freshNumber();
    const sid = `SM${'b'.repeat(32)}`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => line.text(phone, 'START', sid)));
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    const item = await stored(phone);
    expect(item?.consent).toHaveLength(1);
    expect(item?.version).toBe(1);
  });

  it('a STOP retried after a rejoin does not opt the person out again', async () => {
    const phone = freshNumber();
    const stopSid = `SM${'c'.repeat(32)}`;
    await line.text(phone, 'START');
    await line.text(phone, 'STOP', stopSid);
    await line.text(phone, 'START');
    expect(await line.text(phone, 'STOP', stopSid)).toEqual([content.languages.en.sms.optOut]);
    expect((await stored(phone))?.status).toBe('subscribed');
  });
});

describe('cost per message', () => {
  it('takes at most 2 DynamoDB requests per inbound message in steady state', async () => {
    const phone = freshNumber();
    await line.text(phone, 'START');
    let requests = 0;
    line.app.documentClient.middlewareStack.add(
      (next) => async (args) => {
        requests += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    try {
      for (const body of ['MENU', '1', 'MORE', 'HELP', 'what?']) {
        requests = 0;
        await line.text(phone, body);
        expect(requests, body).toBeLessThanOrEqual(2);
        expect(requests, body).toBeGreaterThan(0);
      }
    } finally {
      line.app.documentClient.middlewareStack.remove('countRequests');
    }
  });
});

describe('unexpected failures', () => {
  it('a store outage: valid TwiML at once, the text queued, applied and answered after recovery', async () => {
    // Its own line on a clock that moves from a London afternoon: the late answer is held in
    // quiet hours, and a frozen clock would never let a retry's backoff pass.
    const outage = await startLine({ clock: afternoonClock() });
    try {
      // A middleware injects the outage (a frozen DynamoDB Local is in tests/chaos).
      outage.app.documentClient.middlewareStack.add(
        () => async () => {
          throw new Error('simulated DynamoDB outage');
        },
        { step: 'initialize', name: 'outage' },
      );
      const phone = freshNumber();
      try {
        const response = await outage.post(
          '/sms',
          smsParams({ from: phone, to: DEV_LINE_NUMBER, body: 'START' }),
        );
        expect(response.status).toBe(200);
        expect(response.contentType).toBe('text/xml');
        expect(parseTwimlMessages(response.body)).toEqual([content.languages.en.sms.deferred]);
        // While the store is still down the queue keeps it: nothing applied, nothing lost.
        await outage.app.intake.drain();
        expect(outage.app.intake.depth()).toBe(1);
      } finally {
        outage.app.documentClient.middlewareStack.remove('outage');
      }
      // The failed try waits out its backoff; then the replay applies it.
      await vi.waitFor(
        async () => {
          await outage.app.intake.drain();
          expect(outage.app.intake.depth()).toBe(0);
        },
        { timeout: 10_000, interval: 100 },
      );
      const person = (await outage.items(phone)).find((item) => item.sk === 'PROFILE');
      expect(person?.status).toBe('subscribed');
      const sent = (await outage.outbox()).filter((entry) => entry.to === phone).map((entry) => entry.body);
      expect(sent[0]).toBe(content.languages.en.sms.sorryForDelay);
      expect(sent[1]).toContain("you're in");
      expect(sent).toHaveLength(2);
      // Counted once, when the replay applied it (the webhook could not know what it was).
      const counted = (name: string) =>
        outage.app.metrics
          .totals()
          .find((series) => series.name === name && Object.keys(series.dimensions).length === 0)?.value;
      expect(counted('InboundText')).toBe(1);
      expect(counted('OptIn')).toBe(1);
    } finally {
      await outage.close();
    }
  });
});
