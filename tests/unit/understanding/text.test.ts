import { describe, expect, it } from 'vitest';
import { editDistance, readText } from '../../../functions/core/understanding/text.js';

describe('reading a text', () => {
  it('folds accents and spells out txt-speak', () => {
    expect(readText('pls can u help, im lost').text).toBe('PLEASE CAN YOU HELP I AM LOST');
    expect(readText('q es esto xq').text).toBe('QUE ES ESTO POR QUE');
    expect(readText("I don't want these").text).toBe('I DO NOT WANT THESE');
  });

  it('corrects a typo of a signal word towards the closest, and not a tie', () => {
    expect(readText('cant breath').words).toContain('BREATHE');
    expect(readText('pienso en quitarme la vida').words).toContain('QUITARME');
    expect(readText('unsubscibe').words).toEqual(['UNSUBSCRIBE']);
  });

  it('knows a question by its mark or its opening, in both languages', () => {
    expect(readText('what do I bring').question).toBe(true);
    expect(readText('tengo que llevar los resultados').question).toBe(true);
    expect(readText('done 2').question).toBe(false);
  });

  it('measures edit distance with transpositions', () => {
    expect(editDistance('scared', 'sacred')).toBe(1);
    expect(editDistance('breathe', 'breath')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
