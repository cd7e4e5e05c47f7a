import type { ReadText } from './text.js';

/**
 * Layer 3: fear and distress ("am I going to die", "is it terminal", "I'm so scared", "no
 * puedo más con esto"). The reply is kind and calm, points to the care team and the region's
 * support line, and names the emergency number only as "if you are ever in danger".
 *
 * `strong`: the text is about the fear itself, so the distress reply is the answer.
 * `mild`: a fear word beside a question the line may answer ("scared my doctor will be
 * offended if I ask"): the later layers answer it, and the distress reply replaces the
 * fallback when they cannot.
 */
export type Distress = 'strong' | 'mild';

const STRONG: readonly RegExp[] = [
  // Dying, terminal, time left: fear, not a request for survival figures.
  /\b(AM I|IS (HE|SHE|MY \w+|MUM|MOM|DAD)|ARE WE) (GOING TO|GONNA|GOIN TO) DIE\b/,
  /\b(WILL|AM|IS) (I|HE|SHE|MY \w+) (DIE|DYING)\b/,
  /\b(I AM|I M|AM I|IS (HE|SHE|MY \w+)) DYING\b/,
  /\b(IS|IF) (IT|THIS|MINE|HERS|HIS|THE CANCER) (IS )?TERMINAL\b|\bTERMINAL\b/,
  /\bHOW (LONG|MUCH TIME) (HAVE|HAS|DO|DOES|IS) (I|WE|HE|SHE|MY \w+|MUM|MOM|DAD)( \w+)? (GOT|HAVE|HAS)?( LEFT)?\b/,
  /\bHOW LONG (HAVE I GOT|HAVE I|DO I HAVE)\b|\bTIME (I HAVE|WE HAVE) LEFT\b|\bHOW LONG LEFT\b/,
  // Overwhelm.
  /\b(CANNOT|CAN NOT) (COPE|COPE WITH|DO THIS|TAKE (IT|THIS|ANY MORE)|HANDLE (IT|THIS)|STOP CRYING|SLEEP|THINK STRAIGHT|GO ON|FACE (IT|THIS))\b/,
  /\b(FEEL LIKE|FEELING LIKE|WANT TO|READY TO|ABOUT TO|THINKING OF|THINKING ABOUT) GIV(E|ING) UP\b|\bGIVING UP\b/,
  /\bIS (THIS|THAT|IT) THE END\b/,
  /\b(FALLING APART|BREAKING DOWN|FREAKING OUT|PANICKING|PANIC ATTACK|IN PIECES|A MESS|A WRECK|IN BITS|HEARTBROKEN|DEVASTATED|IN SHOCK)\b/,
  /\b(FEEL|FEELING|FELT|I AM|SO|JUST|REALLY) (SO |VERY |REALLY |TOTALLY |COMPLETELY )?(ALONE|HOPELESS|OVERWHELMED|LOST|NUMB|BROKEN|DESPERATE|DEPRESSED|HELPLESS|TERRIFIED|PETRIFIED|FRIGHTENED)\b/,
  /\b(CRYING|CRIED) (ALL|EVERY|NON|SINCE|SO)\b|\bKEEP CRYING\b|\bCANNOT STOP CRYING\b/,
  /\bWHAT (DO|DOES|AM) (I|WE) (DO|DOING) NOW\b.*\b(SCARED|AFRAID|FRIGHTENED|TERRIFIED)\b/,
  // Spanish.
  /\b(ME VOY A|VOY A|SE VA A|NOS VAMOS A|ME) MORIR\b(?! DE (RISA|HAMBRE))/,
  /\b(ME ESTOY|SE ESTA|ESTOY|ESTA) MURIENDO\b/,
  /\bES TERMINAL\b|\bTERMINAL\b/,
  /\bCUANTO (TIEMPO )?(ME|LE|NOS) QUEDA\b|\bCUANTO (TIEMPO )?DE VIDA\b/,
  /\b(ME QUIERO|QUIERO|GANAS DE) RENDIR(ME)?\b|\bME RINDO\b|\bES EL FIN(AL)?\b/,
  /\bNO PUEDO MAS\b|\bNO AGUANTO\b|\bNO PUEDO CON (ESTO|TODO|ESTO YA)\b|\bYA NO PUEDO\b/,
  /\b(TENGO|SIENTO|ME DA|CON) (MUCHO |TANTO |DEMASIADO |UN )?(MIEDO|PANICO|TERROR|PAVOR|ANGUSTIA|ANSIEDAD)\b/,
  /\b(ESTOY|ME SIENTO|SIENTO|ANDO) (MUY |TAN |TOTALMENTE |DEMASIADO )?(ASUSTAD[OA]|ATERRAD[OA]|ATERRORIZAD[OA]|DESESPERAD[OA]|ANGUSTIAD[OA]|DEPRIMID[OA]|DESHECH[OA]|DESTROZAD[OA]|PERDID[OA]|SOL[OA]|ABRUMAD[OA]|EN SHOCK)\b/,
  /\bNO PUEDO (DEJAR DE LLORAR|DORMIR|PENSAR|SOPORTARLO)\b|\bLLORANDO (TODO|SIN PARAR|TODA)\b/,
];

/** A fear word anywhere: strong when the text is short or only about the fear, mild otherwise. */
const FEAR =
  /\b(SCARED|AFRAID|FRIGHTENED|TERRIFIED|PETRIFIED|ANXIOUS|ANXIETY|PANIC|WORRIED SICK|SO WORRIED|FEAR|MIEDO|ASUSTAD[OA]|PANICO|ANGUSTIA|ANGUSTIAD[OA]|NERVIOS[OA]|PREOCUPADISIM[OA])\b/;

/** Words that show the fear is about something the line can answer: asking, the doctor, waiting. */
const ANSWERABLE =
  /\b(ASK|ASKING|OFFEND|OFFENDED|UPSET|RUDE|DOCTOR|CONSULTANT|ONCOLOGIST|SPECIALIST|GP|OPINION|REFERRAL|RECORDS|DELAY|INSURANCE|COST|PAY|TRAVEL|PEDIR|PREGUNTAR|MEDICO|DOCTORA|ONCOLOGO|OPINION|MOLESTE|OFENDA|REFERENCIA|EXPEDIENTE|RETRASO|ESPERAR|SEGURO|PAGAR)\b/;

export function readDistress(read: ReadText): Distress | undefined {
  const { text, words } = read;
  const fear = FEAR.test(text);
  const strong = STRONG.some((pattern) => pattern.test(text));
  const answerable = ANSWERABLE.test(text);
  if (strong && !(answerable && words.length > 8 && !/\b(DIE|DYING|TERMINAL|MORIR|MURIENDO)\b/.test(text))) {
    return 'strong';
  }
  if (strong || fear) return answerable ? 'mild' : 'strong';
  return undefined;
}
