import * as chrono from 'chrono-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDateParsers } from '../../functions/adapters/date-parsers.js';
import { DateParsersMissingError, looksLikeAppointment } from '../../functions/core/appointment.js';
import { converse } from '../../functions/core/conversation.js';
import { needsDateParsers } from '../../functions/core/keywords.js';
import type { Subscriber } from '../../functions/core/subscriber.js';
import { content, NOW, settings, subscriber } from '../fixtures/content.js';
import { dates } from '../fixtures/dates.js';

/**
 * The SMS function loads chrono-node only for texts `needsDateParsers` accepts (the cold start's
 * cold start). These tests hold the promise that makes that safe: for every other text the
 * conversation answers exactly as it would with the parsers loaded.
 */

const { dates: _loaded, ...withoutDates } = settings;

const people: Subscriber[] = [
  subscriber(),
  subscriber({ language: 'es' }),
  subscriber({ status: 'opted-out' }),
  subscriber({
    pendingAppointment: {
      local: '2026-12-12T10:30',
      zone: 'Europe/London',
      at: '2026-12-12T10:30:00.000Z',
      proposedAt: NOW.toISOString(),
    },
  }),
];

/** Texts people send: keywords, menu numbers, questions, dates in both languages, noise. */
const texts = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    'START',
    'HELP',
    'STOP',
    'MENU',
    'MORE',
    'LIST',
    'DONE 2',
    'UNDO records',
    'REGION UK',
    'TIMEZONE Europe/Paris',
    'ayuda',
    'español',
    'cita',
    'APPT',
    'appt tomorrow 9am',
    'my appointment is on 12 Dec at 10:30',
    'next Tuesday 2pm',
    'Mon at noon',
    'mañana a las 10',
    'el próximo lunes',
    'what should I bring today',
    'why get a second opinion',
  ),
  fc.integer({ min: 0, max: 120 }).map(String),
  fc
    .tuple(fc.constantFrom('', 'APPT ', 'cita ', 'my appointment '), fc.string({ maxLength: 12 }))
    .map(([lead, rest]) => lead + rest),
);

describe('loading chrono-node only when a text may hold a date', () => {
  it('answers every text the predicate rejects exactly as with the parsers loaded', () => {
    fc.assert(
      fc.property(texts, fc.constantFrom(...people), (body, person) => {
        fc.pre(!needsDateParsers(body));
        const message = { body, sid: 'SM00000000000000000000000000000001' };
        const lazy = converse(person, message, content, NOW, withoutDates);
        expect(lazy).toEqual(converse(person, message, content, NOW, settings));
      }),
      { numRuns: 600 },
    );
  });

  it.each([
    'APPT',
    'cita',
    'appt Mon at noon',
    '12 Dec 10:30',
    'next Tuesday 2pm',
    'tomorrow 11am',
    'mañana a las 10',
    'el próximo lunes',
    'my appointment is on 12/12',
  ])('needs the parsers for "%s"', (body) => {
    expect(needsDateParsers(body)).toBe(true);
  });

  it.each(['START', 'HELP', 'STOP', '2', '07', 'MENU', 'why get a second opinion', 'REGION UK'])(
    'does without them for "%s"',
    (body) => {
      expect(needsDateParsers(body)).toBe(false);
    },
  );

  it('fails loudly, not silently, when a date must be read without the parsers', () => {
    const message = { body: 'APPT 12 Dec 10:30', sid: 'SM00000000000000000000000000000002' };
    expect(() => converse(subscriber(), message, content, NOW, withoutDates)).toThrow(
      DateParsersMissingError,
    );
  });

  it('skips menu numbers because chrono reads no date in one or two bare digits', () => {
    for (let n = 0; n < 100; n++) {
      for (const text of [String(n), String(n).padStart(2, '0')]) {
        for (const parser of [chrono.en.casual, chrono.en.GB, chrono.es.casual]) {
          expect(parser.parse(text, NOW), text).toEqual([]);
        }
        expect(looksLikeAppointment(text, false, 'en', undefined)).toBe(false);
      }
    }
  });

  it('loads the parsers once and they read dates', async () => {
    const first = loadDateParsers();
    expect(loadDateParsers()).toBe(first);
    const loaded = await first;
    expect(loaded.en.casual.parse('12 Dec 10:30', NOW)).toHaveLength(1);
    expect(loaded.es.casual.parse('12 de diciembre a las 10:30', NOW)).toHaveLength(1);
    expect(dates.en.casual).toBe(loaded.en.casual);
  });
});
