import { randomBytes, randomUUID } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
// The deep module keeps the whole twilio REST client out of what gets loaded (see REFERENCE.md).
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { DEV_ACCOUNT_SID } from './dev-defaults.js';

/**
 * The `X-Twilio-Signature` Twilio would send for a form POST of `params` to `url` (the full URL,
 * query string included), computed by Twilio's own library so local requests cannot drift from it.
 */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>): string {
  return getExpectedTwilioSignature(authToken, url, params);
}

/** Options of {@link postSignedForm}. */
export type PostSignedFormOptions = {
  /** Sign against this URL instead of the one posted to, to reproduce a misconfigured public URL. */
  signatureUrl?: string;
  /** Send this signature instead of the computed one; `null` omits the header. */
  signature?: string | null;
  /** The local server's dev token (`npm start` prints it), sent as X-Dev-Token when given. */
  devToken?: string;
};

/** Status, content type and text of a webhook response. */
export type WebhookResponse = { status: number; contentType: string; body: string };

/** Posts a form the way Twilio posts a webhook: urlencoded body, signature and Twilio's headers. */
export async function postSignedForm(
  url: string,
  params: Record<string, string>,
  authToken: string,
  options: PostSignedFormOptions = {},
): Promise<WebhookResponse> {
  const signature =
    options.signature === undefined
      ? signTwilioRequest(authToken, options.signatureUrl ?? url, params)
      : options.signature;
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: '*/*',
    'User-Agent': 'TwilioProxy/1.1',
    // Twilio sends one per delivery attempt; handlers may log it next to the MessageSid.
    'I-Twilio-Idempotency-Token': randomUUID(),
  };
  if (signature !== null) headers['X-Twilio-Signature'] = signature;
  if (options.devToken !== undefined) headers['X-Dev-Token'] = options.devToken;
  const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params) });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}

/** Input of {@link smsParams}. */
export type InboundSmsInput = { from: string; to: string; body: string; messageSid?: string };

/**
 * Every parameter Twilio posts for an inbound SMS without media, so handlers meet the real
 * shape (and the signature covers all of it). Geographic fields are empty outside North America,
 * which is what Twilio sends for them; no `MessagingServiceSid` because the line uses a number.
 */
export function smsParams(input: InboundSmsInput): Record<string, string> {
  const messageSid = input.messageSid ?? `SM${randomBytes(16).toString('hex')}`;
  return {
    ToCountry: countryOf(input.to),
    ToState: '',
    SmsMessageSid: messageSid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: messageSid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: input.body,
    FromCountry: countryOf(input.from),
    To: input.to,
    ToZip: '',
    NumSegments: '1',
    MessageSid: messageSid,
    AccountSid: DEV_ACCOUNT_SID,
    From: input.from,
    ApiVersion: '2010-04-01',
  };
}

function countryOf(phoneNumber: string): string {
  return parsePhoneNumberFromString(phoneNumber)?.country ?? '';
}

/** Thrown when a webhook answer is not a TwiML `<Response>` document. */
export class TwimlParseError extends Error {
  override name = 'TwimlParseError';
}

const twimlParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  // Message text must come back exactly as sent: no number coercion, no trimming.
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  commentPropName: '#comment',
});

/**
 * The text of each `<Message>` of a TwiML `<Response>`, in order, entities decoded. A message
 * written as `<Message><Body>…</Body></Message>` yields its body; `<Media>` is ignored.
 */
export function parseTwimlMessages(xml: string): string[] {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    throw new TwimlParseError(`Not well-formed XML: ${validation.err.msg} (line ${validation.err.line})`);
  }
  const parsed: unknown = twimlParser.parse(xml);
  const roots = elements(parsed);
  const [root] = roots;
  if (roots.length !== 1 || root === undefined || root.name !== 'Response') {
    throw new TwimlParseError(`Expected a TwiML <Response>, got: ${xml.slice(0, 200)}`);
  }
  return elements(root.children)
    .filter((element) => element.name === 'Message')
    .map((message) => {
      const body = elements(message.children).find((child) => child.name === 'Body');
      return textOf(body === undefined ? message.children : body.children);
    });
}

type XmlElement = { name: string; children: unknown };

/** Elements of a preserveOrder node list: each is `{ TagName: children }`, text is `{ '#text': … }`. */
function elements(nodes: unknown): XmlElement[] {
  if (!Array.isArray(nodes)) return [];
  const found: XmlElement[] = [];
  for (const node of nodes) {
    if (typeof node !== 'object' || node === null) continue;
    for (const [name, children] of Object.entries(node)) {
      if (name !== '#text' && name !== '#comment' && name !== ':@') found.push({ name, children });
    }
  }
  return found;
}

function textOf(nodes: unknown): string {
  if (!Array.isArray(nodes)) return '';
  let text = '';
  for (const node of nodes) {
    if (typeof node !== 'object' || node === null) continue;
    const value: unknown = Object.entries(node).find(([name]) => name === '#text')?.[1];
    if (value !== undefined) text += String(value);
  }
  return text;
}
