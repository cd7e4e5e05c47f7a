import type { Content, Language, Region } from '../content-model.js';
import { classifyMessage, crisisLanguage, type Intent, needsDateParsers, normalise } from '../keywords.js';
import { languageContent, type MessageSettings, renderCrisis, renderHelp } from '../sms-render.js';

/**
 * What the line answers when a text cannot be processed now (its records are out of reach)
 * and has been queued to be acted on later. Pure: the same classifiers as the conversation,
 * nothing read from the store. The answer never depends on the person's state, which is
 * unknown, so it is safe whatever it turns out to be:
 * - an opt-out (keyword or clear phrase) is confirmed at once, as carrier rules require;
 * - HELP is answered from content;
 * - a crisis text gets the crisis lines, as always;
 * - anything else gets a neutral "we got your message; we will reply soon".
 */
export type DegradedReply = {
  kind: 'opt-out' | 'help' | 'crisis' | 'deferred';
  /** The language the reply is in: the best guess at the person's, kept with the queued text. */
  language: Language;
  replies: string[];
};

export function degradedReply(
  body: string,
  region: Region,
  content: Content,
  settings: MessageSettings,
): DegradedReply {
  const guess = guessLanguage(body, content);
  const intent = classify(body, content, guess);
  const sms = (language: Language) => languageContent(content, language).sms;
  if (intent.kind === 'opt-out') {
    const language = intent.language ?? guess;
    return { kind: 'opt-out', language, replies: [sms(language).optOut] };
  }
  const crisis = crisisLanguage(body);
  if (crisis !== undefined) {
    const language = content.languages[crisis] !== undefined ? crisis : guess;
    return { kind: 'crisis', language, replies: [renderCrisis(content, language, region)] };
  }
  if (intent.kind === 'help') {
    const language = intent.language ?? guess;
    return { kind: 'help', language, replies: [renderHelp(content, language, region, settings)] };
  }
  const language =
    intent.kind === 'language' || intent.kind === 'opt-in' ? (intent.language ?? guess) : guess;
  return { kind: 'deferred', language, replies: [sms(language).deferred] };
}

/**
 * The intent without the date parsers (chrono-node is not loaded for a reply that never
 * reads a date). Classification asks for them only after the opt-out, opt-in, HELP and
 * language checks, so a text that needs them is none of those: it is simply deferred.
 */
function classify(body: string, content: Content, language: Language): Intent {
  if (needsDateParsers(body)) {
    try {
      return classifyMessage(body, content, language);
    } catch {
      return { kind: 'unknown' };
    }
  }
  return classifyMessage(body, content, language);
}

/**
 * Words common in short Spanish texts and rare in English ones. A guess only: the stored
 * language is out of reach, and a wrong guess costs one reply in the other language.
 */
const SPANISH_WORDS = new Set([
  'HOLA',
  'GRACIAS',
  'QUIERO',
  'NECESITO',
  'PUEDO',
  'COMO',
  'QUE',
  'POR',
  'FAVOR',
  'MI',
  'MIS',
  'EL',
  'LA',
  'LOS',
  'LAS',
  'UNA',
  'UN',
  'DE',
  'DEL',
  'CON',
  'PARA',
  'SEGUNDA',
  'OPINION',
  'CITA',
  'MEDICO',
  'DONDE',
  'CUANDO',
  'TENGO',
  'ESTOY',
  'SOY',
  'YA',
  'PERO',
  'MAS',
  'ESPANOL',
  'AYUDA',
  'ALTO',
  'INICIO',
  'LISTA',
  'TEMAS',
  'SI',
  'BAJA',
  'CANCELAR',
  'PARAR',
  'BUENOS',
  'DIAS',
]);

/** 'es' when the text reads as Spanish (and the line has Spanish), else 'en'. */
export function guessLanguage(body: string, content: Content): Language {
  if (content.languages.es === undefined) return 'en';
  if (/[ñ¿¡]/i.test(body)) return 'es';
  const words = normalise(body).split(' ').filter(Boolean);
  const spanish = words.filter((word) => SPANISH_WORDS.has(word)).length;
  return spanish > 0 && spanish * 3 >= words.length ? 'es' : 'en';
}
