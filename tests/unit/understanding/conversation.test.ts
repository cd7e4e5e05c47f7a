import { describe, expect, it } from 'vitest';
import { forRegion } from '../../../functions/core/content-model.js';
import { converse } from '../../../functions/core/conversation.js';
import { renderCrisis, renderMenu } from '../../../functions/core/sms-render.js';
import type { Subscriber } from '../../../functions/core/subscriber.js';
import { content, NOW, settings, subscriber } from '../../fixtures/content.js';

const en = content.languages.en;
const es = content.languages.es;
const texts = en.understanding?.sms;
let sid = 0;
const run = (who: Subscriber, body: string) =>
  converse(who, { body, sid: `SM${String(++sid).padStart(32, '0')}` }, content, NOW, settings);

describe('free text in the conversation', () => {
  it('answers a question in people’s own words with its topic, and logs what it was understood as', () => {
    const turn = run(subscriber(), 'what records do i need to bring');
    expect(turn.next.topic).toBe('records');
    expect(turn.understood).toEqual({ layer: 'topic', topic: 'records', band: 'sure' });
    expect(JSON.stringify(turn.understood)).not.toContain('bring');
  });

  it('asks "did you mean" by menu number when two topics are close, and the numbers then work', () => {
    const turn = run(subscriber(), 'what paperwork do i need to get together for the new doctor');
    expect(turn.understood).toMatchObject({ layer: 'topic', band: 'close' });
    const [reply] = turn.replies;
    expect(reply).toBe('Did you mean 6 Records or 7 Prepare? Reply 6 or 7.');
    const number = /Reply (\d+)/.exec(reply ?? '')?.[1] ?? '';
    const chosen = run(turn.next, number);
    expect(chosen.next.topic).toBe(en.topics[Number(number) - 1]?.id);
  });

  it('falls back kindly with three topics by number and MENU, never a bare "did not understand"', () => {
    const turn = run(subscriber(), 'whats the weather like');
    expect(turn.understood).toEqual({ layer: 'fallback', band: 'unsure' });
    expect(turn.replies[0]).not.toBe(en.sms.notUnderstood);
    expect(turn.replies[0]).toMatch(/These may help: \d+ [^,]+, \d+ .+ or \d+ .+\. Reply a number, or MENU/);
  });

  it('does not answer medical questions, and sends the menu', () => {
    const turn = run(subscriber(), 'how much tamoxifen should I take a day');
    expect(turn.replies).toEqual([texts?.medical, renderMenu(content, 'en')]);
    expect(turn.next.topic).toBeUndefined();
  });

  it.each(['uk', 'us', 'ca'] as const)(
    'answers fear kindly in %s, the emergency line only as "if you are ever in danger"',
    (region) => {
      const turn = run(subscriber({ region }), 'am i going to die');
      const distress = texts ? forRegion(texts.distress, region) : '';
      expect(turn.replies).toEqual([distress]);
      expect(distress).toContain(`If you are ever in danger, call ${content.regions[region].emergency}`);
      expect(turn.replies).not.toContain(renderCrisis(content, 'en', region));
    },
  );

  it('answers fear written in Spanish in Spanish', () => {
    const turn = run(subscriber({ region: 'us' }), 'tengo mucho miedo');
    expect(turn.replies).toEqual([es?.understanding ? forRegion(es.understanding.sms.distress, 'us') : '']);
  });

  it('asks once when a stop is unclear, and STOP then opts out', () => {
    const asked = run(subscriber(), 'ok so stop, who is this');
    expect(asked.replies).toEqual([texts?.optOutConfirm]);
    expect(asked.next.status).toBe('subscribed');
    expect(run(asked.next, 'STOP').next.status).toBe('opted-out');
  });

  it('never opts out someone asking about stopping a treatment', () => {
    const turn = run(subscriber(), 'stop my chemo first?');
    expect(turn.next.status).toBe('subscribed');
    expect(turn.understood?.layer).toBe('medical');
  });

  it.each([
    ['thinking about ending my life tonight, I have the pills ready', 'en'],
    ['ya no quiero vivir', 'es'],
  ] as const)('puts the crisis lines first for %j, even before joining or after STOP', (body, language) => {
    for (const status of ['new', 'subscribed', 'opted-out'] as const) {
      const turn = run(subscriber({ status, region: 'us' }), body);
      expect(turn.replies).toEqual([renderCrisis(content, language, 'us')]);
    }
  });

  it('reads an appointment sentence and keeps the YES confirmation', () => {
    const asked = run(subscriber(), 'seeing the new specialist next thursday at 2.15pm');
    expect(asked.understood?.layer).toBe('appointment');
    expect(asked.next.pendingAppointment?.local).toBe('2026-11-26T14:15');
    const confirmed = run(asked.next, 'YES');
    expect(confirmed.next.appointment?.local).toBe('2026-11-26T14:15');
  });

  it('reads a Spanish appointment sentence from someone who chose English', () => {
    const asked = run(subscriber(), 'tengo cita el proximo martes a las 10 de la mañana');
    expect(asked.next.pendingAppointment?.local).toBe('2026-11-24T10:00');
  });
});
