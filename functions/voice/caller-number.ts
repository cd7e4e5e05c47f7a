import { parsePhoneNumber } from '../core/phone/phone-number.js';

/**
 * What Twilio puts in `From` when the caller withheld or has no caller ID: the numeric forms
 * spell ANONYMOUS, RESTRICTED, UNAVAILABLE, BLOCKED and UNKNOWN on a keypad.
 */
const WITHHELD_SENTINELS = new Set(['+266696687', '+7378742833', '+86282452253', '+2562533', '+8656696']);

/**
 * The caller's number when it can be stored against and texted: a valid E.164 number that is
 * not a withheld-ID sentinel. Undefined otherwise: such a call hears the menu, but nothing is
 * recorded (all withheld callers would share one record) and no text is offered.
 *
 * +1 and +44 numbers are checked against their country's numbering plan (phone-number.ts);
 * other calling codes are outside the bundled metadata (issue 5: every country's plan would
 * add ~80 KB), so a well-formed E.164 number from elsewhere is taken as it is.
 */
export function reachableNumber(from: string): string | undefined {
  if (!/^\+[1-9]\d{6,14}$/.test(from) || WITHHELD_SENTINELS.has(from)) return undefined;
  const parsed = parsePhoneNumber(from);
  return parsed === undefined || parsed.valid ? from : undefined;
}
