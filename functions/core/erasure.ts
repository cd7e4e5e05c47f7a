import type { Content, Language } from './content-model.js';
import { normalise } from './keywords.js';
import { languageContent } from './sms-render.js';
import type { Subscriber } from './subscriber.js';

/**
 * Erasure on request, by text: DELETE MY DATA (BORRAR MIS DATOS), then the confirming word
 * within a short window. The core only decides; the SMS use case erases every row for the
 * number (SubscriberStore.erase) after the reply is settled. A number that has opted out
 * keeps a bare suppression entry, so the line can never text it again, and the reply says so.
 */

/** How long the confirming word is awaited after the request. */
export const ERASURE_CONFIRM_MINUTES = 15;

const POLITE =
  '(?:(?:PLEASE|PLS|PLZ|KINDLY|CAN YOU|COULD YOU|I WANT TO|I WANT YOU TO|I WOULD LIKE YOU TO|POR FAVOR|QUIERO) )*';
const POLITE_END = '(?: (?:PLEASE|PLS|PLZ|NOW|POR FAVOR|YA))*';
const EN_VERB = '(?:DELETE|ERASE|REMOVE|WIPE|CLEAR|PURGE)';
const EN_WHAT =
  '(?:ALL )?(?:OF )?(?:MY|ME|THIS NUMBERS|THE) ?(?:PERSONAL )?(?:DATA|DETAILS|INFO|INFORMATION|NUMBER|RECORDS?|ACCOUNT|HISTORY|MESSAGES|TEXTS)';
const ES_VERB =
  '(?:BORRAR|BORRA|BORRE|BORREN|BORRAME|BORRENME|ELIMINAR|ELIMINA|ELIMINE|ELIMINEN|SUPRIMIR|SUPRIMAN)';
const ES_WHAT =
  '(?:TODOS )?(?:TODA )?(?:MIS|MI|LOS|LA) (?:DATOS|INFORMACION|NUMERO|REGISTROS?|CUENTA|HISTORIAL|MENSAJES)(?: PERSONALES)?';

const REQUEST_EN = new RegExp(
  `^${POLITE}(?:${EN_VERB} ${EN_WHAT}|FORGET (?:ME|MY NUMBER)|DELETE ME|ERASE ME|I WANT MY (?:DATA|DETAILS|INFO|INFORMATION) (?:DELETED|ERASED|REMOVED))${POLITE_END}$`,
);
const REQUEST_ES = new RegExp(
  `^${POLITE}(?:${ES_VERB} ${ES_WHAT}|OLVIDENME|OLVIDEN MI NUMERO|BORRENME|ELIMINENME)${POLITE_END}$`,
);
const CONFIRM = new Map<string, Language | undefined>([
  ['DELETE', 'en'],
  ['YES DELETE', 'en'],
  ['DELETE YES', 'en'],
  ['CONFIRM DELETE', 'en'],
  ['ERASE', 'en'],
  ['YES ERASE', 'en'],
  ['BORRAR', 'es'],
  ['SI BORRAR', 'es'],
  ['BORRAR SI', 'es'],
  ['CONFIRMAR BORRAR', 'es'],
  ['ELIMINAR', 'es'],
  ['SI ELIMINAR', 'es'],
]);

export type ErasureIntent =
  | { kind: 'request'; language?: Language }
  | { kind: 'confirm'; language?: Language };

/** Whether a text asks for erasure, or is the word that confirms it; undefined otherwise. */
export function erasureIntent(body: string): ErasureIntent | undefined {
  const text = normalise(body);
  if (REQUEST_ES.test(text)) return { kind: 'request', language: 'es' };
  if (REQUEST_EN.test(text)) return { kind: 'request', language: 'en' };
  if (CONFIRM.has(text)) return { kind: 'confirm', language: CONFIRM.get(text) };
  return undefined;
}

export type ErasureTurn = {
  next: Subscriber;
  replies: string[];
  /** Set on the confirming text: erase every row for the number once the reply is settled. */
  erase?: { keepSuppression: boolean };
};

/**
 * The erasure step of the conversation, or undefined when the text is not about erasure (or
 * is a confirming word with no request waiting: then it is an ordinary text).
 */
export function erasureTurn(
  subscriber: Subscriber,
  body: string,
  content: Content,
  now: Date,
): ErasureTurn | undefined {
  const intent = erasureIntent(body);
  if (intent === undefined) return undefined;
  const wanted = intent.language ?? subscriber.language;
  const language = content.languages[wanted] !== undefined ? wanted : subscriber.language;
  const sms = languageContent(content, language).sms;
  if (intent.kind === 'request') {
    return { next: { ...subscriber, pendingErasure: now.toISOString() }, replies: [sms.erasureConfirm] };
  }
  if (!awaitsErasure(subscriber, now)) return undefined;
  const keepSuppression = subscriber.status === 'opted-out';
  return {
    next: subscriber,
    replies: [keepSuppression ? sms.erasedKeptOptOut : sms.erased],
    erase: { keepSuppression },
  };
}

/** A DELETE MY DATA within the confirmation window. */
export function awaitsErasure(subscriber: Subscriber, now: Date): boolean {
  if (subscriber.pendingErasure === undefined) return false;
  const askedAt = Date.parse(subscriber.pendingErasure);
  const age = now.getTime() - askedAt;
  return Number.isFinite(askedAt) && age >= 0 && age <= ERASURE_CONFIRM_MINUTES * 60_000;
}
