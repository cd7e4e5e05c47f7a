import type { Messenger, OutboundSms } from '../core/ports.js';

export type OutboxEntry = { to: string; from: string; body: string; at: string; sid: string };

/**
 * The local stand-in for Twilio when no account is configured: messages are kept in memory
 * and shown at GET /dev/outbox. Never used by the deployed stack.
 */
export function makeOutboxMessenger(from: string, now: () => Date = () => new Date()) {
  const entries: OutboxEntry[] = [];
  let counter = 0;
  const messenger: Messenger = {
    async send(message: OutboundSms) {
      counter += 1;
      const sid = `SM${counter.toString(16).padStart(32, '0')}`;
      entries.push({ to: message.to, from, body: message.body, at: now().toISOString(), sid });
      return { outcome: 'sent', sid };
    },
  };
  return { messenger, entries: (): readonly OutboxEntry[] => entries };
}
