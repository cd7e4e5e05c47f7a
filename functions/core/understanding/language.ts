import type { Language } from '../content-model.js';
import type { ReadText } from './text.js';

/**
 * Which of the line's languages a text is written in, from its small words: Spanish and English
 * share few of them. Used to read dates in the text's own language and to answer a Spanish
 * text in Spanish when nothing else says which language to use. Words both languages use
 * (ME, A, HE: "help me", "voy a", "he tomado") count for neither. Word lists, not patterns:
 * this runs on every text, and a large pattern costs milliseconds to compile on a cold start.
 */
const SPANISH = new Set(
  `EL LA LOS LAS DE DEL QUE CON POR PARA UNA UNO MI MIS SU ES ESTA ESTOY TENGO TIENE QUIERO PUEDO
  DEBO COMO CUANDO DONDE PERO MUY MAS SEGUNDA OPINION MEDICO CITA HOLA GRACIAS NECESITO AYUDA MAMA
  PAPA ESPOSO ESPOSA HIJA HIJO Y EN LO LE SE PROXIMO MARTES LUNES MIERCOLES JUEVES VIERNES
  SABADO DOMINGO MANANA TARDE SIENTO SIENTE TODO NADA ESTO ESO AQUI YA HAY SOBRE`.split(/\s+/),
);
const ENGLISH = new Set(
  `THE AND OF TO IS ARE I MY YOU YOUR WHAT HOW DO DOES CAN SHOULD WITH FOR ON AT THIS THAT HAVE
  HAS AM WILL WOULD ABOUT NEED WANT GET HER HIS SHE WE OUR IT AN NEXT SEE SEEING DOCTOR
  APPOINTMENT`.split(/\s+/),
);

export function textLanguage(read: ReadText): Language | undefined {
  let spanish = 0;
  let english = 0;
  for (const word of read.words) {
    if (SPANISH.has(word)) spanish++;
    if (ENGLISH.has(word)) english++;
  }
  if (spanish === english) return undefined;
  return spanish > english ? 'es' : 'en';
}
