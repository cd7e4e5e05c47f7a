import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeDynamoSubscriberStore } from '../../functions/adapters/dynamodb/subscriber-store.js';
import { languageContent } from '../../functions/core/sms-render.js';
import { renderTopicTexts } from '../../functions/core/topic-texts.js';
import { DEV_AUTH_TOKEN } from '../../infra/local/dev-defaults.js';
import { signTwilioRequest } from '../../infra/local/twilio-signing.js';
import { content } from '../fixtures/content.js';
import { type Line, PUBLIC_URL, startLine } from './line-harness.js';
import { pathOf, placeCall, says, verbs } from './voice-harness.js';

const voice = languageContent(content, 'en').voice;
const topics = content.languages.en.topics;
const groups = voice.groups ?? [];
const UK_CALLER = '+447400123456';
const CA_CALLER = '+14165550199';
/** Friday 20 Nov 2026 12:00 UTC: 12:00 in London (open), 07:00 in Toronto (closed). */
const FRIDAY_NOON_UTC = new Date('2026-11-20T12:00:00Z');
const SATURDAY_NOON_UTC = new Date('2026-11-21T12:00:00Z');
const UK_SUPPORT_LINE = '+442079460018';

let line: Line;
let now = FRIDAY_NOON_UTC;

beforeAll(async () => {
  line = await startLine({ clock: { now: () => now }, env: { SUPPORT_LINE_UK: UK_SUPPORT_LINE } });
});
afterAll(() => line.close());

const store = () => makeDynamoSubscriberStore(line.app.documentClient, line.tableName);
const OutboxSchema = z.array(
  z.object({ to: z.string(), from: z.string(), body: z.string(), at: z.string() }),
);
const outbox = async () => OutboxSchema.parse(await (await line.dev(`/dev/outbox`)).json());

describe('answering', () => {
  it('greets with TwiML built for a phone menu: Gather for keys and speech, then a Redirect', async () => {
    const call = await placeCall(line, UK_CALLER);
    expect(verbs(call.twiml)).toEqual(['Gather', 'Redirect']);
    const gather = call.gather();
    // One step in: the caller pressed 1 (English) at the language choice (see spanish-sms.test.ts).
    const action = `${PUBLIC_URL}/voice/menu?lang=en&misses=0&turns=1`;
    expect(gather?.attributes).toMatchObject({
      input: 'dtmf speech',
      numDigits: '1',
      timeout: '6',
      speechTimeout: 'auto',
      method: 'POST',
      action,
      language: 'en-GB',
    });
    expect(gather?.attributes.hints).toContain('records');
    expect(gather?.attributes.hints).toContain('person');
    expect(call.twiml.children[1]?.text).toBe(action);
    for (const say of says(call.twiml)) {
      expect(say.attributes).toEqual({ voice: 'Polly.Amy-Neural', language: 'en-GB' });
      expect(say.children.map((child) => [child.name, child.attributes.rate])).toEqual([['prosody', '90%']]);
    }
    expect(call.heard()).toContain('Welcome to the Second Opinion Line');
    expect(call.heard()).toContain(
      'It is not medical advice. If this is an emergency, hang up and call 9 9 9.',
    );
    expect(call.heard()).toContain(`For ${groups[0]?.spoken}, press 1.`);
  });

  it('says 911 and uses a US voice for a North American caller', async () => {
    const call = await placeCall(line, CA_CALLER);
    expect(call.heard()).toContain('hang up and call 9 1 1');
    expect(says(call.twiml)[0]?.attributes.voice).toBe('Polly.Joanna-Neural');
  });
});

describe('the whole call tree', () => {
  it('every group, every topic and every part, and nothing stored against the number', async () => {
    const caller = '+447400123401';
    const call = await placeCall(line, caller);
    for (const [g, group] of groups.entries()) {
      for (const [t, id] of group.topics.entries()) {
        await call.press(String(g + 1));
        expect(call.heard()).toContain(`For ${topics.find((x) => x.id === id)?.spoken}, press ${t + 1}.`);
        await call.press(String(t + 1));
        const topic = topics.find((x) => x.id === id);
        if (topic === undefined) throw new Error(id);
        for (let part = 0; part < topic.parts.length; part++) {
          if (part > 0) await call.press('2');
          if (topic.parts.length > 1)
            expect(call.heard()).toContain(`Part ${part + 1} of ${topic.parts.length}.`);
          const gather = call.gather();
          expect(gather?.attributes.action).toBe(
            `${PUBLIC_URL}/voice/topic?lang=en&misses=0&turns=${new URL(gather?.attributes.action ?? '').searchParams.get('turns')}&topic=${id}&part=${part}`,
          );
          expect(
            gather?.children.some((node) => node.name === 'Pause' && node.attributes.length === '1'),
          ).toBe(true);
        }
        expect(call.heard()).toContain('That is the end of this topic.');
        expect(call.heard()).not.toContain('For the next part');
        await call.press('*');
        expect(call.heard()).toContain('To talk to a person, press 0.');
      }
    }
    // Caller ID can be spoofed: what a call heard is never written against the number.
    expect(await store().get(caller)).toBeUndefined();
  });

  it('a topic said at the first level is read at once', async () => {
    const call = await placeCall(line, UK_CALLER);
    await call.say('How do I get my medical records?');
    expect(call.heard()).toContain('What records to gather.');
  });
});

describe('text me this', () => {
  it('confirms, texts every part of the topic to the caller and records a one-off consent', async () => {
    const caller = '+447400123402';
    const call = await placeCall(line, caller);
    await call.say('records');
    await call.press('3');
    expect(call.heard()).toBe(
      'We will send this topic by text to the number you are calling from. Standard rates may apply. To confirm, press 1. To go back, press 2.',
    );
    expect(call.gather()?.attributes.action).toContain('/voice/confirm?');
    const before = (await outbox()).length;
    await call.press('1');
    expect(call.heard()).toContain('If this number can get texts from us, they will arrive in a minute.');
    expect(call.gather()?.attributes.action).toContain('/voice/topic?');

    const topic = topics.find((x) => x.id === 'records');
    if (topic === undefined) throw new Error('records');
    const sent = (await outbox()).slice(before);
    expect(sent.map((message) => message.to)).toEqual(topic.parts.map(() => caller));
    expect(sent.map((message) => message.body)).toEqual(renderTopicTexts(content, 'en', topic, 'uk'));
    expect(sent[0]?.body.startsWith('Second Opinion Line, 1 of')).toBe(true);

    // No person record: the one-off consent lives in its own short-lived item.
    expect(await store().get(caller)).toBeUndefined();
    const [consent, ...others] = await line.items(caller);
    expect(others).toEqual([]);
    expect(consent?.consent).toEqual([
      {
        at: now.toISOString(),
        action: 'opt-in',
        keyword: 'TEXT-ME-THIS',
        channel: 'voice',
        sid: call.callSid,
      },
    ]);
  });

  it('going back sends nothing', async () => {
    const call = await placeCall(line, '+447400123403');
    await call.say('records');
    await call.press('3');
    const before = (await outbox()).length;
    await call.press('2');
    expect(call.heard()).toContain('To hear that again, press 1.');
    expect((await outbox()).length).toBe(before);
  });

  it('never texts a number that opted out, and says only what it says to everyone', async () => {
    const caller = '+447400123404';
    await line.text(caller, 'START');
    await line.text(caller, 'STOP');
    const call = await placeCall(line, caller);
    await call.say('records');
    await call.press('3');
    const before = (await outbox()).length;
    await call.press('1');
    expect(call.heard()).toContain('If this number can get texts from us, they will arrive in a minute.');
    expect(call.heard()).not.toMatch(/opted out/i);
    expect((await outbox()).length).toBe(before);
    const stored = await store().get(caller);
    expect(stored?.subscriber.status).toBe('opted-out');
    expect(stored?.subscriber.consent.map((event) => event.keyword)).toEqual(['START', 'STOP']);
  });

  it('a withheld number hears no text option, is told why on 3, and nothing is stored', async () => {
    const call = await placeCall(line, '+266696687');
    await call.say('records');
    expect(call.heard()).not.toContain('text message');
    await call.press('3');
    expect(call.heard()).toContain('Sorry, we cannot send a text to the number you are calling from.');
    expect(await store().get('+266696687')).toBeUndefined();
  });
});

describe('talking to a person', () => {
  it('in hours: transfers with <Dial> to the region line, and comes back to the menu if nobody answers', async () => {
    now = FRIDAY_NOON_UTC;
    const call = await placeCall(line, UK_CALLER);
    await call.press('0');
    expect(verbs(call.twiml)).toEqual(['Say', 'Dial']);
    const dial = call.twiml.children[1];
    expect(dial?.text).toBe(UK_SUPPORT_LINE);
    expect(dial?.attributes).toMatchObject({ timeout: '20', method: 'POST' });
    expect(dial?.attributes.action).toMatch(
      new RegExp(`^${PUBLIC_URL}/voice/dialled\\?lang=en&misses=0&turns=\\d+$`),
    );
    await call.answer({ silence: true }, 'no-answer');
    expect(call.heard()).toContain('Sorry, nobody could answer just now.');
    expect(verbs(call.twiml)).toEqual(['Gather', 'Redirect']);
  });

  it('a transfer that was answered ends the call when the person hangs up', async () => {
    const call = await placeCall(line, UK_CALLER);
    await call.say('can I talk to someone');
    await call.answer({ silence: true }, 'completed');
    expect(verbs(call.twiml)).toEqual(['Say', 'Hangup']);
  });

  it('out of hours: says the hours, offers text-me-this and the menu', async () => {
    now = SATURDAY_NOON_UTC;
    try {
      const call = await placeCall(line, UK_CALLER);
      await call.press('0');
      expect(call.heard()).toContain(
        'Our team takes calls Monday to Friday, from 9 in the morning to 5 in the afternoon, UK time.',
      );
      expect(call.heard()).toContain('You can get any topic by text instead.');
      expect(verbs(call.twiml)).toEqual(['Gather', 'Redirect']);
      expect(call.gather()?.attributes.action).toContain('/voice/menu?');
    } finally {
      now = FRIDAY_NOON_UTC;
    }
  });

  it('a region with no line configured says so and offers the menu', async () => {
    const call = await placeCall(line, CA_CALLER);
    await call.press('0');
    expect(call.heard()).toContain('Sorry, we cannot put you through to a person on this line yet.');
    expect(verbs(call.twiml)).toEqual(['Gather', 'Redirect']);
  });
});

describe('limits', () => {
  it('no input: two re-prompts, then a goodbye naming the text line and <Hangup/>', async () => {
    const call = await placeCall(line, UK_CALLER);
    await call.silence();
    expect(call.heard().startsWith('Sorry, we did not hear anything.')).toBe(true);
    await call.silence();
    expect(verbs(call.twiml)).toEqual(['Gather', 'Redirect']);
    await call.silence();
    expect(verbs(call.twiml)).toEqual(['Say', 'Hangup']);
    expect(call.heard()).toContain('You can also text START to this number');
    expect(call.ended).toBe(true);
  });

  it('invalid keys: "not an option" and the same menu, then goodbye after the third', async () => {
    const call = await placeCall(line, UK_CALLER);
    const menu = call.gather()?.attributes.action;
    await call.press('9');
    expect(call.heard().startsWith('Sorry, that is not an option.')).toBe(true);
    expect(call.heard()).toContain(`For ${groups[0]?.spoken}, press 1.`);
    expect(call.gather()?.attributes.action).toBe(menu?.replace('misses=0&turns=1', 'misses=1&turns=2'));
    await call.press('8');
    await call.press('#');
    expect(verbs(call.twiml)).toEqual(['Say', 'Hangup']);
  });
});

describe('forged requests', () => {
  it.each([
    [
      'a signature for another query string',
      (url: string) => ({ signatureUrl: url.replace('misses=0', 'misses=1') }),
    ],
    ['a signature for the URL without its query', (url: string) => ({ signatureUrl: url.split('?')[0] })],
    ['a signature for the local address', () => ({ signatureUrl: `${line.baseUrl}/voice/topic` })],
    ['no signature', () => ({ signature: null })],
    ['a made-up signature', () => ({ signature: 'bm90IGEgc2lnbmF0dXJl' })],
  ] as const)('an action URL with %s: 403 and nothing written', async (_, forge) => {
    const caller = '+447400123499';
    const call = await placeCall(line, caller);
    await call.press('1');
    const action = call.gather()?.attributes.action ?? '';
    const params = {
      CallSid: call.callSid,
      AccountSid: 'AC00000000000000000000000000000000',
      From: caller,
      To: '+15005550006',
      Digits: '2',
    };
    const response = await line.post(pathOf(action), params, forge(action));
    expect(response.status).toBe(403);
    expect(response.body).not.toContain('<Response');
    expect(await store().get(caller)).toBeUndefined();
  });

  it('a signed request whose parameters were changed afterwards is refused', async () => {
    const call = await placeCall(line, UK_CALLER);
    const action = call.gather()?.attributes.action ?? '';
    const params = { CallSid: call.callSid, From: UK_CALLER, To: '+15005550006', Digits: '1' };
    const signed = await line.post(pathOf(action), params);
    expect(signed.status).toBe(200);
    const signature = signTwilioRequest(DEV_AUTH_TOKEN, `${PUBLIC_URL}${pathOf(action)}`, params);
    const response = await line.post(pathOf(action), { ...params, Digits: '0' }, { signature });
    expect(response.status).toBe(403);
  });
});

describe('bad input', () => {
  it.each([
    [
      'a CallSid that is not CA + 32 hex',
      '/voice',
      { CallSid: 'CA123', From: UK_CALLER, To: '+15005550006' },
    ],
    ['no From', '/voice', { CallSid: `CA${'a'.repeat(32)}`, To: '+15005550006' }],
    [
      'an unknown step',
      '/voice/elsewhere?lang=en&misses=0&turns=0',
      { CallSid: `CA${'a'.repeat(32)}`, From: UK_CALLER, To: '+1' },
    ],
    [
      'a language with no such code',
      '/voice/menu?lang=fr&misses=0&turns=0',
      { CallSid: `CA${'a'.repeat(32)}`, From: UK_CALLER, To: '+1' },
    ],
    [
      'a negative count',
      '/voice/menu?lang=en&misses=-1&turns=0',
      { CallSid: `CA${'a'.repeat(32)}`, From: UK_CALLER, To: '+1' },
    ],
    [
      'an extra state field',
      '/voice/menu?lang=en&misses=0&turns=0&admin=1',
      { CallSid: `CA${'a'.repeat(32)}`, From: UK_CALLER, To: '+1' },
    ],
  ])('%s: 400 (signed, so it is not a forgery)', async (_, path, params) => {
    const response = await line.post(path, params);
    expect(response.status).toBe(400);
  });

  it('unknown extra parameters from Twilio are fine', async () => {
    const response = await line.post('/voice', {
      CallSid: `CA${'b'.repeat(32)}`,
      From: UK_CALLER,
      To: '+15005550006',
      CallerName: 'A Person',
      StirVerstat: 'TN-Validation-Passed-A',
    });
    expect(response.status).toBe(200);
  });
});
