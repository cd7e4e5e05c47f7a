import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { bundledContent } from '../../functions/adapters/content/bundled-content.js';
import { WEBHOOK_BOUND_MS } from '../../functions/adapters/time-budget.js';
import type { Subscriber } from '../../functions/core/subscriber.js';
import { DEV_LINE_NUMBER } from '../../infra/local/dev-defaults.js';
import { parseTwimlMessages, smsParams } from '../../infra/local/twilio-signing.js';
import type { Line } from '../integration/line-harness.js';

/**
 * A burst of mixed texts from many numbers, for the chaos tests: each number sends its own
 * script in order (ticks, topics, an appointment and its YES, HELP, and for half of them a
 * STOP or a plain-language opt-out last), all numbers at once.
 */
export type Sent = { from: string; body: string; messageSid: string; elapsedMs: number; replies: string[] };

const SORRY = bundledContent().languages.en.sms.sorryForDelay;

export const OPT_OUTS = ['STOP', 'please stop texting me'] as const;

/** Ten texts for number `index`: every fourth a STOP last, every fourth+1 a phrase, the rest MORE. */
export function scriptFor(index: number): string[] {
  const last = index % 4 === 0 ? OPT_OUTS[0] : index % 4 === 1 ? OPT_OUTS[1] : 'MORE';
  return ['DONE 1', '1', 'APPT 15 January 2027 10:30', 'YES', 'DONE 2', 'MENU', '2', 'HELP', 'DONE 3', last];
}

/** Twenty numbers, half in the UK, half in Washington DC (both in their day at the test clock). */
export function numbers(prefix: number): string[] {
  return Array.from({ length: 20 }, (_, index) =>
    index % 2 === 0
      ? `+4474${String(prefix).padStart(2, '0')}${String(100_000 + index).slice(1)}`
      : `+1202${String(prefix).padStart(2, '0')}${String(10_000 + index).slice(1)}`,
  );
}

/** Sends every number's script, numbers in parallel; `onSent(n)` runs after each text (n sent so far). */
export async function burst(
  line: Line,
  phones: string[],
  onSent: (count: number) => Promise<void> | void = () => undefined,
): Promise<Sent[]> {
  const sent: Sent[] = [];
  await Promise.all(
    phones.map(async (from, index) => {
      for (const body of scriptFor(index)) {
        const params = smsParams({ from, to: DEV_LINE_NUMBER, body });
        const started = performance.now();
        const response = await line.post('/sms', params);
        const elapsedMs = performance.now() - started;
        expect(response.status).toBe(200);
        sent.push({
          from,
          body,
          messageSid: params.MessageSid as string,
          elapsedMs,
          replies: parseTwimlMessages(response.body),
        });
        await onSent(sent.length);
      }
    }),
  );
  return sent;
}

/** Polls `check` until it holds (the store answering again, the queue drained), or fails after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Drains the line's intake queue until nothing waits. */
export async function drainAll(line: Line, timeoutMs = 60_000): Promise<void> {
  await until(
    async () => {
      await line.app.intake.drain();
      return line.app.intake.depth() === 0;
    },
    timeoutMs,
    'the intake queue drained',
  );
}

/**
 * What must hold after recovery and replay: every text answered within the bound; every text
 * applied (its answered-text row exists), once; every opt-out, tick and appointment in the
 * table; no consent event twice; nothing sent to anyone who opted out; no dead letters.
 */
export async function expectNothingLost(line: Line, phones: string[], sent: Sent[]): Promise<void> {
  expect(sent).toHaveLength(phones.length * 10);
  for (const text of sent) {
    expect(text.elapsedMs).toBeLessThan(WEBHOOK_BOUND_MS);
    expect(text.replies.length).toBeGreaterThan(0);
  }
  expect(line.app.intake.deadLetters()).toEqual([]);
  const outbox = await line.outbox();
  for (const [index, phone] of phones.entries()) {
    const items = await line.items(phone);
    const profile = items.find((item) => item.sk === 'PROFILE') as
      | (Subscriber & Record<string, unknown>)
      | undefined;
    expect(profile, phone).toBeDefined();
    const mine = sent.filter((text) => text.from === phone);
    for (const text of mine) {
      expect(
        items.some((item) => item.sk === `SMS#${text.messageSid}`),
        `${phone} ${text.body}`,
      ).toBe(true);
    }
    const sids = profile?.consent.map((event) => event.sid) ?? [];
    expect(new Set(sids).size).toBe(sids.length);
    const last = scriptFor(index).at(-1);
    if (last === 'MORE') {
      expect(profile?.status).toBe('subscribed');
      expect(profile?.checklistDone).toHaveLength(3);
      expect(profile?.appointment).toBeDefined();
      // The answers the outage held back went out by text, each led by the apology for the delay.
      const texts = outbox.filter((entry) => entry.to === phone).map((entry) => entry.body);
      const sorry = line.app.intake.consumed().filter((m) => m.kind === 'reply' && m.to === phone).length;
      expect(sorry).toBeGreaterThan(0);
      expect(texts[0]).toBe(SORRY);
      expect(texts.filter((body) => body === SORRY)).toHaveLength(sorry);
    } else {
      expect(profile?.status).toBe('opted-out');
      const stop = mine.find((text) => text.body === last);
      expect(profile?.consent.at(-1)).toMatchObject({ action: 'opt-out', sid: stop?.messageSid });
      expect(outbox.filter((entry) => entry.to === phone)).toEqual([]);
    }
  }
}

/** Delivers every consumed message a second time: nothing may change, nothing may be sent. */
export async function expectRedeliveryChangesNothing(line: Line, phones: string[]): Promise<void> {
  const snapshot = async () => Promise.all(phones.map((phone) => line.items(phone)));
  const before = await snapshot();
  const outboxBefore = (await line.outbox()).length;
  for (const message of line.app.intake.consumed()) await line.app.intake.consume(message);
  await drainAll(line);
  expect(await snapshot()).toEqual(before);
  expect((await line.outbox()).length).toBe(outboxBefore);
}
