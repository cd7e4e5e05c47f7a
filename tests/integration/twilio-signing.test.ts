import MessagingResponse from 'twilio/lib/twiml/MessagingResponse.js';
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { describe, expect, it } from 'vitest';
import {
  parseTwimlMessages,
  signTwilioRequest,
  smsParams,
  TwimlParseError,
} from '../../infra/local/twilio-signing.js';

// Twilio's documented example (https://www.twilio.com/docs/usage/security): this token, URL and
// these parameters must sign to exactly this value.
const token = '12345';
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+12349013030',
  Digits: '1234',
  From: '+12349013030',
  To: '+18005551212',
};

describe('signTwilioRequest', () => {
  it('produces the signature of the documented vector, which validateRequest accepts', () => {
    const signature = signTwilioRequest(token, url, params);
    expect(signature).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    expect(validateRequest(token, signature, url, params)).toBe(true);
  });

  it.each([
    ['the URL', token, url.replace('foo=1', 'foo=2'), params],
    ['the scheme', token, url.replace('https:', 'http:'), params],
    ['a parameter', token, url, { ...params, Digits: '1235' }],
    ['an added parameter', token, url, { ...params, Body: '' }],
    ['the token', '12346', url, params],
  ])('changes when %s changes', (_, otherToken, otherUrl, otherParams) => {
    const original = signTwilioRequest(token, url, params);
    const changed = signTwilioRequest(otherToken, otherUrl, otherParams);
    expect(changed).not.toBe(original);
    expect(validateRequest(token, changed, url, params)).toBe(false);
  });
});

describe('smsParams', () => {
  it('has every field Twilio posts for an inbound SMS, with one MessageSid throughout', () => {
    const sms = smsParams({ from: '+447400123456', to: '+15005550006', body: 'START' });
    expect(Object.keys(sms).sort()).toEqual(
      [
        'AccountSid',
        'ApiVersion',
        'Body',
        'From',
        'FromCity',
        'FromCountry',
        'FromState',
        'FromZip',
        'MessageSid',
        'NumMedia',
        'NumSegments',
        'SmsMessageSid',
        'SmsSid',
        'SmsStatus',
        'To',
        'ToCity',
        'ToCountry',
        'ToState',
        'ToZip',
      ].sort(),
    );
    expect(sms.MessageSid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sms.SmsSid).toBe(sms.MessageSid);
    expect(sms.SmsMessageSid).toBe(sms.MessageSid);
    expect(sms.FromCountry).toBe('GB');
    expect(sms.AccountSid).toMatch(/^AC/);
    expect(smsParams({ from: '+447400123456', to: '+15005550006', body: 'x' }).MessageSid).not.toBe(
      sms.MessageSid,
    );
    expect(smsParams({ from: '+1', to: '+2', body: '', messageSid: 'SMfixed' }).MessageSid).toBe('SMfixed');
  });
});

describe('parseTwimlMessages', () => {
  it('round-trips messages built by twilio, including & and <', () => {
    const response = new MessagingResponse();
    response.message('Reply STOP to cancel & HELP for help.');
    response.message('1 < 2 > 0 "quoted" \'single\'');
    const xml = response.toString();
    expect(xml).toContain('&amp;');
    expect(parseTwimlMessages(xml)).toEqual([
      'Reply STOP to cancel & HELP for help.',
      '1 < 2 > 0 "quoted" \'single\'',
    ]);
  });

  it('reads <Message><Body>, keeps whitespace and digits as text, and ignores <Media>', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><Response><!-- c --><Message to="+1"><Body> 007 \n line </Body>' +
      '<Media>https://example.com/a.png</Media></Message></Response>';
    expect(parseTwimlMessages(xml)).toEqual([' 007 \n line ']);
  });

  it('returns no messages for an empty Response', () => {
    expect(parseTwimlMessages(new MessagingResponse().toString())).toEqual([]);
    expect(parseTwimlMessages('<Response/>')).toEqual([]);
  });

  it.each([
    ['another root element', '<Reply><Message>hi</Message></Reply>'],
    ['JSON', '{"message":"Internal Server Error"}'],
    ['malformed XML', '<Response><Message>hi</Response>'],
    ['two roots', '<Response/><Response/>'],
  ])('throws TwimlParseError for %s', (_, xml) => {
    expect(() => parseTwimlMessages(xml)).toThrow(TwimlParseError);
  });
});
