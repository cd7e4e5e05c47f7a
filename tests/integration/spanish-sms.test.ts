import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeDynamoSubscriberStore } from '../../functions/adapters/dynamodb/subscriber-store.js';
import { renderMenu, renderTopicPart } from '../../functions/core/sms-render.js';
import { content } from '../fixtures/content.js';
import { type Line, startLine } from './line-harness.js';
import { placeCall, says } from './voice-harness.js';

/**
 * The Spanish line end to end, as `npm start` serves it: signed texts to POST /sms switch the
 * language, which the person's record keeps for every later reply and reminder; the voice
 * line offers Spanish first, in a Spanish voice.
 */

const es = content.languages.es;
if (es === undefined) throw new Error('content/es/ is missing');
const en = content.languages.en;
const records = es.topics.find((topic) => topic.id === 'records');
if (records === undefined) throw new Error('no Spanish records topic');

let line: Line;
let now = new Date('2026-11-20T12:00:00Z');

beforeAll(async () => {
  line = await startLine({ clock: { now: () => now } });
});
afterAll(() => line.close());

const store = () => makeDynamoSubscriberStore(line.app.documentClient, line.tableName);
const OutboxSchema = z.array(z.object({ to: z.string(), body: z.string() }).passthrough());
const outboxFor = async (phone: string) =>
  OutboxSchema.parse(await (await line.dev(`/dev/outbox`)).json()).filter((m) => m.to === phone);

describe('texting the line in Spanish', () => {
  const phone = '+12025550171';

  it('ESPAÑOL switches to Spanish and sends the Spanish menu; the choice is stored', async () => {
    expect((await line.text(phone, 'START'))[0]).toContain("you're in");
    expect(await line.text(phone, 'ESPAÑOL')).toEqual([es.sms.languageChanged, renderMenu(content, 'es')]);
    expect((await store().get(phone))?.subscriber.language).toBe('es');
  });

  it('answers a Spanish topic word, MÁS and AYUDA in Spanish', async () => {
    expect(await line.text(phone, 'registros')).toEqual([renderTopicPart(content, 'es', records, 0, 'us')]);
    expect(await line.text(phone, 'más')).toEqual([renderTopicPart(content, 'es', records, 1, 'us')]);
    const [help] = await line.text(phone, 'AYUDA');
    expect(help).toContain('Pueden aplicarse tarifas de mensajes y datos');
    expect(help).toContain('llame al 911');
  });

  it('books an appointment in Spanish, and the reminder arrives in Spanish', async () => {
    now = new Date('2026-11-20T12:05:00Z');
    const [prompt] = await line.text(phone, 'mi cita es el 12 de diciembre a las 10:30');
    expect(prompt).toContain('sábado 12 de diciembre a las 10:30 (hora del Este)');
    now = new Date('2026-11-20T12:06:00Z');
    expect((await line.text(phone, 'SÍ'))[0]).toContain('Su cita queda fijada');

    const sweep = await line.dev(`/dev/sweep?at=2026-11-28T15:31:00Z`, { method: 'POST' });
    expect(sweep.status).toBe(200);
    const reminders = (await outboxFor(phone)).map((message) => message.body);
    expect(reminders.at(-1)).toContain(
      'Second Opinion Line: su cita es el sábado 12 de diciembre a las 10:30',
    );
    expect(reminders.at(-1)).toContain('dentro de 14 días');
  });

  it('ALTO opts out with the one Spanish confirmation; a second ALTO gets nothing', async () => {
    expect(await line.text(phone, 'ALTO')).toEqual([es.sms.optOut]);
    expect(await line.text(phone, 'ALTO')).toEqual([]);
    const stored = (await store().get(phone))?.subscriber;
    expect(stored?.status).toBe('opted-out');
    expect(stored?.consent.at(-1)).toMatchObject({ action: 'opt-out', keyword: 'ALTO', channel: 'sms' });
    expect(stored?.schedule?.reminders ?? []).toEqual([]);
  });

  it('INICIO rejoins in Spanish; ENGLISH switches back, and English replies follow', async () => {
    const [joined] = await line.text(phone, 'INICIO');
    expect(joined).toContain('Second Opinion Line: gracias por unirse');
    expect(joined).toContain('Sistema de salud: Estados Unidos');
    expect(await line.text(phone, 'ENGLISH')).toEqual([en.sms.languageChanged, renderMenu(content, 'en')]);
    expect((await line.text(phone, 'HELP'))[0]).toContain('Msg&data rates may apply');
    expect((await store().get(phone))?.subscriber.language).toBe('en');
  });

  it('a new number that texts INICIO joins in Spanish, and STOP is confirmed in Spanish', async () => {
    const other = '+14165550172';
    const [joined] = await line.text(other, 'inicio');
    expect(joined).toContain('Sistema de salud: Canadá');
    expect((await store().get(other))?.subscriber).toMatchObject({ language: 'es', status: 'subscribed' });
    expect(await line.text(other, 'STOP')).toEqual([es.sms.optOut]);
    expect(await line.text(other, 'ARRÊT')).toEqual([]);
  });
});

describe('calling the line in Spanish', () => {
  it('offers Spanish first, then greets and reads a topic in a Spanish voice', async () => {
    const call = await placeCall(line, '+12025550173', undefined, null);
    expect(call.heard()).toBe('For English, press 1. Para español, oprima 2.');
    const [english, spanish] = says(call.twiml);
    expect(english?.attributes).toEqual({ voice: 'Polly.Joanna-Neural', language: 'en-US' });
    expect(spanish?.attributes).toEqual({ voice: 'Polly.Lupe-Neural', language: 'es-US' });

    await call.press('2');
    expect(call.heard()).toContain('Gracias por llamar a Second Opinion Line.');
    expect(call.heard()).toContain('Si es una emergencia, cuelgue y llame al 9 1 1.');
    expect(call.gather()?.attributes.language).toBe('es-US');
    for (const say of says(call.twiml)) {
      expect(say.attributes).toEqual({ voice: 'Polly.Lupe-Neural', language: 'es-US' });
    }

    await call.say('mis registros');
    expect(call.heard()).toContain('Qué documentos reunir. Parte 1 de 2.');
    expect(call.heard()).toContain('Tendrá que coordinarse con su primer médico');
    expect(call.heard()).toContain('Para la parte siguiente, oprima 2.');
  });

  it('a UK caller hears the Spanish of Spain (Polly.Lucia-Neural)', async () => {
    const call = await placeCall(line, '+447400123471', undefined, '2');
    expect(call.heard()).toContain('cuelgue y llame al 9 9 9');
    expect(says(call.twiml)[0]?.attributes).toEqual({ voice: 'Polly.Lucia-Neural', language: 'es-ES' });
  });
});
