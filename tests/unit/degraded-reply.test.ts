import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { degradedReply } from '../../functions/core/intake/degraded-reply.js';
import { OPT_OUT_KEYWORDS } from '../../functions/core/keywords.js';
import { renderCrisis, renderHelp } from '../../functions/core/sms-render.js';
import { content } from '../fixtures/content.js';

const settings = { supportContact: 'help@example.org' };
const en = content.languages.en.sms;
const es = content.languages.es?.sms;

describe('degradedReply: what a text gets while the store is out of reach', () => {
  it.each([
    ...OPT_OUT_KEYWORDS,
    'stop please',
    'Please stop texting me',
    "don't text me",
    'no me manden más mensajes',
  ])('confirms the opt-out %s at once', (body) => {
    const reply = degradedReply(body, 'uk', content, settings);
    expect(reply.kind).toBe('opt-out');
    expect(reply.replies).toEqual([content.languages[reply.language]?.sms.optOut]);
  });

  it('answers ALTO and BAJA in Spanish, STOP in English', () => {
    expect(degradedReply('ALTO', 'us', content, settings).replies).toEqual([es?.optOut]);
    expect(degradedReply('baja', 'us', content, settings).replies).toEqual([es?.optOut]);
    expect(degradedReply('STOP', 'us', content, settings).replies).toEqual([en.optOut]);
  });

  it('answers HELP from content for the region, AYUDA in Spanish', () => {
    expect(degradedReply('help', 'ca', content, settings)).toEqual({
      kind: 'help',
      language: 'en',
      replies: [renderHelp(content, 'en', 'ca', settings)],
    });
    expect(degradedReply('AYUDA', 'us', content, settings).replies).toEqual([
      renderHelp(content, 'es', 'us', settings),
    ]);
  });

  it('gives the crisis lines to a crisis text, in its language', () => {
    expect(degradedReply('I feel like I want to end my life', 'uk', content, settings).replies).toEqual([
      renderCrisis(content, 'en', 'uk'),
    ]);
    expect(degradedReply('me quiero morir', 'us', content, settings).replies).toEqual([
      renderCrisis(content, 'es', 'us'),
    ]);
  });

  it('promises a reply to anything else, in the language the text reads as', () => {
    expect(degradedReply('DONE 2', 'uk', content, settings)).toEqual({
      kind: 'deferred',
      language: 'en',
      replies: [en.deferred],
    });
    expect(degradedReply('¿Qué es una segunda opinión?', 'us', content, settings).replies).toEqual([
      es?.deferred,
    ]);
    expect(degradedReply('ESPAÑOL', 'us', content, settings).replies).toEqual([es?.deferred]);
  });

  it('always answers something the line wrote, whatever is sent', () => {
    const written = new Set(
      Object.values(content.languages).flatMap((lang) => [lang.sms.optOut, lang.sms.deferred]),
    );
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('uk', 'us', 'ca' as const),
        (body, region) => {
          const reply = degradedReply(body, region, content, settings);
          expect(reply.replies).toHaveLength(1);
          if (reply.kind === 'opt-out' || reply.kind === 'deferred')
            expect(written.has(reply.replies[0] as string)).toBe(true);
        },
      ),
    );
  });

  it('answers in the language the text is written in, English when its words do not say', () => {
    expect(degradedReply('hola, necesito ayuda con mi cita', 'us', content, settings).language).toBe('es');
    expect(degradedReply('What should I ask my oncologist?', 'us', content, settings).language).toBe('en');
    expect(degradedReply('', 'us', content, settings).language).toBe('en');
  });

  it('confirms a plain-language stop at once, and never a stop about something else', () => {
    expect(degradedReply('wrong number, take me off your list', 'us', content, settings).kind).toBe(
      'opt-out',
    );
    expect(degradedReply('should I stop my chemo?', 'us', content, settings).kind).toBe('deferred');
  });
});
