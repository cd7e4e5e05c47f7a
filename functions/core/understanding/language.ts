import type { Language } from '../content-model.js';
import type { ReadText } from './text.js';

/**
 * Which of the line's languages a text is written in, from its small words: Spanish and English
 * share few of them. Used to read dates in the text's own language and to answer a Spanish
 * text in Spanish when nothing else says which language to use.
 */
const SPANISH =
  /\b(EL|LA|LOS|LAS|DE|DEL|QUE|CON|POR|PARA|UNA|UNO|MI|MIS|SU|ES|ESTA|ESTOY|TENGO|TIENE|QUIERO|PUEDO|DEBO|COMO|CUANDO|DONDE|PERO|PORQUE|MUY|MAS|SEGUNDA|OPINION|MEDICO|CITA|HOLA|GRACIAS|NECESITO|AYUDA|MAMA|PAPA|ESPOSO|ESPOSA|HIJA|HIJO|Y|EN|LO|LE|ME|SE|NO SE|PROXIMO|MARTES|LUNES|MIERCOLES|JUEVES|VIERNES|SABADO|DOMINGO|MANANA|TARDE)\b/g;
const ENGLISH =
  /\b(THE|AND|OF|TO|IS|ARE|I|MY|YOU|YOUR|WHAT|HOW|DO|DOES|CAN|SHOULD|WITH|FOR|ON|AT|THIS|THAT|HAVE|HAS|AM|WILL|WOULD|ABOUT|NEED|WANT|GET|HER|HIS|SHE|HE|WE|OUR|IT|A|AN|NEXT|SEE|SEEING|DOCTOR|APPOINTMENT)\b/g;

export function textLanguage(read: ReadText): Language | undefined {
  const spanish = read.text.match(SPANISH)?.length ?? 0;
  const english = read.text.match(ENGLISH)?.length ?? 0;
  if (spanish === english) return undefined;
  return spanish > english ? 'es' : 'en';
}
