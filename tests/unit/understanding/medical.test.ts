import { describe, expect, it } from 'vitest';
import { readsAsMedical } from '../../../functions/core/understanding/medical.js';
import { readText } from '../../../functions/core/understanding/text.js';

const medical = (body: string) => readsAsMedical(readText(body));

describe('layer 7: medical questions', () => {
  it.each([
    'how much tamoxifen should I take a day',
    'what should I eat on chemo',
    'is it curable',
    'what are the survival rates',
    'should I stop my chemo',
    'can I drink alcohol with tamoxifen',
    'cuántos miligramos debo tomar',
    'qué dieta debo seguir',
    '¿tiene cura?',
    'cuál es el pronóstico',
  ])('%j is a medical question', (body) => expect(medical(body)).toBe(true));

  it.each(['how do I ask for a second opinion', 'what records do I need', 'qué es una segunda opinión'])(
    '%j is not',
    (body) => expect(medical(body)).toBe(false),
  );
});
