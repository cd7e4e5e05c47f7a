import type { Language, Region } from './content-model.js';
import { parsePhoneNumber } from './phone/phone-number.js';
import { isValidZone } from './zoned-time.js';

/**
 * Time zones for people who text the line. phone-number.ts tells the country of a +1
 * number (US or Canada) but not its time zone, so the area codes whose zone differs from
 * the region's default are listed here; any other number uses the region's default
 * (content/line.yaml, overridable per deployment), and `TIMEZONE <name>` corrects a wrong guess.
 */

/** Names people text after TIMEZONE, and the zone each means. */
const ZONE_WORDS: Record<string, string> = {
  PACIFIC: 'America/Los_Angeles',
  PT: 'America/Los_Angeles',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  MOUNTAIN: 'America/Denver',
  MT: 'America/Denver',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  ARIZONA: 'America/Phoenix',
  CENTRAL: 'America/Chicago',
  CT: 'America/Chicago',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  EASTERN: 'America/New_York',
  ET: 'America/New_York',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  ATLANTIC: 'America/Halifax',
  AST: 'America/Halifax',
  ADT: 'America/Halifax',
  NEWFOUNDLAND: 'America/St_Johns',
  NST: 'America/St_Johns',
  NDT: 'America/St_Johns',
  SASKATCHEWAN: 'America/Regina',
  ALASKA: 'America/Anchorage',
  HAWAII: 'Pacific/Honolulu',
  UK: 'Europe/London',
  GMT: 'Europe/London',
  BST: 'Europe/London',
  // Spanish (ZONA HORARIA Pacífico, hora del Este...), read without accents.
  PACIFICO: 'America/Los_Angeles',
  MONTANA: 'America/Denver',
  CENTRO: 'America/Chicago',
  ESTE: 'America/New_York',
  ATLANTICO: 'America/Halifax',
  TERRANOVA: 'America/St_Johns',
  HAWAI: 'Pacific/Honolulu',
  REINOUNIDO: 'Europe/London',
};

/** How a zone is named back to people: the word they would use, else the IANA name. */
const ZONE_LABELS: Record<string, string> = {
  'America/Los_Angeles': 'Pacific time',
  'America/Vancouver': 'Pacific time',
  'America/Denver': 'Mountain time',
  'America/Edmonton': 'Mountain time',
  'America/Phoenix': 'Arizona time',
  'America/Chicago': 'Central time',
  'America/Winnipeg': 'Central time',
  'America/Regina': 'Saskatchewan time',
  'America/New_York': 'Eastern time',
  'America/Toronto': 'Eastern time',
  'America/Halifax': 'Atlantic time',
  'America/St_Johns': 'Newfoundland time',
  'America/Anchorage': 'Alaska time',
  'Pacific/Honolulu': 'Hawaii time',
  'Europe/London': 'UK time',
};

/** The same names in Spanish ("hora del Este"). Zones not listed are named by their IANA name. */
const SPANISH_ZONE_LABELS: Record<string, string> = {
  'America/Los_Angeles': 'hora del Pacífico',
  'America/Vancouver': 'hora del Pacífico',
  'America/Denver': 'hora de la Montaña',
  'America/Edmonton': 'hora de la Montaña',
  'America/Phoenix': 'hora de Arizona',
  'America/Chicago': 'hora del Centro',
  'America/Winnipeg': 'hora del Centro',
  'America/Regina': 'hora de Saskatchewan',
  'America/New_York': 'hora del Este',
  'America/Toronto': 'hora del Este',
  'America/Halifax': 'hora del Atlántico',
  'America/St_Johns': 'hora de Terranova',
  'America/Anchorage': 'hora de Alaska',
  'Pacific/Honolulu': 'hora de Hawái',
  'Europe/London': 'hora del Reino Unido',
};

const zoneOf = (zone: string, codes: readonly number[]) => codes.map((code) => [code, zone] as const);

/**
 * North American area codes outside the region default's zone (US: Eastern, Canada:
 * Eastern), from the NANPA assignments by state and province. A code that spans two zones
 * is listed under the zone most of its numbers are in (e.g. 915 El Paso is Mountain; 850,
 * 812 and 906 stay Eastern). New overlay codes missing here fall back to the region default.
 */
const AREA_CODE_ZONES: ReadonlyMap<number, string> = new Map([
  // US Pacific: California, Washington, Oregon, Nevada.
  ...zoneOf(
    'America/Los_Angeles',
    [
      209, 213, 279, 310, 323, 341, 350, 408, 415, 424, 442, 510, 530, 559, 562, 619, 626, 628, 650, 657, 661,
      669, 707, 714, 747, 760, 805, 818, 820, 831, 840, 858, 909, 916, 925, 949, 951, 206, 253, 360, 425, 509,
      564, 458, 503, 541, 971, 702, 725, 775,
    ],
  ),
  // US Mountain: Colorado, Utah, New Mexico, Montana, Wyoming, Idaho, El Paso.
  ...zoneOf('America/Denver', [303, 719, 720, 970, 983, 385, 435, 801, 505, 575, 406, 307, 208, 986, 915]),
  // Arizona keeps standard time all year.
  ...zoneOf('America/Phoenix', [480, 520, 602, 623, 928]),
  ...zoneOf('America/Anchorage', [907]),
  ...zoneOf('Pacific/Honolulu', [808]),
  // US Central: Texas, Illinois, Minnesota, Wisconsin, Iowa, Missouri, Arkansas, Louisiana,
  // Mississippi, Alabama, Oklahoma, Kansas, Nebraska, the Dakotas, middle and west Tennessee,
  // west Kentucky.
  ...zoneOf(
    'America/Chicago',
    [
      210, 214, 254, 281, 325, 346, 361, 409, 430, 432, 469, 512, 682, 713, 726, 737, 806, 817, 830, 832, 903,
      936, 940, 945, 956, 972, 979, 217, 224, 309, 312, 331, 447, 464, 618, 630, 708, 730, 773, 779, 815, 847,
      872, 218, 320, 507, 612, 651, 763, 952, 262, 274, 414, 534, 608, 715, 920, 319, 515, 563, 641, 712, 314,
      417, 557, 573, 636, 660, 816, 975, 327, 479, 501, 870, 225, 318, 337, 504, 985, 228, 601, 662, 769, 205,
      251, 256, 334, 659, 938, 405, 539, 572, 580, 918, 316, 620, 785, 913, 308, 402, 531, 605, 701, 615, 629,
      731, 901, 931, 270, 364,
    ],
  ),
  // Canada: British Columbia, Alberta and the North, Saskatchewan (no DST), Manitoba, the
  // Atlantic provinces, Newfoundland and Labrador.
  ...zoneOf('America/Vancouver', [236, 250, 257, 604, 672, 778]),
  ...zoneOf('America/Edmonton', [368, 403, 587, 780, 825, 867]),
  ...zoneOf('America/Regina', [306, 474, 639]),
  ...zoneOf('America/Winnipeg', [204, 431, 584]),
  ...zoneOf('America/Halifax', [428, 506, 782, 902]),
  ...zoneOf('America/St_Johns', [709, 879]),
]);

/** A zone for each region when the number does not tell (the content's region default unless overridden). */
export type RegionZones = Record<Region, string>;

/**
 * The zone to use for a number in a region: +44 numbers in the UK region are UK time; +1
 * numbers in the region of their own country use the area-code table; everything else
 * (including a number from another country than the chosen health system) uses the region default.
 */
export function zoneForNumber(phone: string, region: Region, defaults: RegionZones): string {
  const parsed = parsePhoneNumber(phone);
  if (parsed?.countryCallingCode === '44' && region === 'uk') return 'Europe/London';
  const sameCountry =
    (region === 'us' && parsed?.country === 'US') || (region === 'ca' && parsed?.country === 'CA');
  if (parsed?.countryCallingCode === '1' && sameCountry) {
    const areaCode = Number(parsed.nationalNumber.slice(0, 3));
    return AREA_CODE_ZONES.get(areaCode) ?? defaults[region];
  }
  return defaults[region];
}

/** True for a zone name Intl accepts (so every later computation can use it): see zoned-time.ts. */
export { isValidZone };

/**
 * Reads what followed TIMEZONE: a plain name ("Pacific", "Eastern", "UK", "EST") or an IANA
 * name ("America/Toronto", any case). Bare abbreviations Intl knows but people do not mean
 * (EST is fixed -5 there, no DST) are read as the everyday zone. Undefined when unknown.
 */
export function parseTimeZone(input: string): string | undefined {
  const words = input
    .trim()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/\bTIME\b|\bZONE\b|\bHORA\b|\bDEL?\b|\bLA\b/g, '')
    .trim();
  const named = ZONE_WORDS[words.replace(/[^A-Z]/g, '')];
  if (named !== undefined) return named;
  const candidate = input.trim();
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){1,2}$/.test(candidate) && candidate.toUpperCase() !== 'UTC') {
    return undefined;
  }
  if (!isValidZone(candidate)) return undefined;
  // Intl gives the canonical spelling ("america/toronto" -> "America/Toronto"); keep the
  // person's own zone when Intl would rename it to an older alias (Asia/Kolkata -> Asia/Calcutta).
  const canonical = new Intl.DateTimeFormat('en-GB', { timeZone: candidate }).resolvedOptions().timeZone;
  return canonical.toLowerCase() === candidate.toLowerCase() ? canonical : candidate;
}

/** The zone as people say it ("UK time", "hora del Este"), or its IANA name. English is GSM-7 safe. */
export function zoneLabel(zone: string, language: Language = 'en'): string {
  return (language === 'es' ? SPANISH_ZONE_LABELS[zone] : undefined) ?? ZONE_LABELS[zone] ?? zone;
}
