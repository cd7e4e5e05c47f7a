import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';

/**
 * Reading level of the line's texts. English: the Flesch-Kincaid grade, from wooorm's
 * `flesch-kincaid` formula and `syllable` counter. Spanish: the Szigriszt-Pazos perspicuity
 * index, read on the INFLESZ scale (Barrio-Cantalejo et al., 2008), which was built for
 * Spanish health information for patients.
 *
 * Why the Spanish formula and its syllable counter are written here: no npm package computes
 * Fernandez-Huerta or Szigriszt-Pazos (the readability packages on the registry, such as
 * text-readability and readability-scores, are English only), and the one Spanish syllable
 * splitter there (silabea) is a single 2024 release that installs mocha and chai as runtime
 * dependencies. Spanish syllables follow regular rules (vowel groups, diphthongs, hiatus), so
 * the counter below is short and tested against hand-counted words.
 *
 * Only the counting of words and sentences is ours in both languages: keywords in capitals
 * (MENU, TEMAS) are instructions, not reading, so they are left out.
 */

/** A line break ends a sentence too: the menu is a list, read one line at a time. */
const SENTENCE_END = /[.!?:;]+(\s|$)|\n/g;

/** Time-zone names (America/Toronto) are data the person typed, not prose to read. */
const withoutData = (text: string) => text.replace(/\S+\/\S+/g, ' ');

function sentencesIn(prose: string): number {
  return Math.max(1, (prose.match(SENTENCE_END) ?? []).length);
}

const ENGLISH_WORD = /[A-Za-z][A-Za-z'-]*/g;
const SPANISH_WORD = /[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+/g;
const isKeyword = (word: string) => /^[A-ZÁÉÍÓÚÜÑ]{2,}$/.test(word);

export function readingGrade(text: string): number {
  const prose = withoutData(text);
  const words = (prose.match(ENGLISH_WORD) ?? []).filter((word) => !isKeyword(word));
  if (words.length === 0) return 0;
  const syllables = words.reduce((sum, word) => sum + Math.max(1, syllable(word)), 0);
  return fleschKincaid({ sentence: sentencesIn(prose), word: words.length, syllable: syllables });
}

const STRONG = new Set([...'aeoáéó']);
const ACCENTED_WEAK = new Set([...'íú']);
const VOWELS = new Set([...'aeiouáéíóúü']);

/** Syllables in one Spanish word: its vowel nuclei, with hiatus splitting a vowel group. */
export function spanishSyllables(word: string): number {
  const lower = word
    .toLowerCase()
    // The u of que, qui, gue, gui is not pronounced.
    .replace(/qu(?=[eiéí])/g, 'q')
    .replace(/gu(?=[eiéí])/g, 'g')
    // A final y after a vowel (hoy, muy) ends a diphthong; elsewhere it is a consonant.
    .replace(/(?<=[aeiouáéíóú])y$/, 'i');
  let syllables = 0;
  let previous: string | undefined;
  for (const letter of lower) {
    if (!VOWELS.has(letter)) {
      previous = undefined;
      continue;
    }
    if (previous === undefined) syllables += 1;
    else {
      const hiatus =
        (STRONG.has(previous) && STRONG.has(letter)) ||
        ACCENTED_WEAK.has(previous) ||
        ACCENTED_WEAK.has(letter);
      if (hiatus) syllables += 1;
    }
    previous = letter;
  }
  return Math.max(1, syllables);
}

/**
 * Szigriszt-Pazos perspicuity: 206.835 - 62.3 x syllables per word - words per sentence.
 * Higher is easier. INFLESZ: under 40 very hard, 40-55 somewhat hard, 55-65 normal,
 * 65-80 fairly easy, over 80 very easy.
 */
export function spanishPerspicuity(text: string): number {
  const prose = withoutData(text);
  const words = (prose.match(SPANISH_WORD) ?? []).filter((word) => !isKeyword(word));
  if (words.length === 0) return 100;
  const syllables = words.reduce((sum, word) => sum + spanishSyllables(word), 0);
  return 206.835 - 62.3 * (syllables / words.length) - words.length / sentencesIn(prose);
}

/** The INFLESZ band of a Szigriszt-Pazos score, as the report names it. */
export function inflesz(score: number): string {
  if (score < 40) return 'very hard';
  if (score < 55) return 'somewhat hard';
  if (score < 65) return 'normal';
  if (score <= 80) return 'fairly easy';
  return 'very easy';
}

/** Fewer words than this are a label or a fragment ("tomorrow"): a grade means nothing there. */
export const MIN_WORDS_FOR_GRADE = 5;

export function gradable(text: string): boolean {
  return (text.match(SPANISH_WORD) ?? []).length >= MIN_WORDS_FOR_GRADE;
}
