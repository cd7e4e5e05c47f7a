import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';

/**
 * Flesch-Kincaid grade of an English text, from wooorm's `flesch-kincaid` formula and
 * `syllable` counter. Only the counting of words and sentences is ours: keywords in capitals
 * (MENU, STOP) are instructions, not reading, so they are left out.
 */
export function readingGrade(text: string): number {
  // Time-zone names (America/Toronto) are data the person typed, not prose to read.
  const prose = text.replace(/\S+\/\S+/g, ' ');
  const words = (prose.match(/[A-Za-z][A-Za-z'-]*/g) ?? []).filter((word) => !/^[A-Z]{2,}$/.test(word));
  if (words.length === 0) return 0;
  // A line break ends a sentence too: the menu is a list, read one line at a time.
  const sentences = Math.max(1, (prose.match(/[.!?:]+(\s|$)|\n/g) ?? []).length);
  const syllables = words.reduce((sum, word) => sum + Math.max(1, syllable(word)), 0);
  return fleschKincaid({ sentence: sentences, word: words.length, syllable: syllables });
}

/** Fewer words than this are a label or a fragment ("tomorrow"): a grade means nothing there. */
export const MIN_WORDS_FOR_GRADE = 5;

export function gradable(text: string): boolean {
  return (text.match(/[A-Za-z][A-Za-z'-]*/g) ?? []).length >= MIN_WORDS_FOR_GRADE;
}
