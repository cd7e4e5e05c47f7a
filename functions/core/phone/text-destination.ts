import { type NumberType, parsePhoneNumber } from './phone-number.js';

/**
 * Where the line may send a text on its own initiative (text-me-this, reminders): a number
 * a caller ID or a form field claims is not proof that its owner wants cancer-topic texts,
 * and an open destination list invites SMS pumping (texts to premium or foreign ranges that
 * pay the fraudster). So, per libphonenumber's numbering metadata:
 * - only the line's countries: the UK (GB) and the NANP's US and Canada. The other +1
 *   countries (Jamaica, the Bahamas, ...) and the Crown Dependencies (+44 1481, 1534, 1624)
 *   are other countries with their own rates and rules;
 * - only numbers that can take a text: mobile, or fixed-line-or-mobile where the plan cannot
 *   tell them apart (all of the US and Canada). Never premium, shared cost, personal, VoIP,
 *   pager, UAN, voicemail, toll free or unassigned (no type) numbers.
 */
export const TEXTABLE_COUNTRIES: ReadonlySet<string> = new Set(['GB', 'US', 'CA']);
export const TEXTABLE_TYPES: ReadonlySet<NumberType> = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

export type TextDestination =
  | { textable: true }
  | {
      textable: false;
      reason: 'not-a-number' | 'outside-the-line-countries' | 'invalid' | 'cannot-take-texts';
    };

/** Whether the line may text `number` (E.164) on its own initiative, and if not, why. */
export function textDestination(number: string): TextDestination {
  const parsed = parsePhoneNumber(number);
  if (parsed === undefined) {
    // Calling codes other than 1 and 44 are outside the metadata, and outside the line's countries.
    return {
      textable: false,
      reason: /^\+[1-9]\d{6,14}$/.test(number) ? 'outside-the-line-countries' : 'not-a-number',
    };
  }
  if (parsed.country === undefined || !TEXTABLE_COUNTRIES.has(parsed.country)) {
    return { textable: false, reason: 'outside-the-line-countries' };
  }
  if (!parsed.valid) return { textable: false, reason: 'invalid' };
  const type = parsed.type;
  if (type === undefined || !TEXTABLE_TYPES.has(type))
    return { textable: false, reason: 'cannot-take-texts' };
  return { textable: true };
}

export const isTextable = (number: string): boolean => textDestination(number).textable;
