import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as spanishStemmer } from '@orama/stemmers/spanish';
import type { Options } from 'minisearch';
import type { Language } from '../../core/content-model.js';
import { readText } from '../../core/understanding/text.js';

/**
 * How example questions and people's texts become search terms, the same at content-build
 * time (the index) and at run time (the query): read as the understanding layers read text
 * (accents folded, txt-speak spelt out), small words dropped, then stemmed per language by
 * Orama's Snowball stemmers, so "referral", "referred" and "refer" meet, and "médicos" meets
 * "medico".
 */
export type IndexDocument = { id: string; topic: string; text: string };

const STOP_WORDS: Record<Language, ReadonlySet<string>> = {
  en: new Set(
    `a an the and or but if of to in on at for with about as by from into this that these those
    i me my mine we us our you your he him his she her it its they them their is are am was
    were be been being do does did doing have has had having can could should would will shall
    may might must just so not no yes ok okay please get got go going im which
    there then than too very also really want wanna need know think like thanks
    thank hi hello hey um well any some all one there s t d ll`.split(/\s+/),
  ),
  es: new Set(
    `de la el en y a los se del las un por con no una su para es al lo como mas pero sus le
    ya o este si esta entre cuando muy sin sobre tambien me hasta hay donde quien desde todo nos
    durante todos uno les ni contra otros ese eso ante ellos e esto mi antes algunos unos yo
    otro otra otras tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas
    algo nosotros mis tu te ti tus ellas hola gracias favor soy estoy tengo tiene puedo debo
    quiero necesito hacer hago`.split(/\s+/),
  ),
};

const STEMMERS: Record<Language, (word: string) => string> = { en: englishStemmer, es: spanishStemmer };

/** The text's words as the index and queries see them: lower case, folded, spelt out. */
export function searchTokens(text: string): string[] {
  return readText(text)
    .text.toLowerCase()
    .split(' ')
    .filter((word) => word !== '');
}

/**
 * Question words (as stemmed: "dond" is donde): they frame what is asked ("where can I...")
 * and make telling pairs, but a
 * text matches an example only if a word of what it asks about matches too (see search.ts).
 */
export const FRAME_WORDS: ReadonlySet<string> = new Set(
  'what where how who when why which que dond com qui cuand cual por'.split(' '),
);

/** Words too slight to make a pair mean anything ("is a", "de la"). */
const PAIR_FILLER = new Set(
  'a an the of to in on at for and or my i me it is be do de la el los las y en un una mi me se lo le al del'.split(
    ' ',
  ),
);

/**
 * Words and adjacent pairs: "what is" and "what records", "how do" and "who do" mean different
 * things though their words are common, so pairs carry the shape of a question (joined with
 * "_" and stemmed word by word in processTerm).
 */
export function searchTerms(text: string): string[] {
  const words = searchTokens(text);
  const pairs = words.slice(1).flatMap((word, index) => {
    const before = words[index] as string;
    return PAIR_FILLER.has(before) && PAIR_FILLER.has(word) ? [] : [`${before}_${word}`];
  });
  return [...words, ...pairs];
}

/**
 * "Second opinion" is in nearly every question people send this line, so it tells topics
 * apart little: it counts half as much as other words (MiniSearch multiplies a document's score by
 * the number of query words it matched, so a common word would otherwise outweigh a telling one).
 */
const WEAK_TERMS = new Set(['second', '2nd', 'opinion', 'opinon', 'segund', '2da']);
const WEAK_BOOST = 0.5;

/** MiniSearch options for one language's index; the query side uses the same processing. */
export function indexOptions(language: Language): Options<IndexDocument> {
  const stop = STOP_WORDS[language];
  const stem = STEMMERS[language];
  return {
    fields: ['text'],
    storeFields: ['topic'],
    tokenize: searchTerms,
    processTerm: (term) => {
      if (term.includes('_')) return term.split('_').map(stem).join('_');
      return stop.has(term) || term.length < 2 ? null : stem(term);
    },
    searchOptions: {
      // Typos: one edit in words of five letters or more, two in long ones (MiniSearch counts
      // fuzzy as a share of the term's length); prefixes for half-typed words.
      // Pairs ("what_is") are matched exactly: a typo is caught in the single words.
      fuzzy: (term) => (term.length >= 5 && !term.includes('_') ? 0.2 : false),
      prefix: (term) => term.length >= 5 && !term.includes('_'),
      combineWith: 'OR',
      boostTerm: (term) =>
        term.split('_').every((part) => WEAK_TERMS.has(part) || PAIR_FILLER.has(part)) ? WEAK_BOOST : 1,
    },
  };
}
