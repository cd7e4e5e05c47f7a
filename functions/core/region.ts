import type { Region } from './content-model.js';
import { parsePhoneNumber } from './phone/phone-number.js';

/**
 * The health system a number most likely belongs to. +44 (and the Crown Dependencies that
 * share it) is the UK; +1 is split into US and Canada by area code; anything else, or a
 * number phone-number.ts cannot place (as libphonenumber-js would not), falls back to the
 * configured default.
 */
export function inferRegion(phone: string, fallback: Region): Region {
  const parsed = parsePhoneNumber(phone);
  if (parsed === undefined) return fallback;
  if (parsed.countryCallingCode === '44') return 'uk';
  if (parsed.country === 'CA') return 'ca';
  if (parsed.country === 'US') return 'us';
  return fallback;
}
