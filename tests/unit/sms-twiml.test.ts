import fc from 'fast-check';
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse.js';
import { describe, expect, it } from 'vitest';
import { IllegalTwimlTextError, messagingTwiml } from '../../functions/adapters/twilio/twiml.js';
import { content } from '../fixtures/content.js';

/** What twilio's own MessagingResponse writes for these replies, or the error it throws. */
function twilios(replies: readonly string[]): string | Error {
  try {
    const response = new MessagingResponse();
    for (const reply of replies) response.message(reply);
    return response.toString();
  } catch (error) {
    return error as Error;
  }
}

function ours(replies: readonly string[]): string | Error {
  try {
    return messagingTwiml(replies);
  } catch (error) {
    return error as Error;
  }
}

/** Text with the characters XML escaping is about, controls, surrogates and emoji mixed in. */
const awkward = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({
    unit: fc.constantFrom('&', '<', '>', '"', "'", '\r', '\n', '\t', '&amp;', ']]>', 'é', '😀', 'a', ' '),
  }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u000b', '\ud800', '\udc00', '\ufffe', 'x'), maxLength: 6 }),
);

describe('SMS TwiML without xmlbuilder', () => {
  it('is byte for byte what twilio MessagingResponse writes, for any replies', () => {
    fc.assert(
      fc.property(fc.array(awkward, { maxLength: 4 }), (replies) => {
        const expected = twilios(replies);
        const actual = ours(replies);
        if (expected instanceof Error) expect(actual).toBeInstanceOf(IllegalTwimlTextError);
        else expect(actual).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('matches twilio for every SMS the line can send', () => {
    const replies = Object.values(content.languages).flatMap((language) => [
      ...Object.values(language?.sms ?? {}).filter((text): text is string => typeof text === 'string'),
    ]);
    expect(replies.length).toBeGreaterThan(10);
    expect(messagingTwiml(replies)).toBe(twilios(replies));
  });

  it('answers silence with an empty response', () => {
    expect(messagingTwiml([])).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  it('refuses a character XML cannot carry without repeating the text', () => {
    expect(() => messagingTwiml(['private words \u0000'])).toThrow(IllegalTwimlTextError);
    expect(() => messagingTwiml(['private words \u0000'])).not.toThrow(/private/);
  });
});
