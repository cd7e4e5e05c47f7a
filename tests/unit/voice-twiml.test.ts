import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IllegalTwimlTextError } from '../../functions/adapters/twilio/twiml-xml.js';
import { apologyTwiml, renderCallTwiml } from '../../functions/adapters/twilio/voice-twiml.js';
import type { CallState, SpeechPlan, Utterance } from '../../functions/core/call-menu.js';
import * as twilios from '../fixtures/twilio-voice-twiml.js';

/**
 * The voice TwiML is written without twilio's VoiceResponse (cold start); these
 * tests hold it to VoiceResponse's exact output for any plan, awkward text included.
 */

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('&', '<', '>', '"', "'", '\r', '\n', '\t', 'é', '😀', 'a', ' ', '.') }),
);

const speaker = fc.record({
  voice: fc.constantFrom('Polly.Amy-Neural', 'Polly.Joanna-Neural', 'Polly.Lupe-Neural'),
  language: fc.constantFrom('en-GB', 'en-US', 'es-US', 'a"b&c'),
});

const utterance: fc.Arbitrary<Utterance> = fc.oneof(
  fc.record({
    kind: fc.constant('say' as const),
    text,
    speaker,
    rate: fc.constantFrom('90%', '100%', 'slow'),
  }),
  fc.record({ kind: fc.constant('pause' as const), seconds: fc.integer({ min: 1, max: 5 }) }),
);

const state: CallState = { step: 'menu', language: 'en', misses: 0, turns: 1 };

const plan: fc.Arbitrary<SpeechPlan> = fc.record({
  utterances: fc.array(utterance, { maxLength: 5 }),
  ending: fc.oneof(
    fc.record({
      kind: fc.constant('listen' as const),
      next: fc.constant(state),
      hints: fc.array(text, { maxLength: 6 }),
      speechLanguage: fc.constantFrom('en-GB', 'es-US'),
      timeoutSeconds: fc.integer({ min: 1, max: 10 }),
    }),
    fc.record({
      kind: fc.constant('dial' as const),
      number: fc.constantFrom('+442079460000', '+12025550143'),
      timeoutSeconds: fc.integer({ min: 5, max: 60 }),
      next: fc.constant(state),
    }),
    fc.constant({ kind: 'hangup' as const }),
  ),
});

const actionUrl = fc.constantFrom(
  'https://line.example.org/voice/menu?lang=en&misses=0&turns=1',
  'https://line.example.org/voice/topic?t="a"&p=<1>',
);

describe('voice TwiML without xmlbuilder', () => {
  it('is byte for byte what twilio VoiceResponse writes, for any plan', () => {
    fc.assert(
      fc.property(plan, actionUrl, (speech, url) => {
        expect(renderCallTwiml(speech, () => url)).toBe(twilios.renderCallTwiml(speech, () => url));
      }),
      { numRuns: 1500 },
    );
  });

  it('writes the apology as VoiceResponse does', () => {
    fc.assert(
      fc.property(fc.array(utterance, { maxLength: 3 }), (spoken) => {
        expect(apologyTwiml(spoken)).toBe(twilios.apologyTwiml(spoken));
      }),
    );
  });

  it('refuses text XML cannot carry, as VoiceResponse does, without repeating it', () => {
    const spoken: Utterance[] = [
      {
        kind: 'say',
        text: 'private \u0000',
        speaker: { voice: 'Polly.Amy-Neural', language: 'en-GB' },
        rate: '90%',
      },
    ];
    expect(() => twilios.apologyTwiml(spoken)).toThrow();
    expect(() => apologyTwiml(spoken)).toThrow(IllegalTwimlTextError);
    expect(() => apologyTwiml(spoken)).not.toThrow(/private/);
  });
});
