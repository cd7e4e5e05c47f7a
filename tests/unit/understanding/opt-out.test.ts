import { describe, expect, it } from 'vitest';
import { readOptOut } from '../../../functions/core/understanding/opt-out.js';
import { readText } from '../../../functions/core/understanding/text.js';

const read = (body: string) => readOptOut(readText(body));

describe('layer 2: opt-out', () => {
  it.each([
    'STOP',
    'stop',
    ' Stop. ',
    'STOPALL',
    'unsubscribe',
    'Cancel',
    'end',
    'QUIT',
    'arrêt',
    'STOP STOP STOP',
    'stop please',
    'STOP!!!',
  ])('a carrier keyword alone opts out: %j', (body) => expect(read(body)?.kind).toBe('opt-out'));

  it.each(['ALTO', 'alto por favor', 'BAJA', 'cancelar', 'parar'])(
    'a Spanish keyword opts out in Spanish: %j',
    (body) => expect(read(body)).toMatchObject({ kind: 'opt-out', language: 'es' }),
  );

  it.each([
    'take my number off your list',
    'wrong number. stop.',
    "I don't want these texts anymore",
    'please remove me',
    'leave me alone',
    'i never signed up for this',
    'stop sending me these reminders',
    'do not contact me again',
    'opt me out',
  ])('plain-language revocation (FCC 2024) opts out: %j', (body) => expect(read(body)?.kind).toBe('opt-out'));

  it.each([
    'bórrenme de la lista',
    'numero equivocado, no me escriban',
    'no me manden más mensajes',
    'dejen de escribirme',
    'déjenme en paz',
    'quiero darme de baja',
  ])('Spanish revocation opts out in Spanish: %j', (body) =>
    expect(read(body)).toMatchObject({ kind: 'opt-out', language: 'es' }),
  );

  it.each([
    'stop my chemo first?',
    'should I stop tamoxifen',
    'can I stop treatment for a while',
    "i can't stop crying",
    'stop worrying about me',
    'alto riesgo',
    '¿parar el tratamiento?',
    'what does the end of the message mean?',
    'how do I cancel my appointment',
  ])('stopping something else never opts out: %j', (body) => expect(read(body)?.kind).not.toBe('opt-out'));

  it.each(['ok so stop, who is this', 'enough', 'basta'])('a truly unclear stop is asked about: %j', (body) =>
    expect(read(body)?.kind).toBe('opt-out-unclear'),
  );
});
