import type { Language } from '../content-model.js';
import { OPT_OUT_KEYWORDS } from '../keywords.js';
import type { ReadText } from './text.js';

/**
 * Layer 2: opt-out. A carrier keyword alone always opts out (STOP, UNSUBSCRIBE, ALTO...). The
 * FCC's 2024 rule (47 CFR 64.1200(a)(10)) lets people revoke consent "in any reasonable
 * manner", so plain wording opts out too: "wrong number", "take me off your list", "leave me
 * alone", "no me escriban". A text about stopping something else ("stop my chemo?", "should I
 * stop tamoxifen") never does; when it is truly unclear the line asks once.
 */
export type OptOutReading =
  /** `keyword`: the carrier word, or PHRASE; `language`: the words were Spanish. */
  | { kind: 'opt-out'; keyword: string; language?: Language }
  /** "stop", but not clearly about our texts: ask "Reply STOP to confirm". */
  | { kind: 'opt-out-unclear'; language?: Language };

/** Words that also start a short plain phrase ("STOP now", "unsubscribe me"): never CANCEL, END or ALTO. */
const LEADING = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'OPTOUT', 'REVOKE', 'ARRET']);

/** Keywords written in Spanish: the confirmation goes in Spanish. */
const SPANISH_KEYWORDS = new Set(['ALTO', 'PARAR', 'CANCELAR', 'BAJA']);

/** Words that add nothing around a keyword: "STOP please", "stop it now!!", "ALTO ya por favor". */
const FILLER = new Set(
  `PLEASE THANKS THANK YOU NOW OK OKAY IT THIS THAT THESE ALL ALREADY JUST RIGHT AWAY
  RIGHTNOW AGAIN I SAID SAY MEAN THEM NO MORE ANY TEXT TEXTS TEXTING MESSAGE MESSAGES SMS
  POR FAVOR GRACIAS YA AHORA TODO ESTO ESO MENSAJES MENSAJE DIJE`.split(/\s+/),
);

/** Plain-language revocations. Each names our messages, the list, or the number itself. */
const ENGLISH: readonly RegExp[] = [
  /\b(STOP|QUIT|CANCEL|NO MORE|ENOUGH|CEASE)( \w+){0,3} (TEXTS|TEXT MESSAGES|TEXTING|MESSAGES|MESSAGING|SMS|REMINDERS|ALERTS|NOTIFICATIONS|SPAM|CONTACTING ME|CONTACTING|MESSAGING ME|TEXTING ME|SENDING|BOTHERING|BUGGING|HARASSING|PESTERING)\b/,
  /\b(DO NOT|NEVER|PLEASE DO NOT) (EVER )?(TEXT|MESSAGE|CONTACT|SMS|CALL|WRITE TO|SEND) ME\b/,
  /\b(DO NOT|NO LONGER|NOT) (WANT|NEED|WISH|LIKE) (TO (GET|RECEIVE|HEAR) )?(THESE|THIS|THOSE|YOUR|ANY|THE|MORE|ANY MORE|ANYTHING)( \w+){0,2} (TEXTS|MESSAGES|SMS|REMINDERS|ALERTS|SERVICE|LINE|FROM YOU)\b/,
  /\b(DO NOT|NO LONGER|NOT) (WANT|NEED) (TO BE )?(TEXTED|MESSAGED|CONTACTED|ON (YOUR|THE|THIS) LIST|SUBSCRIBED|SIGNED UP)\b/,
  /\b(TAKE|REMOVE|DELETE|ERASE|GET|DROP|TAKE) (ME|MY NUMBER|MY PHONE|MY PHONE NUMBER|THIS NUMBER|MY DETAILS|US)( \w+){0,2} (OFF|FROM|OUT OF)( \w+){0,2} (LIST|LISTS|SYSTEM|DATABASE|MAILING|LINE|CONTACTS)\b/,
  /\b(REMOVE|DELETE) (ME|MY NUMBER)\b/,
  /\bUNSUBSCRIBE\b|\bUN SUBSCRIBE\b|\bOPT (ME )?OUT\b|\bOPTING OUT\b/,
  /\bLEAVE (ME|US) ALONE\b/,
  /\bWRONG (NUMBER|PERSON|PHONE|NO)\b/,
  /\b(I|WE) (NEVER|DID NOT) (SIGN|SIGNED) UP\b/,
  /\bWHO (GAVE YOU|GAVE U) (MY|THIS) NUMBER\b/,
  /\bNOT MY (PHONE |MOBILE |CELL )?(NUMBER|PHONE)\b|^(I AM )?NOT INTERESTED( THANKS| THANK YOU)?$/,
];

const SPANISH: readonly RegExp[] = [
  /\bNO (ME )?(MANDEN|ENVIEN|ESCRIBAN|MANDES|ENVIES|ESCRIBAS|CONTACTEN|LLAMEN|MOLESTEN)\b/,
  /\b(NO|YA NO) QUIERO( \w+){0,3} (MENSAJES|TEXTOS|SMS|RECORDATORIOS|NADA)( DE USTEDES)?\b/,
  /\b(NO|YA NO) QUIERO (RECIBIR|QUE ME (ESCRIBAN|MANDEN|ENVIEN))\b/,
  /\b(DEJEN|DEJE|DEJA|DEJAR|PAREN|PARE|PARA) DE (ENVIAR|MANDAR|ESCRIBIR|MOLESTAR|CONTACTAR)(ME|NOS)?\b/,
  /\b(DARME|DENME|DEME|DAR|DARSE|DE) DE BAJA\b/,
  /\b(BORREN|BORRENME|QUITEN|QUITENME|SAQUEN|SAQUENME|ELIMINEN|ELIMINENME|BORRAR|QUITAR|SACAR|ELIMINAR)( ME| MI NUMERO| MI TELEFONO| ESTE NUMERO)?( \w+){0,2} (LISTA|LISTAS|SISTEMA|BASE DE DATOS)\b/,
  /\b(BORREN|QUITEN|ELIMINEN) MI (NUMERO|TELEFONO)\b/,
  /\bDEJEN(ME)? EN PAZ\b|\bDEJENME TRANQUIL[OA]\b/,
  /\b(NUMERO EQUIVOCADO|EQUIVOCADO DE NUMERO|SE EQUIVOCARON DE NUMERO|ESTE NO ES MI NUMERO|PERSONA EQUIVOCADA)\b/,
  /\bNO (ME )?(INSCRIBI|SUSCRIBI|REGISTRE)\b/,
  /\b(CANCELAR|CANCELEN|CANCELA)( \w+){0,2} (MENSAJES|SUSCRIPCION|SERVICIO|RECORDATORIOS)\b/,
];

/**
 * Words that make "stop" about something else: treatment, medicines, a person or a plan.
 * A message with one of these after STOP asks a question; it never opts out.
 */
const SOMETHING_ELSE =
  /\b(STOP|STOPPING|STOPPED|QUIT|QUITTING|PARAR|DEJAR|DEJO|DETENER|SUSPENDER)\b.*\b(CHEMO|CHEMOTHERAPY|TREATMENT|TREATMENTS|RADIO|RADIOTHERAPY|RADIATION|TAMOXIFEN|LETROZOLE|HORMONE|HORMONES|IMMUNOTHERAPY|MEDS|MEDICATION|MEDICATIONS|MEDICINE|MEDICINES|DRUG|DRUGS|PILLS|TABLETS|TAKING|SMOKING|DRINKING|EATING|WORKING|WORK|BLEEDING|PAIN|SURGERY|PLAN|THERAPY|INJECTIONS|DOSE|TRATAMIENTO|QUIMIO|QUIMIOTERAPIA|RADIOTERAPIA|PASTILLAS|MEDICINAS|MEDICAMENTOS|TOMAR|FUMAR|TRABAJAR|PASTILLA|DOLOR|CIRUGIA|TERAPIA|HORMONAS|ONCOLOGO|DOCTOR|MEDICO|HOSPITAL|APPOINTMENT|CITA|RIESGO)\b/;

/** "cannot stop", or STOP before a doing other than ours ("stop worrying", "stop crying"). */
const NOT_OUR_TEXTS =
  /\b(CANNOT|CAN NOT|COULD NOT|WILL NOT|NEVER) STOP\b|\bSTOP (?!TEXTING|MESSAGING|SENDING|CONTACTING|BOTHERING|BUGGING|HARASSING|PESTERING|CALLING|EMAILING)\w+ING\b/;

/** A "stop" word on its own in a longer text: unclear unless something else is being stopped. */
const STOP_WORD = /\b(STOP|STOPALL|UNSUBSCRIBE|ARRET)\b|^(YA )?(BASTA|ENOUGH)( \w+)?$/;

/**
 * The keyword part alone: a carrier keyword as the text, or with filler only ("STOP please",
 * "stop stop stop"). Cheap (no patterns), so a bare keyword never pays for the phrase patterns.
 */
export function readOptOutKeyword(read: ReadText, onlyKeywords = false): OptOutReading | undefined {
  const { words, text } = read;
  // A text of keywords only that starts with STOP ("STOP APPT"): nothing else is being stopped.
  if (onlyKeywords && LEADING.has(words[0] ?? '')) return keyword(words[0] as string);
  const keywords = OPT_OUT_KEYWORDS as readonly string[];
  if (keywords.includes(text)) return keyword(text);
  const carrier = words.find((word) => keywords.includes(word) && word !== 'END' && word !== 'CANCEL');
  if (carrier !== undefined && words.every((word) => keywords.includes(word) || FILLER.has(word))) {
    return keyword(carrier);
  }
  return undefined;
}

export function readOptOut(read: ReadText): OptOutReading | undefined {
  const { words, text } = read;
  const byKeyword = readOptOutKeyword(read);
  if (byKeyword !== undefined) return byKeyword;
  if (SOMETHING_ELSE.test(text) && !/\b(TEXTS|MESSAGES|MENSAJES|TEXTING)\b/.test(text)) return undefined;
  // "can't stop crying", "stop worrying": stopping a feeling or a doing, not our texts.
  if (NOT_OUR_TEXTS.test(text)) return undefined;
  // "STOP now!!", "STOP APPT", "unsubscribe me": a carrier word first, a few words, no question.
  const leading = words[0] ?? '';
  if (LEADING.has(leading) && words.length <= 4 && !read.question) return keyword(leading);
  if (SPANISH.some((pattern) => pattern.test(text)))
    return { kind: 'opt-out', keyword: 'PHRASE', language: 'es' };
  if (ENGLISH.some((pattern) => pattern.test(text))) return { kind: 'opt-out', keyword: 'PHRASE' };
  if (STOP_WORD.test(text) && !read.question) {
    const spanish = /\bBASTA\b/.test(text);
    return { kind: 'opt-out-unclear', ...(spanish ? { language: 'es' as const } : {}) };
  }
  return undefined;
}

function keyword(word: string): OptOutReading {
  return {
    kind: 'opt-out',
    keyword: word,
    ...(SPANISH_KEYWORDS.has(word) ? { language: 'es' as const } : {}),
  };
}
