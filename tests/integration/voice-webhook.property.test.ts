import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_STEPS } from '../../functions/core/call-menu.js';
import { callParams, parseVoiceTwiml } from '../../infra/local/call-simulator.js';
import { DEV_LINE_NUMBER } from '../../infra/local/dev-defaults.js';
import { type Line, startLine } from './line-harness.js';

let line: Line;
beforeAll(async () => {
  line = await startLine({ env: { SUPPORT_LINE_UK: '+442079460018' } });
});
afterAll(() => line.close());

/** Answers with TwiML, so the properties are known to reach the menu and not only the 400 path. */
let answered = 0;

/** The webhook's promise: a 4xx, or a 200 with TwiML whose root is <Response>; never a 5xx. */
function expectTwimlOr4xx(response: { status: number; contentType: string; body: string }) {
  expect(response.status, response.body).toBeLessThan(500);
  if (response.status === 200) {
    answered += 1;
    expect(response.contentType).toBe('text/xml');
    expect(parseVoiceTwiml(response.body).name).toBe('Response');
  } else {
    expect(response.status).toBeGreaterThanOrEqual(400);
  }
}

const callSid = fc.stringMatching(/^CA[0-9a-f]{32}$/);
const from = fc.oneof(
  fc.constantFrom('+447400123456', '+14165550199', '+12025550143', '+266696687', 'anonymous', 'client:alice'),
  fc.stringMatching(/^\+[1-9]\d{6,14}$/),
);
/** A state query as the line writes it, with values stretched to and past their limits. */
const stateQuery = fc
  .record(
    {
      lang: fc.constantFrom('en', 'es', 'fr'),
      misses: fc.oneof(fc.nat(5), fc.constantFrom(-1, 99, 100)),
      turns: fc.oneof(fc.nat(250), fc.constant(99999)),
      group: fc.nat(8),
      topic: fc.constantFrom('ask', 'records', 'after', 'gone', 'Not-A-Topic'),
      part: fc.nat(9),
    },
    { requiredKeys: ['lang', 'misses', 'turns'] },
  )
  .map((query) =>
    new URLSearchParams(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)]))).toString(),
  );
const path = fc
  .tuple(fc.constantFrom(...CALL_STEPS, 'nowhere'), stateQuery)
  .map(([step, query]) => `/voice/${step}?${query}`);

describe('POST /voice/... with arbitrary input', () => {
  it('any Digits, SpeechResult and DialCallStatus at any step gets valid TwiML or a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant('/voice'), path),
        callSid,
        from,
        fc.record(
          {
            Digits: fc.oneof(fc.constantFrom('0', '1', '2', '3', '*', '#', ''), fc.string({ maxLength: 70 })),
            SpeechResult: fc.oneof(
              fc.constantFrom('records', 'person', 'yes', 'next', 'I want to die', ''),
              fc.string({ unit: 'grapheme', maxLength: 200 }),
            ),
            Confidence: fc.constantFrom('0.9', 'x'),
            DialCallStatus: fc.constantFrom('completed', 'no-answer', 'busy', 'weird'),
          },
          { requiredKeys: [] },
        ),
        async (route, sid, caller, extra) => {
          expectTwimlOr4xx(await line.post(route, { ...callParams(sid, caller, DEV_LINE_NUMBER), ...extra }));
        },
      ),
      { numRuns: 200 },
    );
    expect(answered).toBeGreaterThan(50);
  });

  it('any signed parameter set gets valid TwiML or a 4xx', async () => {
    const known = fc.constantFrom(
      'CallSid',
      'AccountSid',
      'From',
      'To',
      'Digits',
      'SpeechResult',
      'CallStatus',
    );
    const params = fc.dictionary(
      fc.oneof(known, fc.string({ minLength: 1, maxLength: 12 })),
      fc.string({ maxLength: 80 }),
    );
    await fc.assert(
      fc.asyncProperty(params, fc.boolean(), path, async (extra, startValid, route) => {
        const base = startValid ? callParams(`CA${'c'.repeat(32)}`, '+447400123456', DEV_LINE_NUMBER) : {};
        expectTwimlOr4xx(await line.post(route, { ...base, ...extra }));
      }),
      { numRuns: 150 },
    );
  });

  it('any raw body or query string, signed or not, never gets a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300 }),
        fc.string({ maxLength: 60 }).map(encodeURIComponent),
        fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain'),
        async (body, query, contentType) => {
          const response = await fetch(`${line.baseUrl}/voice/menu?${query}`, {
            method: 'POST',
            headers: { 'Content-Type': contentType, 'X-Twilio-Signature': 'abc' },
            body,
          });
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 100 },
    );
  });
});
