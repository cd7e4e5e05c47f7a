import MessagingResponse from 'twilio/lib/twiml/MessagingResponse.js';

/** TwiML for an SMS reply: one <Message> per text, or an empty <Response/> for silence. */
export function messagingTwiml(replies: readonly string[]): string {
  const response = new MessagingResponse();
  for (const reply of replies) response.message(reply);
  return response.toString();
}
