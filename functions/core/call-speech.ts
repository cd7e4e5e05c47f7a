import type { Topic } from './content-model.js';
import { normalise } from './keywords.js';

/**
 * Reading what a caller said (Twilio's SpeechResult) on the phone menu. Speech arrives as
 * loose sentences ("um, how do I ask my doctor?"), so matching is by words, not whole texts,
 * after the same normalising as the text line: upper case, accents and punctuation removed.
 */

/** The utterance as upper-case words. */
export function spokenWords(speech: string): string[] {
  const text = normalise(speech);
  return text === '' ? [] : text.split(' ');
}

/** True when the caller said any of the words. */
export function saidAny(words: readonly string[], wanted: readonly string[]): boolean {
  return words.some((word) => wanted.includes(word));
}

/** A lone key said aloud ("2", "star"): speech recognisers often write spoken digits as digits. */
export function spokenKey(words: readonly string[]): string | undefined {
  if (words.length !== 1) return undefined;
  const [word] = words;
  if (word !== undefined && /^[0-9]$/.test(word)) return word;
  return undefined;
}

/** Words too short to tell topics apart ("a", "to", "my") are ignored in spoken labels. */
const MIN_LABEL_WORD = 4;

/**
 * The topic the caller most likely asked for, or undefined when nothing matches or two
 * topics match equally well (asking again is better than reading the wrong topic).
 * A keyword counts double: it was chosen to name the topic; a word of its spoken label once.
 */
export function matchTopic(words: readonly string[], topics: readonly Topic[]): Topic | undefined {
  const said = new Set(words);
  let best: Topic | undefined;
  let bestScore = 0;
  let tie = false;
  for (const topic of topics) {
    const label = new Set(spokenWords(topic.spoken).filter((word) => word.length >= MIN_LABEL_WORD));
    let score = 0;
    for (const word of said) {
      if (topic.keywords.includes(word)) score += 2;
      if (label.has(word)) score += 1;
    }
    if (score > bestScore) {
      best = topic;
      bestScore = score;
      tie = false;
    } else if (score > 0 && score === bestScore) {
      tie = true;
    }
  }
  return tie ? undefined : best;
}

/** Speech recognition hints: the labels and keywords a caller is likely to say, lower case. */
export function topicHints(topics: readonly Topic[]): string[] {
  return topics.flatMap((topic) => [topic.spoken, ...topic.keywords.map((word) => word.toLowerCase())]);
}
