import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { pathOf, placeCall, type TestCall, verbs } from './voice-harness.js';

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

  it('is none for listening and one for a confirmed text', async () => {
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
      ['start a topic (nothing stored)', () => need(call).press('2'), 0],
      ['next part', () => need(call).press('2'), 0],
      ['hear it again', () => need(call).press('1'), 0],
      ['main menu', () => need(call).press('*'), 0],
      ['say a topic', () => need(call).say('records'), 0],
      ['ask for a text', () => need(call).press('3'), 0],
      [
        'confirm the text (opt-out check, limits and consent in one transaction)',
        () => need(call).press('1'),
        1,
      ],
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

const NEUTRAL = 'If this number can get texts from us, they will arrive in a minute.';

/** Confirms a text of topic `key` of group `group` (keys), from the main menu. */
async function textByKeys(call: TestCall, group: string, key: string) {
  await call.press('*');
  await call.press(group);
  await call.press(key);
  await call.press('3');
  await call.press('1');
  return call.heard();
}

describe('spoofed calls learn nothing and create no person record', () => {
  let line: Line;
  beforeAll(async () => {
    line = await startLine({ clock: { now: () => FRIDAY_NOON_UTC } });
  });
  afterAll(() => line.close());
  const sentTo = async (phone: string) => (await line.outbox()).filter((text) => text.to === phone);

  it('listening to topics stores nothing against the number', async () => {
    const phone = '+447400123502';
    const call = await placeCall(line, phone);
    await call.say('records');
    await call.press('2');
    await call.press('*');
    await call.say('how do I ask');
    expect(await line.items(phone)).toEqual([]);
  });

  it('a confirmed text writes only the minimal one-off consent, with a short TTL', async () => {
    const phone = '+447400123503';
    const call = await placeCall(line, phone);
    await call.say('records');
    await call.press('3');
    await call.press('1');
    expect(call.heard()).toContain(NEUTRAL);
    const items = await line.items(phone);
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(Object.keys(item ?? {}).sort()).toEqual(
      [
        'consent',
        'count',
        'expiresAt',
        'pk',
        'sent',
        'sk',
        expect.stringMatching(/^call_[0-9a-f]{16}$/),
      ].sort(),
    );
    expect(item).toMatchObject({
      sk: 'TEXT-ME-THIS#2026-11-20',
      count: 1,
      consent: [{ action: 'opt-in', keyword: 'TEXT-ME-THIS', channel: 'voice', sid: call.callSid }],
      expiresAt: Math.floor(FRIDAY_NOON_UTC.getTime() / 1000) + 30 * 86_400,
    });
    // Which topic was asked for is not readable from the record.
    expect(JSON.stringify(item)).not.toContain('records');
    expect(await sentTo(phone)).not.toHaveLength(0);
  });

  it('an opted-out number hears exactly what a texted one hears, gets nothing, and nothing is written', async () => {
    const texted = await placeCall(line, '+447400123504');
    await texted.say('records');
    await texted.press('3');
    await texted.press('1');

    const phone = '+447400123505';
    await line.text(phone, 'START');
    await line.text(phone, 'STOP');
    const before = await line.items(phone);
    const call = await placeCall(line, phone);
    await call.say('records');
    await call.press('3');
    await call.press('1');
    expect(call.heard()).toBe(texted.heard());
    expect(await sentTo(phone)).toEqual([]);
    expect(await line.items(phone)).toEqual(before);
  });

  it.each([
    ['+18765550123', 'Jamaica'],
    ['+12425550123', 'the Bahamas'],
    ['+442079460000', 'a UK landline'],
    ['+449098790000', 'a UK premium-rate number'],
    ['+2348012345678', 'Nigeria'],
  ])('%s (%s) hears the same words and is sent nothing', async (phone) => {
    const call = await placeCall(line, phone);
    await call.say('records');
    await call.press('3');
    await call.press('1');
    expect(call.heard()).toContain(NEUTRAL);
    expect(await sentTo(phone)).toEqual([]);
    expect(await line.items(phone)).toEqual([]);
  });
});

describe('text-me-this limits (conditional writes)', () => {
  let line: Line;
  beforeAll(async () => {
    line = await startLine({ clock: { now: () => FRIDAY_NOON_UTC } });
  });
  afterAll(() => line.close());
  const topicsSent = async (phone: string) => {
    const bodies = (await line.outbox()).filter((text) => text.to === phone).map((text) => text.body);
    // Each topic's first text is "part 1 of N".
    return bodies.filter((body) => / 1 of \d+:/.test(body)).length;
  };

  it('one topic is texted once per call, however often it is confirmed', async () => {
    const phone = '+447400123510';
    const call = await placeCall(line, phone);
    for (let round = 0; round < 4; round++) expect(await textByKeys(call, '1', '1')).toContain(NEUTRAL);
    expect(await topicsSent(phone)).toBe(1);
  });

  it('at most 3 topics per call', async () => {
    const phone = '+447400123511';
    const call = await placeCall(line, phone);
    for (const key of ['1', '2', '3', '4']) expect(await textByKeys(call, '1', key)).toContain(NEUTRAL);
    expect(await topicsSent(phone)).toBe(3);
  });

  it('at most 5 per number per day, across calls', async () => {
    const phone = '+447400123512';
    for (let round = 0; round < 4; round++) {
      const call = await placeCall(line, phone);
      await textByKeys(call, '1', '1');
      await textByKeys(call, '1', '2');
    }
    expect(await topicsSent(phone)).toBe(5);
    const [item] = await line.items(phone);
    expect(item?.consent).toHaveLength(5);
  });

  it('10 concurrent replays of one signed confirmation send one topic', async () => {
    const phone = '+447400123513';
    const call = await placeCall(line, phone);
    await call.say('records');
    await call.press('3');
    const gather = call.gather();
    const action = gather?.attributes.action ?? '';
    const params = { ...callParams(call.callSid, phone, DEV_LINE_NUMBER), Digits: '1' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => line.post(pathOf(action), params)));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toContain(NEUTRAL);
    }
    expect(await topicsSent(phone)).toBe(1);
  });

  it('the limits come from the environment', async () => {
    const strict = await startLine({
      clock: { now: () => FRIDAY_NOON_UTC },
      env: { TEXT_ME_THIS_TOPICS_PER_CALL: '1', TEXT_ME_THIS_PER_NUMBER_PER_DAY: '2' },
    });
    try {
      const phone = '+447400123514';
      const call = await placeCall(strict, phone);
      await textByKeys(call, '1', '1');
      await textByKeys(call, '1', '2');
      const second = await placeCall(strict, phone);
      await textByKeys(second, '1', '3');
      await textByKeys(second, '1', '4');
      const third = await placeCall(strict, phone);
      await textByKeys(third, '2', '1');
      const bodies = (await strict.outbox()).filter((text) => text.to === phone).map((text) => text.body);
      expect(bodies.filter((body) => / 1 of \d+:/.test(body))).toHaveLength(2);
    } finally {
      await strict.close();
    }
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
    expect(call.heard()).toContain(NEUTRAL);
    const parts = content.languages.en.topics.find((topic) => topic.id === 'records')?.parts.length;
    expect(received).toHaveLength(parts ?? -1);
    expect(received.map((form) => [form.get('To'), form.get('From')])).toEqual(
      received.map(() => ['+447400123504', '+15005550006']),
    );
  });

  it.each([21614, 21211, 21408, 21612, 21610, 30001])(
    'Twilio refusal %i (a state of the number) sounds like a text sent, and the call goes on',
    async (code) => {
      received.length = 0;
      answer = { status: 400, body: { code, message: 'refused' } };
      const says = NEUTRAL;
      // A new call each time: one topic is texted once per call.
      const call = await textRecords(`+4474001235${String(code).slice(-2)}`);
      expect(call.heard()).toContain(says);
      expect(verbs(call.twiml)).toEqual(['Gather', 'Redirect']);
      expect(received).toHaveLength(1);
    },
  );
});

describe('failures never drop the call', () => {
  const records: CallerRecords = {
    recordTextConsent: async () => 'recorded',
  };
  const settings = {
    supportLines: {},
    dialTimeoutSeconds: 20,
    listenTimeoutSeconds: 6,
    textTimeoutMs: 200,
    textLimits: {
      perTopicPerCall: 1,
      topicsPerCall: 3,
      perNumberPerDay: 5,
      consentRetentionDays: 30,
    } as const,
  };

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
