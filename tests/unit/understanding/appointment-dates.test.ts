import { describe, expect, it } from 'vitest';
import { understand } from '../../../functions/core/understanding/understand.js';
import { content } from '../../fixtures/content.js';
import { dates } from '../../fixtures/dates.js';
import { search } from '../../fixtures/search.js';

const intent = (body: string, language: 'en' | 'es' = 'en') =>
  understand(body, content, language, { dates, search }).intent;

describe('layer 5: appointment dates in a sentence', () => {
  it.each([
    ['seeing the new specialist next thursday at 2.15pm', 'en'],
    ['my appt with the oncologist is next friday at 3:30', 'en'],
    ['the second opinion is on 12 Jan at 10am', 'en'],
  ])('%j is an appointment', (body, language) => {
    expect(intent(body, language as 'en')).toMatchObject({ kind: 'appointment', text: body });
  });

  it('reads a Spanish date in Spanish, whatever the person chose', () => {
    const body = 'tengo cita el proximo martes a las 10 de la mañana';
    expect(intent(body, 'en')).toEqual({ kind: 'appointment', text: body, language: 'es' });
    expect(intent(body, 'es')).toEqual({ kind: 'appointment', text: body });
  });

  it.each([
    'what should I bring on tuesday?',
    'I asked for a referral 3 weeks ago and heard nothing',
    'how long does a second opinion take, 2 weeks?',
  ])('%j is not an appointment', (body) => expect(intent(body).kind).not.toBe('appointment'));
});
