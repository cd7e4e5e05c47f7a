import fc from 'fast-check';
import { isValidPhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { describe, expect, it } from 'vitest';
import { metadataModule, reducedMetadata } from '../../functions/core/phone/build-metadata.js';
import { PHONE_METADATA } from '../../functions/core/phone/metadata.js';
import { parsePhoneNumber } from '../../functions/core/phone/phone-number.js';
import { inferRegion } from '../../functions/core/region.js';
import { reachableNumber } from '../../functions/voice/caller-number.js';

/**
 * The handlers read phone numbers with phone-number.ts over metadata reduced to +1 and +44
 * (issue 5: libphonenumber-js with every country's metadata was ~120 KB of each bundle).
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

describe('reachableNumber', () => {
  it('checks +1 and +44 numbers as the full library does (property)', () => {
    fc.assert(
      fc.property(fc.oneof(nanpNumber, ukNumber, likelyValid), (number) => {
        const wellFormed = /^\+[1-9]\d{6,14}$/.test(number);
        expect(reachableNumber(number)).toBe(wellFormed && isValidPhoneNumber(number) ? number : undefined);
      }),
      RUNS,
    );
  });

  it('takes a well-formed number with another calling code as it is', () => {
    expect(reachableNumber('+33612345678')).toBe('+33612345678');
    expect(reachableNumber('+266696687')).toBeUndefined();
    expect(reachableNumber('+1202555014')).toBeUndefined();
  });
});

describe('the committed metadata', () => {
  it('is what build-metadata.ts derives from the installed libphonenumber-js (run npm run phone:metadata)', () => {
    expect(PHONE_METADATA).toEqual(reducedMetadata());
    expect(metadataModule(reducedMetadata())).toContain('export const PHONE_METADATA');
  });
});
