import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../functions/adapters/http/errors.js';
import { ConfigError, HandlerEnvSchema, parseEnv } from '../../functions/config.js';
import { isRegion, RegionSchema } from '../../functions/core/content-model.js';
import { parseInboundSms } from '../../functions/sms/inbound-sms.js';
import { describeIssues } from '../../functions/validation.js';
import { parseCallState } from '../../functions/voice/voice-request.js';

/** The handlers' schemas are valibot (functions/validation.ts); these pin what they promise. */

const BASE = { TABLE_NAME: 'line', PUBLIC_URL: 'https://abc.execute-api.eu-west-2.amazonaws.com/' };
const SID = (prefix: string) => `${prefix}${'0123456789abcdef'.repeat(2)}`;

/** The error `fn` throws (it must throw). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an error');
}

describe('the environment', () => {
  it('fills defaults and reads strings as the handlers need them', () => {
    const config = parseEnv(HandlerEnvSchema, { ...BASE, DEFAULT_REGION: ' UK ', REMINDER_MAX_MPS: '1' });
    expect(config).toMatchObject({
      PUBLIC_URL: 'https://abc.execute-api.eu-west-2.amazonaws.com',
      DEFAULT_REGION: 'uk',
      SUPPORT_CONTACT: 'help@example.org',
      REMINDER_OFFSETS_DAYS: [14, 7, 3, 1],
      REMINDER_SEND_TIME: '10:00',
      REMINDER_MAX_MPS: 1,
      REMINDER_CONCURRENCY: 32,
    });
    expect(
      parseEnv(HandlerEnvSchema, { ...BASE, REMINDER_OFFSETS_DAYS: ' 3 , 1 ' }).REMINDER_OFFSETS_DAYS,
    ).toEqual([3, 1]);
  });

  it.each([
    ['TABLE_NAME', { TABLE_NAME: undefined }, /TABLE_NAME: Required/],
    ['PUBLIC_URL', { PUBLIC_URL: 'https:abc.example' }, /PUBLIC_URL: a full http\(s\) URL/],
    [
      'DEFAULT_REGION',
      { DEFAULT_REGION: 'fr' },
      /DEFAULT_REGION: Invalid option: expected one of "uk"\|"us"\|"ca"/,
    ],
    ['REMINDER_OFFSETS_DAYS', { REMINDER_OFFSETS_DAYS: '7,7' }, /REMINDER_OFFSETS_DAYS: no day twice/],
    ['REMINDER_OFFSETS_DAYS', { REMINDER_OFFSETS_DAYS: '0' }, /REMINDER_OFFSETS_DAYS\.0: Too small/],
    [
      'REMINDER_FOLLOW_UP_DAYS',
      { REMINDER_FOLLOW_UP_DAYS: '1.5' },
      /REMINDER_FOLLOW_UP_DAYS: .*expected int/,
    ],
    ['REMINDER_MAX_MPS', { REMINDER_MAX_MPS: 'fast' }, /REMINDER_MAX_MPS: .*expected number, received NaN/],
    [
      'DEFAULT_TIME_ZONE_US',
      { DEFAULT_TIME_ZONE_US: 'Mars/Base' },
      /DEFAULT_TIME_ZONE_US: an IANA time zone/,
    ],
  ])('names %s and the problem', (_, env, message) => {
    // Unset variables are absent from process.env, not undefined.
    const given = Object.fromEntries(
      Object.entries({ ...BASE, ...env }).filter(([, value]) => value !== undefined),
    );
    const error = thrown(() => parseEnv(HandlerEnvSchema, given));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(message);
  });

  it('never echoes a value, even where a rule has no message of its own', () => {
    const token = 'short-secret';
    const error = thrown(() => parseEnv(HandlerEnvSchema, { ...BASE, TWILIO_AUTH_TOKEN: token.slice(0, 6) }));
    expect(error.message).toMatch(/TWILIO_AUTH_TOKEN: the Twilio auth token needs at least 8 characters/);
    expect(error.message).not.toContain('short-');
    const plain = v.safeParse(v.pipe(v.string(), v.regex(/^AC\d+$/)), 'my-secret-value');
    expect(plain.success ? '' : describeIssues(plain.issues)).toBe(
      '  (environment): Invalid string: must match pattern /^AC\\d+$/',
    );
  });
});

describe('webhook parameters', () => {
  const sms = { MessageSid: SID('SM'), AccountSid: SID('AC'), From: '+447400123456', To: '+15005550006' };

  it('reads an inbound text, Body defaulting to empty, unknown parameters dropped', () => {
    expect(parseInboundSms({ ...sms, MessageSid: SID('MM'), NewThing: 'x' })).toEqual({
      ...sms,
      MessageSid: SID('MM'),
      Body: '',
    });
  });

  it('answers 400 naming each bad parameter, never its value', () => {
    const error = thrown(() =>
      parseInboundSms({ ...sms, From: 'private text', MessageSid: 'SMshort', To: '' }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toMatch(/From: an E\.164 phone number/);
    expect(error.message).toMatch(/MessageSid: a Twilio SID starting SM or MM/);
    expect(error.message).toMatch(/To: Too small: expected string to have >=1 characters/);
    expect(error.message).not.toContain('private text');
    expect(error.message).not.toContain('SMshort');
  });

  it('refuses call state with a key it does not know, naming the key', () => {
    expect(parseCallState('/voice/menu', 'lang=es&misses=1&turns=2')).toMatchObject({
      language: 'es',
      misses: 1,
    });
    expect(() => parseCallState('/voice/menu', 'lang=en&misses=0&turns=1&extra=1')).toThrow(
      /extra: Unrecognized key/,
    );
    expect(() => parseCallState('/voice/menu', 'lang=en&misses=1.5&turns=1')).toThrow(
      /misses: .*expected int/,
    );
  });
});

describe('regions', () => {
  it("knows the line's regions exactly", () => {
    expect(isRegion('uk')).toBe(true);
    expect(isRegion('UK')).toBe(false);
    expect(v.is(RegionSchema, 'ca')).toBe(true);
    expect(v.is(RegionSchema, 'fr')).toBe(false);
  });
});
