/**
 * The little XML the line's TwiML needs, written as twilio's TwiML classes (xmlbuilder) write
 * it, byte for byte: declaration, attribute order as given, the same escaping, empty elements
 * self-closed. Twilio's classes pull in xmlbuilder (58 KB of CommonJS, about 7 ms of every
 * cold start); tests/unit/sms-twiml.test.ts and voice-twiml.test.ts compare this
 * module's output with twilio's own for any text.
 */

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * Characters XML 1.0 cannot carry: C0 controls other than tab, LF and CR, U+FFFE/U+FFFF and
 * unpaired surrogates (the test xmlbuilder applies).
 */
const ILLEGAL_XML_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\0-\x08\x0B\f\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** Thrown for text XML cannot carry. Names the position only: never the text itself. */
export class IllegalTwimlTextError extends Error {
  override name = 'IllegalTwimlTextError';
}

function legal(value: string): string {
  const illegal = ILLEGAL_XML_CHAR.exec(value);
  if (illegal !== null) {
    throw new IllegalTwimlTextError(
      `TwiML text holds a character XML cannot carry at index ${illegal.index}`,
    );
  }
  return value;
}

/** Element text: &, <, > and carriage returns escaped. */
export function escapeText(text: string): string {
  return legal(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#xD;');
}

/** Attribute values: &, <, quotes and the whitespace characters XML would normalise. */
function escapeAttribute(value: string): string {
  return legal(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');
}

export type Attributes = Record<string, string | number>;

/**
 * One element. `content` is markup already written (child elements, or text passed through
 * {@link escapeText}); empty or absent content closes the element on itself.
 */
export function element(name: string, attributes: Attributes = {}, content = ''): string {
  const attributeText = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`)
    .join('');
  return content === '' ? `<${name}${attributeText}/>` : `<${name}${attributeText}>${content}</${name}>`;
}

/** A whole TwiML document: the declaration and a <Response> holding `content`. */
export function twimlDocument(content: string): string {
  return `${XML_DECLARATION}${element('Response', {}, content)}`;
}
