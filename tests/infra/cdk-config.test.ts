import { describe, expect, it } from 'vitest';
import { ContextError, parseLineContext, readLineContext } from '../../infra/cdk/config.js';

const SID = `AC${'a'.repeat(32)}`;
/** Every deploy needs a real support contact. */
const base = { supportContact: 'help@yourcharity.org.uk' };

describe('parseLineContext', () => {
  it('has safe defaults for everything but the support contact', () => {
    expect(parseLineContext({ supportContact: 'help@yourcharity.org.uk' })).toEqual({
      supportContact: 'help@yourcharity.org.uk',
      defaultRegion: 'us',
      sweepRateMinutes: 5,
      deletionProtection: true,
      logRetentionDays: 90,
      apiRateLimit: 25,
      apiBurstLimit: 50,
      sweeperReservedConcurrency: 1,
      waf: false,
      wafRateLimitPerIp: 3000,
    });
  });

  it.each([
    [{}, "supportContact: set the line's real support contact"],
    [{ supportContact: 'help@example.org' }, 'supportContact: is a placeholder (an example domain)'],
    [{ supportContact: 'https://example.com/help' }, 'supportContact: is a placeholder'],
    [{ supportContact: 'help@line.test' }, 'supportContact: is a placeholder'],
  ])('refuses to deploy without a real support contact (%j), saying why', (raw, message) => {
    expect(() => parseLineContext(raw)).toThrow(ContextError);
    expect(() => parseLineContext(raw)).toThrow(message);
  });

  it.each(['help@examples.org', '0800 123 4567', 'https://charity.org.uk/help', 'text HELP to 12345'])(
    'accepts a real contact: %s',
    (supportContact) => {
      expect(parseLineContext({ supportContact }).supportContact).toBe(supportContact);
    },
  );

  it.each([
    ['true', true],
    ['false', false],
    [true, true],
    [false, false],
  ])('reads deletionProtection %j as %j', (raw, expected) => {
    expect(parseLineContext({ ...base, deletionProtection: raw }).deletionProtection).toBe(expected);
  });

  it('coerces numbers given as strings on the command line', () => {
    expect(parseLineContext({ ...base, sweepRateMinutes: '15', apiRateLimit: '7' })).toMatchObject({
      sweepRateMinutes: 15,
      apiRateLimit: 7,
    });
  });

  it.each([
    ['sweepRateMinutes', { sweepRateMinutes: '0' }],
    ['sweepRateMinutes', { sweepRateMinutes: '2.5' }],
    ['deletionProtection', { deletionProtection: 'yes' }],
    ['logRetentionDays', { logRetentionDays: '100' }],
    ['twilioAccountSid', { twilioAccountSid: 'AC123' }],
    ['twilioFrom', { twilioAccountSid: SID }],
    [
      'twilioMessagingServiceSid',
      { twilioFrom: '+14155550100', twilioMessagingServiceSid: `MG${'b'.repeat(32)}` },
    ],
    ['customDomainCertificateArn', { customDomainName: 'line.example.org' }],
    ['customDomainName', { customDomainName: 'Not A Host' }],
    ['alarmEmail', { alarmEmail: 'not-an-address' }],
    ['supportContact', { supportContact: 'call us — now' }],
    ['defaultRegion', { defaultRegion: 'fr' }],
  ])('rejects a bad %s, naming it', (key, raw) => {
    expect(() => parseLineContext({ ...base, ...raw })).toThrow(ContextError);
    expect(() => parseLineContext({ ...base, ...raw })).toThrow(new RegExp(`${key}:`));
  });

  it('never echoes a value in its error', () => {
    const secretish = 'AC-this-is-not-a-sid-0123456789';
    expect(() => parseLineContext({ twilioAccountSid: secretish })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secretish) }),
    );
  });

  it('reads only the known keys and treats empty strings as unset', () => {
    const context: Record<string, unknown> = {
      ...base,
      sweepRateMinutes: '10',
      alarmEmail: '',
      unrelated: 'x',
    };
    expect(readLineContext((key) => context[key])).toMatchObject({ sweepRateMinutes: 10 });
    expect(readLineContext((key) => context[key]).alarmEmail).toBeUndefined();
  });
});

describe('text-me-this limits in context', () => {
  it('are read with the handlers own rules', () => {
    expect(
      parseLineContext({ ...base, textMeThisTopicsPerCall: '2', textMeThisPerNumberPerDay: 4 }),
    ).toMatchObject({
      textMeThisTopicsPerCall: 2,
      textMeThisPerNumberPerDay: 4,
    });
    expect(() => parseLineContext({ ...base, textMeThisTopicsPerCall: '0' })).toThrow(
      /textMeThisTopicsPerCall/,
    );
    expect(() => parseLineContext({ ...base, textMeThisPerNumberPerDay: 'lots' })).toThrow(
      /textMeThisPerNumberPerDay/,
    );
  });
});
