import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { describe, expect, it } from 'vitest';
import { metadataModule, reducedMetadata } from '../../functions/core/phone/build-metadata.js';
import { PHONE_METADATA } from '../../functions/core/phone/metadata.js';
import { parsePhoneNumber } from '../../functions/core/phone/phone-number.js';
import { isTextable, textDestination } from '../../functions/core/phone/text-destination.js';
import { inferRegion } from '../../functions/core/region.js';
import { reachableNumber } from '../../functions/voice/caller-number.js';

/**
 * The handlers read phone numbers with phone-number.ts over metadata reduced to +1 and +44
 * (libphonenumber-js with every country's metadata was ~120 KB of each bundle).
 * These tests hold it to the full library's answers.
 */

/** What the full library (every country's metadata) says, in phone-number.ts's terms. */
function library(text: string) {
  const parsed = parsePhoneNumberFromString(text);
  if (parsed === undefined) return undefined;
  return {
    countryCallingCode: parsed.countryCallingCode as string,
    nationalNumber: parsed.nationalNumber as string,
    country: parsed.country as string | undefined,
    valid: parsed.isValid(),
    type: parsed.getType(),
  };
}

/** inferRegion as it was written with libphonenumber-js/min. */
function libraryRegion(text: string, fallback: 'uk' | 'us' | 'ca') {
  const parsed = parsePhoneNumberFromString(text);
  if (parsed === undefined) return fallback;
  if (parsed.countryCallingCode === '44') return 'uk';
  if (parsed.country === 'CA') return 'ca';
  if (parsed.country === 'US') return 'us';
  return fallback;
}

const digits = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((list) => list.join(''));

/** National numbers shaped like real ones (area codes, mobile ranges, Crown Dependencies) and not. */
const NANP_AREA_CODES = ['202', '212', '415', '416', '604', '709', '902', '876', '658', '441', '787', '939'];
const NANP_PREFIXES = [...NANP_AREA_CODES, '800', '900', '555', '011', '100', '1'];
const UK_PREFIXES = [
  '1',
  '20',
  '7400',
  '7911',
  '7781',
  '1481',
  '1534',
  '1624',
  '7624',
  '7700',
  '7797',
  '800',
];
const UK_PREFIXES_ALL = [...UK_PREFIXES, '845', '870', '90', '3', '0', '07', '01481', '180020', '5'];

const nanpNumber = fc
  .tuple(fc.constantFrom(...NANP_PREFIXES), digits(4, 10))
  .map(([prefix, rest]) => `+1${prefix}${rest}`);
const ukNumber = fc
  .tuple(fc.constantFrom(...UK_PREFIXES_ALL), digits(3, 10))
  .map(([prefix, rest]) => `+44${prefix}${rest}`);
/** Well-formed +1 and +44 numbers: mostly valid ones, which random digits seldom are. */
const likelyValid = fc.oneof(
  fc
    .tuple(fc.constantFrom(...NANP_AREA_CODES), fc.integer({ min: 2, max: 9 }), digits(6, 6))
    .map(([area, exchange, line]) => `+1${area}${exchange}${line}`),
  fc.tuple(fc.constantFrom(...UK_PREFIXES), digits(6, 6)).map(([prefix, rest]) => `+44${prefix}${rest}`),
);
const anyNumber = fc
  .tuple(fc.integer({ min: 1, max: 999 }), digits(1, 14))
  .map(([code, rest]) => `+${code}${rest}`);

const RUNS = { numRuns: 800, seed: 5 };

describe('parsePhoneNumber (reduced metadata) against libphonenumber-js/min', () => {
  it.each([
    ['+447400123456', 'GB'],
    ['+447911123456', 'GG'],
    ['+14165550199', 'CA'],
    ['+12025550143', 'US'],
    ['+18765550123', 'JM'],
  ])('%s is %s', (number, country) => {
    expect(parsePhoneNumber(number)?.country).toBe(country);
    expect(parsePhoneNumber(number)).toEqual(library(number));
  });

  it('never takes another NANP country for the US', () => {
    expect(inferRegion('+18765550123', 'uk')).toBe('uk');
    expect(inferRegion('+17875550123', 'ca')).toBe('ca');
  });

  it('answers as the full library for +1 numbers (property)', () => {
    fc.assert(
      fc.property(nanpNumber, (number) => {
        expect(parsePhoneNumber(number)).toEqual(library(number));
      }),
      RUNS,
    );
  });

  it('answers as the full library for +44 numbers (property)', () => {
    fc.assert(
      fc.property(ukNumber, (number) => {
        expect(parsePhoneNumber(number)).toEqual(library(number));
      }),
      RUNS,
    );
  });

  it('answers as the full library for well-formed +1 and +44 numbers (property)', () => {
    let valid = 0;
    fc.assert(
      fc.property(likelyValid, (number) => {
        const expected = library(number);
        if (expected?.valid) valid++;
        expect(parsePhoneNumber(number)).toEqual(expected);
      }),
      RUNS,
    );
    // Not vacuous: most of these are valid numbers.
    expect(valid).toBeGreaterThan(RUNS.numRuns / 2);
  });

  it('knows no other calling code; the region falls back as before (property)', () => {
    fc.assert(
      fc.property(
        anyNumber,
        fc.constantFrom('uk' as const, 'us' as const, 'ca' as const),
        (number, fallback) => {
          const parsed = parsePhoneNumber(number);
          if (parsed !== undefined) expect(['1', '44']).toContain(parsed.countryCallingCode);
          expect(inferRegion(number, fallback)).toBe(libraryRegion(number, fallback));
        },
      ),
      RUNS,
    );
  });

  it('reads nothing but E.164', () => {
    for (const text of ['', 'anonymous', 'client:alice', '+', '+4', '+44', '+0123456789', '447400123456']) {
      expect(parsePhoneNumber(text)).toBeUndefined();
    }
  });
});

describe('reachableNumber and textDestination', () => {
  /** The rule, spelt with the full library: a GB, US or CA number of a type that takes texts. */
  const libraryTextable = (number: string) => {
    const parsed = parsePhoneNumberFromString(number);
    if (parsed === undefined || !/^\+[1-9]\d{6,14}$/.test(number)) return false;
    return (
      ['GB', 'US', 'CA'].includes(parsed.country ?? '') &&
      parsed.isValid() &&
      ['MOBILE', 'FIXED_LINE_OR_MOBILE'].includes(parsed.getType() ?? '')
    );
  };

  it('texts only UK mobiles and US/Canada numbers, as the full library types them (property)', () => {
    let textable = 0;
    fc.assert(
      fc.property(fc.oneof(nanpNumber, ukNumber, likelyValid, anyNumber), (number) => {
        const expected = libraryTextable(number);
        if (expected) textable++;
        expect(isTextable(number)).toBe(expected);
        expect(reachableNumber(number)).toBe(expected ? number : undefined);
      }),
      RUNS,
    );
    expect(textable).toBeGreaterThan(50);
  });

  it.each([
    ['+447400123456', true, 'UK mobile'],
    ['+12025550143', true, 'US (fixed line or mobile)'],
    ['+14165550199', true, 'Canada'],
    ['+442079460000', false, 'UK fixed line'],
    ['+449098790000', false, 'UK premium rate'],
    ['+448450000000', false, 'UK shared cost'],
    ['+447000000000', false, 'UK personal number'],
    ['+448000000000', false, 'UK toll free'],
    ['+19005550123', false, 'US premium rate'],
    ['+18005550123', false, 'US toll free'],
    ['+18765550123', false, 'Jamaica'],
    ['+12425550123', false, 'Bahamas'],
    ['+17875550123', false, 'Puerto Rico'],
    ['+447911123456', false, 'Guernsey mobile'],
    ['+2348012345678', false, 'Nigeria'],
    ['+8801712345678', false, 'Bangladesh'],
    ['+999123456789', false, 'no country'],
    ['+33612345678', false, 'France'],
    ['+266696687', false, 'withheld caller ID'],
    ['+1202555014', false, 'too short'],
  ])('%s: %s (%s)', (number, expected) => {
    expect(isTextable(number)).toBe(expected);
    expect(reachableNumber(number)).toBe(expected ? number : undefined);
  });

  it('says why a number is refused', () => {
    expect(textDestination('+18765550123')).toEqual({
      textable: false,
      reason: 'outside-the-line-countries',
    });
    expect(textDestination('+449098790000')).toEqual({ textable: false, reason: 'cannot-take-texts' });
    expect(textDestination('anonymous')).toEqual({ textable: false, reason: 'not-a-number' });
  });
});

describe('the committed metadata', () => {
  it('is what build-metadata.ts derives from the installed libphonenumber-js (run npm run phone:metadata)', () => {
    expect(PHONE_METADATA).toEqual(reducedMetadata());
    expect(metadataModule(reducedMetadata())).toContain('export const PHONE_METADATA');
  });
});
