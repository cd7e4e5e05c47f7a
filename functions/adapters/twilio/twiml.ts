import { element, escapeText, twimlDocument } from './twiml-xml.js';

export { IllegalTwimlTextError } from './twiml-xml.js';

/**
 * TwiML for an SMS reply: one <Message> per text, or an empty <Response/> for silence. The
 * same bytes as twilio's MessagingResponse, without its xmlbuilder (see twiml-xml.ts).
 */
export function messagingTwiml(replies: readonly string[]): string {
  return twimlDocument(replies.map((reply) => element('Message', {}, escapeText(reply))).join(''));
}
