import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../functions/adapters/logging.js';
import { CALL_STEPS } from '../../functions/core/call-menu.js';
import { callParams, parseVoiceTwiml } from '../../infra/local/call-simulator.js';
import { DEV_ACCOUNT_SID, DEV_AUTH_TOKEN, DEV_LINE_NUMBER } from '../../infra/local/dev-defaults.js';
import { parseTwimlMessages, signTwilioRequest, smsParams } from '../../infra/local/twilio-signing.js';
import { type Line, PUBLIC_URL, quietLogger, startLine } from './line-harness.js';

/**
 * Correctly signed requests with hostile parameter names and values, on every route. The
 * promise is stronger than "no 5xx": not one request may reach the handlers' last-resort
 * error path (which logs an error and answers with an apology). FUZZ_RUNS sets the number of
 * requests (800 by default; raise it for a longer search).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 800);

const errors: unknown[][] = [];
const recordingLogger: Logger = { ...quietLogger, error: (...args: unknown[]) => errors.push(args) };
let line: Line;
beforeAll(async () => {
  line = await startLine({ logger: recordingLogger, env: { SUPPORT_LINE_UK: '+442079460018' } });
});
afterAll(() => line.close());

/** Names that mean something to JavaScript objects, and names Twilio uses. */
const OBJECT_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
  '__lookupSetter__',
  'propertyIsEnumerable',
  'toLocaleString',
];
const TWILIO_NAMES = [
  'Digits',
  'SpeechResult',
  'Body',
  'From',
  'To',
  'MessageSid',
  'CallSid',
  'AccountSid',
  'MessageStatus',
  'ErrorCode',
  'DialCallStatus',
  'NumMedia',
];
const HOSTILE_VALUES = [
  ...OBJECT_NAMES,
  '',
  ' ',
  '\u0000',
  '%00',
  '\uFEFF',
  '\u202Eevil',
  '<Say>hi</Say>',
  ']]><x>',
  '&amp;&lt;',
  // Log4Shell's probe, written without a template literal.
  ['$', '{jndi:ldap://x/a}'].join(''),
  "'; DROP TABLE x; --",
  '../../etc/passwd',
  'NaN',
  '-1',
  '1e309',
  '9'.repeat(40),
  '🙂👍🏽',
  'STOP',
  'DELETE MY DATA',
  'DELETE',
  'I want to end my life',
  '+18765550123',
  '+449098790000',
  'anonymous',
  'x'.repeat(1700),
];
const name = fc.oneof(
  fc.constantFrom(...OBJECT_NAMES.filter((n) => !['__proto__', 'constructor', 'prototype'].includes(n))),
  fc.constantFrom(...TWILIO_NAMES),
  fc.string({ minLength: 1, maxLength: 16 }),
);
const value = fc.oneof(
  fc.constantFrom(...HOSTILE_VALUES),
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
);
const extras = fc.array(fc.tuple(name, value), { maxLength: 6 });

const voiceQuery = fc
  .record(
    {
      lang: fc.constantFrom('en', 'es', 'toString', '__proto__'),
      misses: fc.constantFrom('0', '1', '2', 'valueOf'),
      turns: fc.constantFrom('1', '5', '199', '200'),
      group: fc.constantFrom('0', '1', '2', 'constructor'),
      topic: fc.constantFrom('records', 'ask', 'after', 'tostring', 'constructor', 'proto'),
      part: fc.constantFrom('0', '1', '5'),
    },
    { requiredKeys: ['lang', 'misses', 'turns'] },
  )
  .map((query) => new URLSearchParams(query).toString());

type Route = { path: string; base: Record<string, string> };
const route: fc.Arbitrary<Route> = fc.oneof(
  fc.constant(null).map(() => ({
    path: '/sms',
    base: smsParams({
      from: `+4474009${String(Math.floor(Math.random() * 90_000) + 10_000)}`,
      to: DEV_LINE_NUMBER,
      body: 'MENU',
    }),
  })),
  fc.constant(null).map(() => ({
    path: '/sms/status',
    base: { MessageSid: `SM${'1'.repeat(32)}`, AccountSid: DEV_ACCOUNT_SID, MessageStatus: 'delivered' },
  })),
  fc.constant({
    path: '/voice',
    base: callParams(`CA${'2'.repeat(32)}`, '+447400123456', DEV_LINE_NUMBER, 'ringing'),
  }),
  fc
    .tuple(
      fc.constantFrom(...CALL_STEPS),
      voiceQuery,
      fc.constantFrom('+447400123456', '+12025550143', '+18765550123', 'anonymous'),
    )
    .map(([step, query, from]) => ({
      path: `/voice/${step}?${query}`,
      base: callParams(`CA${'3'.repeat(32)}`, from, DEV_LINE_NUMBER),
    })),
);

/** Signs the pairs as Twilio would (over the parameters by name) and posts them in this order. */
async function postPairs(path: string, pairs: [string, string][]) {
  const params: Record<string, string> = Object.create(null);
  for (const [key, v] of pairs) params[key] = v;
  const signature = signTwilioRequest(DEV_AUTH_TOKEN, `${PUBLIC_URL}${path}`, params);
  const body = new URLSearchParams();
  for (const [key, v] of Object.entries(params)) body.append(key, v);
  const response = await fetch(`${line.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
    body,
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}

describe('signed fuzz on every route', () => {
  it(`${RUNS} signed requests with hostile names and values: 0 handler errors, valid answers`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(route, extras, async ({ path, base }, extra) => {
        const pairs: [string, string][] = [...Object.entries(base), ...extra];
        const response = await postPairs(path, pairs);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, response.body).toBeLessThan(500);
        if (response.status === 200 && path === '/sms') parseTwimlMessages(response.body);
        if (response.status === 200 && path.startsWith('/voice')) {
          expect(parseVoiceTwiml(response.body).name).toBe('Response');
          expect(response.body).not.toContain('something went wrong');
        }
        if (response.status === 200 && path === '/sms')
          expect(response.body).not.toContain('went wrong on our side');
      }),
      { numRuns: RUNS },
    );
    expect(errors).toEqual([]);
    // Not vacuous: most requests reach the handlers and are answered.
    expect((statuses.get(200) ?? 0) + (statuses.get(204) ?? 0)).toBeGreaterThan(RUNS / 3);
  }, 600_000);

  it.each(['/sms', '/sms/status', '/voice', '/voice/topic?lang=en&misses=0&turns=3&topic=records&part=0'])(
    '%s: a __proto__, constructor or prototype parameter is a clear 400',
    async (path) => {
      for (const reserved of ['__proto__', 'constructor', 'prototype']) {
        const response = await postPairs(path, [
          ...Object.entries(callParams(`CA${'4'.repeat(32)}`, '+447400123456', DEV_LINE_NUMBER)),
          [reserved, 'x'],
        ]);
        expect(response.status).toBe(400);
        expect(response.body).toBe(`parameter name not allowed: ${reserved}`);
      }
    },
  );

  it.each(['toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty'])(
    'Digits=%s at /voice/topic and /voice/confirm is an ordinary wrong key',
    async (digits) => {
      for (const step of ['topic', 'confirm']) {
        const response = await postPairs(`/voice/${step}?lang=en&misses=0&turns=3&topic=records&part=0`, [
          ...Object.entries(callParams(`CA${'5'.repeat(32)}`, '+447400123456', DEV_LINE_NUMBER)),
          ['Digits', digits],
        ]);
        expect(response.status).toBe(200);
        expect(response.body).toContain('Sorry, that is not an option.');
      }
      expect(errors).toEqual([]);
    },
  );

  it('signed requests whose parameters are named like Object methods are accepted, not 403', async () => {
    const response = await postPairs('/sms', [
      ...Object.entries(smsParams({ from: '+447400123999', to: DEV_LINE_NUMBER, body: 'HELP' })),
      ['toString', '1'],
      ['hasOwnProperty', '2'],
    ]);
    expect(response.status).toBe(200);
  });
});
