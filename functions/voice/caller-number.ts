import { isTextable } from '../core/phone/text-destination.js';

/**
 * What Twilio puts in `From` when the caller withheld or has no caller ID: the numeric forms
 * spell ANONYMOUS, RESTRICTED, UNAVAILABLE, BLOCKED and UNKNOWN on a keypad.
 */
const WITHHELD_SENTINELS = new Set(['+266696687', '+7378742833', '+86282452253', '+2562533', '+8656696']);

/**
 * The caller's number when the line may text it: a valid E.164 number, not a withheld-ID
 * sentinel, and a destination the line texts at all (text-destination.ts: UK, US or Canada,
 * a mobile or fixed-line-or-mobile number). Undefined otherwise: such a call hears the menu,
 * but no text is offered. Caller ID can be spoofed, so this is only where a text may go,
 * never proof of who is calling: the call records nothing else against the number.
 */
export function reachableNumber(from: string): string | undefined {
  return hasCallerId(from) && isTextable(from) ? from : undefined;
}

/**
 * A caller ID was given: an E.164 number, not a withheld-ID sentinel. Such callers are
 * offered texts whatever the number is, so that the offer itself says nothing about it.
 */
export function hasCallerId(from: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(from) && !WITHHELD_SENTINELS.has(from);
}
