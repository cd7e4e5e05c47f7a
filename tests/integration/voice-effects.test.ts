import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoCallerRecords } from '../../functions/adapters/dynamodb/caller-records.js';
import { makeDynamoSubscriberStore } from '../../functions/adapters/dynamodb/subscriber-store.js';
import type { Logger } from '../../functions/adapters/logging.js';
import { makeTwilioMessenger } from '../../functions/adapters/twilio/messenger.js';
import type { CallerRecords } from '../../functions/core/caller-records.js';
import type { Messenger } from '../../functions/core/ports.js';
import { makeVoiceHandler } from '../../functions/voice/handler.js';
import { callParams, newCallSid, parseVoiceTwiml } from '../../infra/local/call-simulator.js';
import { DEV_AUTH_TOKEN, DEV_LINE_NUMBER } from '../../infra/local/dev-defaults.js';
import { createLocalServer, listen } from '../../infra/local/http-adapter.js';
import { postSignedForm } from '../../infra/local/twilio-signing.js';
import { content } from '../fixtures/content.js';
import { type Line, PUBLIC_URL, quietLogger, startLine } from './line-harness.js';
import { placeCall, type TestCall, verbs } from './voice-harness.js';

const FRIDAY_NOON_UTC = new Date('2026-11-20T12:00:00Z');

describe('DynamoDB requests per step', () => {
  let line: Line;
  let requests = 0;
  beforeAll(async () => {
    line = await startLine({ clock: { now: () => FRIDAY_NOON_UTC } });
    line.app.documentClient.middlewareStack.add(
      (next) => async (args) => {
        requests += 1;
        return next(args);
      },
      { step: 'initialize' },
    );
  });
  afterAll(() => line.close());

  it('is at most one for every step of a call', async () => {
    const counted = async (act: () => Promise<unknown>) => {
      const before = requests;
      await act();
      return requests - before;
    };
    let call: TestCall | undefined;
    const steps: [string, () => Promise<unknown>, number][] = [
      [
        'answer',
        async () => {
          call = await placeCall(line, '+447400123501');
        },
        0,
      ],
      ['open a group', () => need(call).press('2'), 0],
      ['start a topic (stored as heard)', () => need(call).press('2'), 1],
      ['next part', () => need(call).press('2'), 0],
      ['hear it again', () => need(call).press('1'), 0],
      ['main menu', () => need(call).press('*'), 0],
      ['say the same topic again (already heard: one conditional write)', () => need(call).say('records'), 1],
      ['ask for a text', () => need(call).press('3'), 0],
      ['confirm the text (consent + opt-out check in one write)', () => need(call).press('1'), 1],
      ['silence', () => need(call).silence(), 0],
      ['talk to a person', () => need(call).press('0'), 0],
    ];
    const counts = [];
    for (const [name, act] of steps) counts.push([name, await counted(act)]);
    expect(counts).toEqual(steps.map(([name, , expected]) => [name, expected]));
  });
});

function need(call: TestCall | undefined): TestCall {
  if (call === undefined) throw new Error('no call placed');
  return call;
}

describe('sharing the person record with the text line', () => {
  let line: Line;
  beforeAll(async () => {
    line = await startLine({ clock: { now: () => FRIDAY_NOON_UTC } });
  });
  afterAll(() => line.close());

  it('a caller who later texts keeps the heard topics; the text line reads and writes the record as its own', async () => {
    const phone = '+447400123502';
    const store = makeDynamoSubscriberStore(line.app.documentClient, line.tableName);
    const call = await placeCall(line, phone);
    await call.say('records');
    expect(await store.get(phone)).toMatchObject({
      version: 1,
      subscriber: { status: 'new', visited: ['records'] },
    });

    expect((await line.text(phone, 'START'))[0]).toContain("you're in");
    await call.press('*');
    await call.say('how do I ask');
    await line.text(phone, 'records');
    const stored = await store.get(phone);
    expect(stored?.subscriber).toMatchObject({ status: 'subscribed', visited: ['records', 'ask'] });
    expect(stored?.version).toBe(4);
  });

  it('a call writing between the text line reading and saving makes the text line retry, not overwrite', async () => {
    const phone = '+447400123503';
    const store = makeDynamoSubscriberStore(line.app.documentClient, line.tableName);
    const callers = makeDynamoCallerRecords(line.app.documentClient, line.tableName);
    await line.text(phone, 'START');
    const read = await store.get(phone);
    if (read === undefined) throw new Error('no record');
    await callers.recordHeard({ phone, region: 'uk', language: 'en' }, 'benefits', FRIDAY_NOON_UTC);
    const result = await store.save(
      { ...read.subscriber, visited: ['after'] },
      { expectedVersion: read.version, previousRecent: read.recent, processed: { sid: 'SMx', replies: [] } },
    );
    expect(result).toBe('conflict');
    expect((await store.get(phone))?.subscriber.visited).toEqual(['benefits']);
  });
});

describe('text me this through the Twilio Messages API (TWILIO_API_BASE_URL)', () => {
  let fake: Server;
  let fakeUrl = '';
  const received: URLSearchParams[] = [];
  let answer: { status: number; body: object } = { status: 201, body: { sid: `SM${'1'.repeat(32)}` } };
  let line: Line;

  beforeAll(async () => {
    fake = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push(new URLSearchParams(body));
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    fakeUrl = `http://127.0.0.1:${await listen(fake, 0)}`;
    line = await startLine({
      clock: { now: () => FRIDAY_NOON_UTC },
      env: {
        TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
        TWILIO_FROM: '+15005550006',
        TWILIO_API_BASE_URL: fakeUrl,
      },
    });
  });
  afterAll(async () => {
    await line.close();
    fake.close();
  });

  const textRecords = async (phone: string) => {
    const call = await placeCall(line, phone);
    await call.say('records');
    await call.press('3');
    await call.press('1');
    return call;
  };

  it('posts each part to the caller from the line number', async () => {
    received.length = 0;
    answer = { status: 201, body: { sid: `SM${'1'.repeat(32)}` } };
    const call = await textRecords('+447400123504');
    expect(call.heard()).toContain('Done. We have sent it by text.');
    const parts = content.languages.en.topics.find((topic) => topic.id === 'records')?.parts.length;
    expect(received).toHaveLength(parts ?? -1);
    expect(received.map((form) => [form.get('To'), form.get('From')])).toEqual(
      received.map(() => ['+447400123504', '+15005550006']),
    );
  });

  it.each([
    [21614, 'Sorry, we cannot send a text to the number you are calling from.'],
    [21211, 'Sorry, we cannot send a text to the number you are calling from.'],
    [21408, 'Sorry, we could not send the text just now.'],
    [21612, 'Sorry, we cannot send a text to the number you are calling from.'],
    [21610, 'This number has opted out of our texts'],
    [30001, 'Sorry, we could not send the text just now.'],
  ])('Twilio error %i is spoken, and the call goes on', async (code, says) => {
    received.length = 0;
    answer = { status: 400, body: { code, message: 'refused' } };
    const call = await textRecords('+447400123505');
    expect(call.heard()).toContain(says);
    expect(verbs(call.twiml)).toEqual(['Gather', 'Redirect']);
    expect(received).toHaveLength(1);
  });
});

describe('failures never drop the call', () => {
  const records: CallerRecords = {
    recordHeard: async () => {},
    recordTextConsent: async () => 'recorded',
  };
  const settings = { supportLines: {}, dialTimeoutSeconds: 20, listenTimeoutSeconds: 6, textTimeoutMs: 200 };

  async function serve(overrides: {
    messenger?: Messenger;
    callers?: CallerRecords;
    now?: () => Date;
    logger?: Logger;
  }) {
    const handler = makeVoiceHandler({
      content,
      clock: { now: overrides.now ?? (() => FRIDAY_NOON_UTC) },
      logger: overrides.logger ?? quietLogger,
      callers: overrides.callers ?? records,
      messenger: overrides.messenger ?? { send: async () => ({ outcome: 'sent', sid: 'SM1' }) },
      settings: { defaultRegion: 'uk' },
      voice: settings,
      publicUrl: PUBLIC_URL,
      authToken: async () => DEV_AUTH_TOKEN,
    });
    const server = createLocalServer([
      { method: 'POST', path: '/voice', handler },
      { method: 'POST', path: '/voice/*', handler },
    ]);
    const base = `http://127.0.0.1:${await listen(server, 0)}`;
    const post = (path: string, extra: Record<string, string> = {}) =>
      postSignedForm(
        `${base}${path}`,
        { ...callParams(newCallSid(), '+447400123506', DEV_LINE_NUMBER), ...extra },
        DEV_AUTH_TOKEN,
        { signatureUrl: `${PUBLIC_URL}${path}` },
      );
    return { post, close: () => server.close() };
  }

  const confirmPath = '/voice/confirm?lang=en&misses=0&turns=4&topic=records&part=0';

  /**
   * The voice line's Twilio messenger times out at the caller's wait (buildVoiceDeps), here
   * against an API that never answers: the request is abandoned, not left running.
   */
  const silentApi = { started: 0, aborted: 0 };
  const silentTwilio = makeTwilioMessenger({
    accountSid: `AC${'a'.repeat(32)}`,
    authToken: async () => DEV_AUTH_TOKEN,
    sender: { from: DEV_LINE_NUMBER },
    timeoutMs: settings.textTimeoutMs,
    fetch: (_url, init) =>
      new Promise<Response>((_resolve, reject) => {
        silentApi.started += 1;
        init?.signal?.addEventListener('abort', () => {
          silentApi.aborted += 1;
          reject(init.signal?.reason);
        });
      }),
  });

  it.each([
    ['a Twilio API that never answers', silentTwilio],
    ['a send that throws', { send: async () => Promise.reject(new Error('socket hang up')) }],
    ['a retryable failure', { send: async () => ({ outcome: 'retryable', reason: '503' }) }],
  ] as [string, Messenger][])(
    '%s: "could not send" and the topic options, within the timeout',
    async (_, messenger) => {
      const line = await serve({ messenger });
      try {
        const started = Date.now();
        const response = await line.post(confirmPath, { Digits: '1' });
        expect(Date.now() - started).toBeLessThan(1_500);
        expect(response.status).toBe(200);
        const twiml = parseVoiceTwiml(response.body);
        expect(response.body).toContain('we could not send the text just now');
        expect(verbs(twiml)).toEqual(['Gather', 'Redirect']);
        // Nothing is still on its way to Twilio once the caller has heard the outcome.
        if (messenger === silentTwilio) expect(silentApi).toEqual({ started: 1, aborted: 1 });
      } finally {
        line.close();
      }
    },
  );

  it('a send that throws is logged by error name, without the number or the text', async () => {
    const warnings: unknown[][] = [];
    const line = await serve({
      messenger: { send: async () => Promise.reject(new TypeError('token unreadable +447400123506')) },
      logger: { ...quietLogger, warn: (...args: unknown[]) => warnings.push(args) },
    });
    try {
      const response = await line.post(confirmPath, { Digits: '1' });
      expect(response.body).toContain('we could not send the text just now');
      const sendWarnings = warnings.filter(([message]) => message === 'text-me-this send failed');
      expect(sendWarnings).toHaveLength(1);
      expect(sendWarnings[0]?.[1]).toMatchObject({ errorName: 'TypeError' });
      expect(JSON.stringify(warnings)).not.toContain('+447400123506');
    } finally {
      line.close();
    }
  });

  it('a store that cannot record the consent sends nothing and says so', async () => {
    let sends = 0;
    const line = await serve({
      callers: { ...records, recordTextConsent: async () => Promise.reject(new Error('throttled')) },
      messenger: {
        send: async () => {
          sends += 1;
          return { outcome: 'sent', sid: 'SM1' };
        },
      },
    });
    try {
      const response = await line.post(confirmPath, { Digits: '1' });
      expect(response.body).toContain('we could not send the text just now');
      expect(sends).toBe(0);
    } finally {
      line.close();
    }
  });

  it('a store that cannot record a heard topic still reads the topic', async () => {
    const line = await serve({
      callers: { ...records, recordHeard: async () => Promise.reject(new Error('throttled')) },
    });
    try {
      const response = await line.post('/voice/menu?lang=en&misses=0&turns=1', { SpeechResult: 'records' });
      expect(response.status).toBe(200);
      expect(response.body).toContain('What records to gather.');
    } finally {
      line.close();
    }
  });

  it('anything unexpected: a spoken apology and <Hangup/>, never a 5xx', async () => {
    const line = await serve({
      now: () => {
        throw new Error('clock broke');
      },
    });
    try {
      const response = await line.post('/voice');
      expect(response.status).toBe(200);
      expect(response.contentType).toBe('text/xml');
      const twiml = parseVoiceTwiml(response.body);
      expect(verbs(twiml)).toEqual(['Say', 'Hangup']);
      expect(twiml.children[0]?.text).toContain('Sorry, something went wrong on our side.');
    } finally {
      line.close();
    }
  });
});
