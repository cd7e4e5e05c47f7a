/**
 * TwiML for an SMS reply: one <Message> per text, or an empty <Response/> for silence.
 *
 * Written directly rather than with twilio's MessagingResponse: that class pulls in
 * xmlbuilder (58 KB of CommonJS), which cost the SMS function about 7 ms of every cold start
 * (issue 5) for a document with one kind of element. The output is byte for byte what
 * MessagingResponse writes, escaping included (tests/unit/sms-twiml.test.ts checks it against
 * twilio's own class for any text). The voice line, whose TwiML has many verbs and
 * attributes, keeps twilio's VoiceResponse.
 */

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * Characters XML 1.0 cannot carry: C0 controls other than tab, LF and CR, U+FFFE/U+FFFF and
 * unpaired surrogates (the same test xmlbuilder applies).
 */
const ILLEGAL_XML_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\0-\x08\x0B\f\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** Thrown for a reply XML cannot carry. Names the position only: never the text itself. */
export class IllegalTwimlTextError extends Error {
  override name = 'IllegalTwimlTextError';
}

/** Element text as xmlbuilder escapes it: &, <, > and carriage returns. */
function escapeText(text: string): string {
  const illegal = ILLEGAL_XML_CHAR.exec(text);
  if (illegal !== null) {
    throw new IllegalTwimlTextError(`a reply holds a character XML cannot carry at index ${illegal.index}`);
  }
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

export function messagingTwiml(replies: readonly string[]): string {
  if (replies.length === 0) return `${DECLARATION}<Response/>`;
  const messages = replies.map((reply) =>
    reply === '' ? '<Message/>' : `<Message>${escapeText(reply)}</Message>`,
  );
  return `${DECLARATION}<Response>${messages.join('')}</Response>`;
}
