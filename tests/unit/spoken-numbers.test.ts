import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderCallTwiml } from '../../functions/adapters/twilio/voice-twiml.js';
import {
  type Caller,
  type CallInput,
  type CallSettings,
  type CallState,
  type CallTurn,
  callMenu,
} from '../../functions/core/call-menu.js';
import { LANGUAGES, type Language, REGIONS, type Region } from '../../functions/core/content-model.js';
import { digitsSpokenSingly } from '../../functions/core/spoken-numbers.js';
import { content, NOW } from '../fixtures/content.js';

describe('digitsSpokenSingly', () => {
  it.each([
    ['call Samaritans free on 116 123.', 'call Samaritans free on 1 1 6, 1 2 3.'],
    ['call or text 9-8-8, in English', 'call or text 9 8 8, in English'],
    ['call 999 now', 'call 9 9 9 now'],
    ['llame al 911.', 'llame al 9 1 1.'],
    ['Call 800-813-4673.', 'Call 8 0 0, 8 1 3, 4 6 7 3.'],
    ['call 111 in England', 'call 1 1 1 in England'],
    // Short numbers are words: keys, parts, hours, "24-hour".
    ['For the next part, press 2.', 'For the next part, press 2.'],
    ['Part 1 of 3.', 'Part 1 of 3.'],
    ['from 9 in the morning to 5 in the afternoon', 'from 9 in the morning to 5 in the afternoon'],
    ['a 24-hour number', 'a 24-hour number'],
    ['un número de 24 horas', 'un número de 24 horas'],
    ['no numbers here', 'no numbers here'],
  ])('%s', (text, spoken) => {
    expect(digitsSpokenSingly(text)).toBe(spoken);
  });

  it('leaves no run of 3 or more digits in any text, and keeps every digit in order', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789 -ab.') }), (text) => {
        const spoken = digitsSpokenSingly(text);
        expect(spoken).not.toMatch(/\d{3}/);
        expect(spoken.replace(/\D/g, '')).toBe(text.replace(/\D/g, ''));
      }),
    );
  });
});

/**
 * What Twilio reads: the TwiML the line renders for a call, every <Say> in every language
 * and region, checked as parsed XML.
 */
describe('phone numbers in the rendered TwiML', () => {
  const settings: CallSettings = { supportLines: {}, dialTimeoutSeconds: 20, listenTimeoutSeconds: 6 };
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'Say' });
  const actionUrl = (state: CallState) => `https://line.example.org/voice/${state.step}`;

  const said = (turn: CallTurn): string[] => {
    if (turn.kind !== 'speak') throw new Error('expected speech');
    const xml = parser.parse(renderCallTwiml(turn.plan, actionUrl));
    const says: { prosody: { '#text': string | number; '@_rate': string } }[] =
      xml.Response.Gather?.Say ?? xml.Response.Say ?? [];
    return says.map((say) => String(say.prosody['#text']));
  };
  const callStep = (state: CallState | undefined, input: CallInput, caller: Caller) =>
    callMenu(state, input, content, NOW, settings, caller);

  /** A call in `language`: the greeting, then a crisis said aloud, then the support topic. */
  function call(language: Language, region: Region): string[] {
    const caller: Caller = { region, canText: true };
    const first = callStep(undefined, { kind: 'silence' }, caller);
    const menuState: CallState = { step: 'language', language: 'en', misses: 0, turns: 1 };
    const key = String(LANGUAGES.indexOf(language) + 1);
    const greeting = callStep(menuState, { kind: 'keys', keys: key }, caller);
    const inMenu: CallState = { step: 'menu', language, misses: 0, turns: 2 };
    const crisis = callStep(
      inMenu,
      { kind: 'speech', text: language === 'es' ? 'quiero morir' : 'I want to die' },
      caller,
    );
    const support = callStep(
      inMenu,
      { kind: 'speech', text: language === 'es' ? 'apoyo' : 'support' },
      caller,
    );
    return [first, greeting, crisis, support].flatMap(said);
  }

  const expected: Record<Region, string[]> = {
    uk: ['9 9 9', '1 1 1', '1 1 6, 1 2 3'],
    us: ['9 1 1', '9 8 8', '8 0 0, 8 1 3, 4 6 7 3'],
    ca: ['9 1 1', '8 1 1', '9 8 8'],
  };

  it.each(LANGUAGES.flatMap((language) => REGIONS.map((region) => [language, region] as const)))(
    'reads every phone number digit by digit (%s, %s)',
    (language, region) => {
      const texts = call(language, region);
      expect(texts.length).toBeGreaterThan(5);
      const all = texts.join('\n');
      for (const number of expected[region]) expect(all).toContain(number);
      // Every run of digits is one digit, or the "24" of a 24-hour line.
      for (const run of all.match(/\d+/g) ?? []) expect(['24', ...'0123456789']).toContain(run);
    },
  );
});
