import { describe, expect, it } from 'vitest';
import { bandOf, THRESHOLDS } from '../../../functions/core/understanding/topics.js';
import { search } from '../../fixtures/search.js';

const hit = (topicId: string, score: number, coverage = 1) => ({ topicId, score, coverage });

describe('confidence bands', () => {
  it('is sure of a clear winner', () => {
    expect(bandOf([hit('records', 50), hit('prepare', 10)])).toEqual({ band: 'sure', topicId: 'records' });
  });

  it('asks between two or three close topics, best first', () => {
    expect(bandOf([hit('records', 50), hit('prepare', 45), hit('ask', 41), hit('after', 40)])).toEqual({
      band: 'close',
      topicIds: ['records', 'prepare', 'ask'],
    });
  });

  it('suggests the three best when unsure', () => {
    expect(bandOf([hit('records', 5), hit('prepare', 4), hit('ask', 3), hit('after', 2)])).toEqual({
      band: 'unsure',
      suggestions: ['records', 'prepare', 'ask'],
    });
    expect(bandOf([])).toEqual({ band: 'unsure', suggestions: [] });
  });

  it('needs the words to match, unless the text is long and scores high', () => {
    const weak = THRESHOLDS.MIN_COVERAGE / 2;
    expect(bandOf([hit('records', THRESHOLDS.SURE_SCORE + 1, weak)]).band).toBe('unsure');
    expect(bandOf([hit('records', THRESHOLDS.HIGH_SCORE, weak)]).band).toBe('sure');
  });
});

describe('the topic search', () => {
  it.each([
    ['how do i get copys of my scan pictures for the new doctor', 'records'],
    ['my GP refused to refer me', 'referral'],
    ['is it rude to ask my oncologist for a 2nd opinion', 'ask'],
    ['the two doctors disagree, now what', 'after'],
    ['qué hago después de la segunda opinión', 'after'],
    ['que documentos necesito llevar', 'records'],
    ['como le pido otra opinion a mi medico', 'ask'],
  ])('%j finds %s first, in either language, with typos and without accents', (text, topicId) => {
    expect(search(text)[0]?.topicId).toBe(topicId);
  });

  it('finds nothing in a text of small words only', () => {
    expect(search('and the of')).toEqual([]);
  });
});
