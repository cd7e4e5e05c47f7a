import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_LINE_NUMBER } from '../../infra/local/dev-defaults.js';
import { smsParams } from '../../infra/local/twilio-signing.js';
import { type Line, startLine } from './line-harness.js';

let line: Line;
beforeAll(async () => {
  line = await startLine();
});
afterAll(() => line.close());

/** The webhook's promise: a 4xx, or a 200 with a well-formed TwiML <Response>; never a 5xx. */
function expectTwimlOr4xx(response: { status: number; contentType: string; body: string }) {
  expect(response.status).toBeLessThan(500);
  if (response.status === 200) {
    expect(response.contentType).toBe('text/xml');
    expect(XMLValidator.validate(response.body)).toBe(true);
    expect(response.body).toContain('<Response');
  } else {
    expect(response.status).toBeGreaterThanOrEqual(400);
  }
}

const phone = fc.oneof(
  fc.constantFrom('+447400123456', '+14165550199', '+12025550143', '+33612345678'),
  fc.stringMatching(/^\+[1-9]\d{6,14}$/),
);

describe('POST /sms with arbitrary input', () => {
  it('any body text from any number gets valid TwiML', async () => {
    await fc.assert(
      fc.asyncProperty(
        phone,
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'grapheme', maxLength: 400 }),
          fc.constantFrom('STOP', 'START', 'MENU', 'MORE', '1', 'HELP'),
        ),
        async (from, body) => {
          const response = await line.post('/sms', smsParams({ from, to: DEV_LINE_NUMBER, body }));
          expectTwimlOr4xx(response);
          expect(response.status).toBe(200);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('any signed parameter set gets valid TwiML or a 4xx', async () => {
    const known = fc.constantFrom('MessageSid', 'AccountSid', 'From', 'To', 'Body', 'NumMedia', 'SmsSid');
    const params = fc.dictionary(
      fc.oneof(known, fc.string({ minLength: 1, maxLength: 12 })),
      fc.string({ maxLength: 60 }),
    );
    await fc.assert(
      fc.asyncProperty(params, fc.boolean(), async (extra, startValid) => {
        const base = startValid
          ? smsParams({ from: '+447400123456', to: DEV_LINE_NUMBER, body: 'MENU' })
          : {};
        expectTwimlOr4xx(await line.post('/sms', { ...base, ...extra }));
      }),
      { numRuns: 120 },
    );
  });

  it('any raw body, signed or not, never gets a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300 }),
        fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain'),
        async (body, contentType) => {
          const response = await fetch(`${line.baseUrl}/sms`, {
            method: 'POST',
            headers: { 'Content-Type': contentType, 'X-Twilio-Signature': 'abc' },
            body,
          });
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 80 },
    );
  });
});
