import { describe, expect, it } from 'vitest';
import { inflesz, readingGrade, spanishPerspicuity, spanishSyllables } from '../../content/readability.js';

describe('Spanish syllables', () => {
  it.each([
    ['casa', 2],
    ['opinión', 3],
    ['médico', 3],
    ['diagnóstico', 4],
    ['tratamiento', 4], // tra-ta-mien-to: ie is a diphthong
    ['equipo', 3], // e-qui-po: the u of qui is silent
    ['guerra', 2],
    ['pingüino', 3], // pin-güi-no: ü is pronounced, and joins i
    ['día', 2], // dí-a: an accented weak vowel breaks the diphthong
    ['reúne', 3],
    ['país', 2],
    ['leer', 2], // le-er: two strong vowels are a hiatus
    ['poeta', 3],
    ['hoy', 1],
    ['muy', 1],
    ['ayuda', 3],
    ['ciudad', 2],
    ['buey', 1],
    ['Canadá', 3],
  ])('%s has %i', (word, count) => {
    expect(spanishSyllables(word)).toBe(count);
  });
});

describe('Szigriszt-Pazos (INFLESZ)', () => {
  it('scores short plain sentences as easy and long technical ones as hard', () => {
    const easy = spanishPerspicuity('Pida otra cita. Lleve sus preguntas. Vaya con alguien de confianza.');
    const hard = spanishPerspicuity(
      'La coordinación interinstitucional de los procedimientos diagnósticos multidisciplinarios necesita documentación exhaustiva.',
    );
    expect(inflesz(easy)).toBe('very easy');
    expect(inflesz(hard)).toBe('very hard');
    expect(easy).toBeGreaterThan(80);
    expect(hard).toBeLessThan(40);
  });

  it('leaves keywords in capitals and time-zone names out of the reading', () => {
    const plain = spanishPerspicuity('Responda para ver los temas.');
    expect(
      spanishPerspicuity('Responda TEMAS para ver los temas. America/Argentina/ComodRivadavia'),
    ).toBeCloseTo(plain);
  });

  it('matches the formula on a hand-counted text', () => {
    // pi-da o-tra ci-ta. lle-ve sus pre-gun-tas: 12 syllables, 6 words, 2 sentences.
    expect(spanishPerspicuity('Pida otra cita. Lleve sus preguntas.')).toBeCloseTo(206.835 - 62.3 * 2 - 3, 5);
  });
});

describe('the English grade', () => {
  it('is unchanged for English: plain texts read at a low grade', () => {
    expect(readingGrade('Take a friend. Write your questions down.')).toBeLessThan(4);
  });
});
