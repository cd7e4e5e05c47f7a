import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { contentCatalogue } from '../../content/catalogue.js';
import { errorsOf, lintContent } from '../../content/lint.js';
import { reminderCatalogue } from '../../content/reminder-catalogue.js';
import { smsCatalogue } from '../../content/sms-catalogue.js';
import { formatAppointment, parseAppointment } from '../../functions/core/appointment.js';
import { type CallInput, type CallState, type CallTurn, callMenu } from '../../functions/core/call-menu.js';
import { type Content, REGIONS, type Region } from '../../functions/core/content-model.js';
import { converse, type Turn } from '../../functions/core/conversation.js';
import { type Intent, RESERVED_KEYWORDS } from '../../functions/core/keywords.js';
import { renderReminder } from '../../functions/core/reminder-render.js';
import { renderHelp, renderMenu, renderTopicPart } from '../../functions/core/sms-render.js';
import type { Subscriber } from '../../functions/core/subscriber.js';
import { parseTimeZone, zoneLabel } from '../../functions/core/time-zone.js';
import { renderTopicTexts } from '../../functions/core/topic-texts.js';
import { classifyMessage } from '../../functions/core/understanding/understand.js';
import { content, reviewFiles, subscriber } from '../fixtures/content.js';
import { dates } from '../fixtures/dates.js';
import { search } from '../fixtures/search.js';

const es = content.languages.es;
if (es === undefined) throw new Error('content/es/ is missing');
const en = content.languages.en;
const settings = { supportContact: 'help@example.org', dates };
/** Friday 20 November 2026, noon UTC. */
const NOW = new Date('2026-11-20T12:00:00Z');

let counter = 0;
const sid = () => `SM${(++counter).toString(16).padStart(32, '0')}`;

/** Sends texts in order, a minute apart; returns every turn. */
function conversation(start: Subscriber, bodies: string[]): Turn[] {
  let who = start;
  return bodies.map((body, index) => {
    const turn = converse(
      who,
      { body, sid: sid() },
      content,
      new Date(NOW.getTime() + index * 60_000),
      settings,
    );
    who = turn.next;
    return turn;
  });
}
const last = (turns: Turn[]) => turns[turns.length - 1] as Turn;
const us = (overrides: Partial<Subscriber> = {}) =>
  subscriber({ phone: '+12025550143', region: 'us', ...overrides });
const topic = (id: string) => {
  const found = es.topics.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no Spanish topic ${id}`);
  return found;
};

describe('Spanish keywords', () => {
  it.each<[string, Partial<Intent>]>([
    ['AYUDA', { kind: 'help', language: 'es' }],
    ['ayuda', { kind: 'help', language: 'es' }],
    ['HELP', { kind: 'help' }],
    ['MENU', { kind: 'menu' }],
    ['Menú', { kind: 'menu' }],
    ['temas', { kind: 'menu' }],
    ['ALTO', { kind: 'opt-out', keyword: 'ALTO', language: 'es' }],
    ['Alto.', { kind: 'opt-out', keyword: 'ALTO', language: 'es' }],
    ['PARAR', { kind: 'opt-out', keyword: 'PARAR', language: 'es' }],
    ['cancelar', { kind: 'opt-out', keyword: 'CANCELAR', language: 'es' }],
    ['BAJA', { kind: 'opt-out', keyword: 'BAJA', language: 'es' }],
    ['STOP', { kind: 'opt-out', keyword: 'STOP' }],
    ['ARRET', { kind: 'opt-out', keyword: 'ARRET' }],
    ['Arrêt', { kind: 'opt-out', keyword: 'ARRET' }],
    ['no me manden más mensajes', { kind: 'opt-out', keyword: 'PHRASE', language: 'es' }],
    ['Ya no quiero recibir mensajes', { kind: 'opt-out', keyword: 'PHRASE', language: 'es' }],
    ['dejen de escribirme', { kind: 'opt-out', keyword: 'PHRASE', language: 'es' }],
    ['quiero darme de baja', { kind: 'opt-out', keyword: 'PHRASE', language: 'es' }],
    ['INICIO', { kind: 'opt-in', keyword: 'INICIO', language: 'es' }],
    ['START', { kind: 'opt-in', keyword: 'START' }],
    ['SI', { kind: 'opt-in', keyword: 'SI', language: 'es' }],
    ['Sí', { kind: 'opt-in', keyword: 'SI', language: 'es' }],
    ['MAS', { kind: 'more' }],
    ['más', { kind: 'more' }],
    ['SIGUIENTE', { kind: 'more' }],
    ['LISTA', { kind: 'checklist' }],
    ['LISTO', { kind: 'checklist' }],
    ['LISTO 2', { kind: 'tick', done: true, refs: [2] }],
    ['tengo escáneres', { kind: 'tick', done: true, refs: ['ESCANERES'] }],
    ['DESHACER 2', { kind: 'tick', done: false, refs: [2] }],
    ['CITA 12 dic 10:30', { kind: 'appointment', text: 'CITA 12 dic 10:30' }],
    [
      'mi cita es el 12 de diciembre a las 10:30',
      { kind: 'appointment', text: 'mi cita es el 12 de diciembre a las 10:30' },
    ],
    ['CANCELAR CITA', { kind: 'cancel-appointment' }],
    ['cancelar mi cita', { kind: 'cancel-appointment' }],
    ['ZONA HORARIA Pacífico', { kind: 'time-zone', value: 'Pacífico' }],
    ['ESPANOL', { kind: 'language', language: 'es' }],
    ['ESPAÑOL', { kind: 'language', language: 'es' }],
    ['español, por favor', { kind: 'language', language: 'es' }],
    ['ENGLISH', { kind: 'language', language: 'en' }],
    ['inglés', { kind: 'language', language: 'en' }],
    ['REGION EEUU', { kind: 'region', region: 'us' }],
    ['región Reino Unido', { kind: 'region', region: 'uk' }],
    ['región Canadá', { kind: 'region', region: 'ca' }],
    ['registros', { kind: 'topic', topicId: 'records' }],
    ['¿Después?', { kind: 'topic', topicId: 'after' }],
    // Found by the topic search ("qué es" pairs like the topic's examples), not by its first
    // word; two small words are not enough to be sure, so the line asks.
    ['qué es', { kind: 'did-you-mean', topicIds: ['what-is'] }],
    ['RECORDS', { kind: 'topic', topicId: 'records' }],
    ['2', { kind: 'topic', topicId: 'reasons' }],
    // Spanish opt-out words are whole-message keywords only: these are questions.
    // Not sure enough to answer: the fallback names the downsides first.
    ['alto riesgo', { kind: 'unknown', suggestions: ['downsides', 'what-is', 'reasons'] }],
    // Stopping a treatment is a medical question for the care team, never an opt-out.
    ['¿parar el tratamiento?', { kind: 'medical' }],
  ])('%j reads as %j', (body, intent) => {
    expect(classifyMessage(body, content, 'es', dates, search)).toMatchObject(intent);
  });

  it('reserves the Spanish command words, so no topic can take them', () => {
    for (const word of [
      'AYUDA',
      'ALTO',
      'PARAR',
      'INICIO',
      'SI',
      'MAS',
      'SIGUIENTE',
      'CITA',
      'LISTA',
      'LISTO',
    ]) {
      expect(RESERVED_KEYWORDS).toContain(word);
    }
    for (const word of ['DESHACER', 'TENGO', 'TEMAS', 'CANCELAR']) expect(RESERVED_KEYWORDS).toContain(word);
  });

  it('gives every Spanish topic its own keywords, none shared with English or reserved', () => {
    const english = new Set(en.topics.flatMap((t) => t.keywords));
    for (const spanish of es.topics) {
      for (const word of spanish.keywords) {
        expect(english.has(word), word).toBe(false);
        expect(RESERVED_KEYWORDS, word).not.toContain(word);
      }
    }
  });
});

describe('switching language', () => {
  it('ESPAÑOL from a new number stores Spanish and answers with the Spanish welcome', () => {
    const turn = last(conversation(subscriber({ status: 'new' }), ['ESPAÑOL']));
    expect(turn.next.language).toBe('es');
    expect(turn.replies).toEqual([es.sms.welcome]);
    expect(turn.replies[0]).toContain('Responda INICIO');
  });

  it.each(['ESPANOL', 'Español', 'español por favor'])(
    '%s from a subscriber switches to Spanish and sends the Spanish menu',
    (body) => {
      const turn = last(conversation(us(), [body]));
      expect(turn.next.language).toBe('es');
      expect(turn.replies).toEqual([es.sms.languageChanged, renderMenu(content, 'es')]);
      expect(turn.replies[1]).toContain('1 Qué es');
    },
  );

  it('then topics, MORE, HELP, STOP and the reminders answer in Spanish, until ENGLISH', () => {
    const turns = conversation(us(), ['ESPAÑOL', 'REGISTROS', 'MÁS', 'AYUDA', 'HELP', 'ENGLISH', 'MENU']);
    const [, records, more, ayuda, help, english, menu] = turns.map((turn) => turn.replies);
    expect(records).toEqual([renderTopicPart(content, 'es', topic('records'), 0, 'us')]);
    expect(more).toEqual([renderTopicPart(content, 'es', topic('records'), 1, 'us')]);
    expect(ayuda).toEqual([renderHelp(content, 'es', 'us', settings)]);
    expect(help).toEqual([renderHelp(content, 'es', 'us', settings)]);
    expect(english).toEqual([en.sms.languageChanged, renderMenu(content, 'en')]);
    expect(menu).toEqual([renderMenu(content, 'en')]);
    expect(last(turns).next.language).toBe('en');
  });

  it('STOP from a Spanish reader is confirmed once, in Spanish', () => {
    const turns = conversation(us({ language: 'es' }), ['STOP', 'STOP', 'ALTO']);
    expect(turns[0]?.replies).toEqual([es.sms.optOut]);
    expect(turns[0]?.next.status).toBe('opted-out');
    expect(turns[1]?.replies).toEqual([]);
    expect(turns[2]?.replies).toEqual([]);
  });

  it('ALTO from an English reader opts out with the Spanish confirmation, and stores Spanish', () => {
    const turn = last(conversation(us(), ['ALTO']));
    expect(turn.next.status).toBe('opted-out');
    expect(turn.next.language).toBe('es');
    expect(turn.replies).toEqual([es.sms.optOut]);
    expect(turn.next.consent.at(-1)).toMatchObject({ action: 'opt-out', keyword: 'ALTO' });
  });

  it('INICIO joins in Spanish and records the keyword; START later keeps Spanish', () => {
    const turns = conversation(subscriber({ status: 'new', region: 'ca', phone: '+14165550199' }), [
      'INICIO',
      'PARAR',
      'START',
    ]);
    expect(turns[0]?.next).toMatchObject({ status: 'subscribed', language: 'es' });
    expect(turns[0]?.next.consent.at(-1)).toMatchObject({ action: 'opt-in', keyword: 'INICIO' });
    expect(turns[0]?.replies[0]).toContain('Sistema de salud: Canadá');
    expect(turns[2]?.next).toMatchObject({ status: 'subscribed', language: 'es' });
    expect(turns[2]?.replies[0]).toContain('gracias por unirse');
  });

  it('a number that opted out gets no reply to ESPAÑOL, but its language is kept for INICIO', () => {
    const turns = conversation(us({ status: 'opted-out' }), ['ESPAÑOL', 'START']);
    expect(turns[0]?.replies).toEqual([]);
    expect(turns[0]?.next.language).toBe('es');
    expect(turns[1]?.replies[0]).toContain('Pueden aplicarse tarifas de mensajes y datos');
  });

  it('a crisis written in Spanish is answered in Spanish first, whatever the stored language', () => {
    const turn = last(conversation(us(), ['quiero morir']));
    expect(turn.replies[0]).toBe((es.sms.crisis as Record<Region, string>).us);
    expect(turn.replies[0]).toContain('911');
  });
});

describe('Spanish compliance texts', () => {
  it.each(REGIONS)(
    'HELP (%s) names the line, rates, how to stop, help, no medical advice, the emergency number',
    (region) => {
      const help = renderHelp(content, 'es', region, settings);
      expect(help).toContain(content.program.name);
      expect(help).toContain('Pueden aplicarse tarifas de mensajes y datos');
      expect(help).toContain('Responda ALTO (o STOP) para cancelar');
      expect(help).toContain('AYUDA');
      expect(help).toContain('no consejo médico');
      expect(help).toContain(`llame al ${content.regions[region].emergency}`);
      expect(help).toContain(settings.supportContact);
    },
  );

  it('the opt-in confirmation says how often, the rates, AYUDA and ALTO, and names no diagnosis', () => {
    const [reply] = last(conversation(subscriber({ status: 'new' }), ['INICIO'])).replies;
    for (const phrase of [
      'Second Opinion Line',
      'recordatorios',
      'Pueden aplicarse tarifas',
      'AYUDA',
      'ALTO',
    ]) {
      expect(reply).toContain(phrase);
    }
    for (const message of [
      es.sms.welcome,
      es.sms.optIn,
      es.sms.help,
      es.sms.optOut,
      es.sms.languageChanged,
    ]) {
      expect(message.toLowerCase()).not.toMatch(/c[aá]ncer|tumor|oncol/);
    }
  });
});

describe('Spanish appointments', () => {
  it('reads a Spanish sentence with chrono.es and confirms it with SÍ, in Spanish', () => {
    const turns = conversation(us({ language: 'es' }), ['mi cita es el 12 de diciembre a las 10:30', 'sí']);
    expect(turns[0]?.replies[0]).toBe(
      'Su cita: sábado 12 de diciembre a las 10:30 (hora del Este). Responda SÍ para confirmarla y le enviaremos recordatorios. Si no es correcta, envíe la fecha y la hora correctas.',
    );
    expect(turns[1]?.next.appointment?.local).toBe('2026-12-12T10:30');
    expect(turns[1]?.replies[0]).toContain('Su cita queda fijada para el sábado 12 de diciembre a las 10:30');
  });

  it.each([
    ['CITA martes a las 5 de la tarde', '2026-11-24T17:00'],
    ['cita el 3/12 a las 9 de la mañana', '2026-12-03T09:00'],
    ['CITA pasado mañana a las 11', '2026-11-22T11:00'],
    ['CITA 12 dic 10.30', '2026-12-12T10:30'],
  ])('%s is %s', (body, local) => {
    const result = parseAppointment(body, 'America/New_York', 'us', NOW, 'es', dates);
    expect(result.ok && result.appointment.local).toBe(local);
  });

  it('formats dates and zones in Spanish, with the year when it is another', () => {
    const at = new Date('2027-09-29T09:30:00Z');
    expect(formatAppointment(at, 'Europe/London', NOW, 'es')).toBe(
      'miércoles 29 de septiembre de 2027 a las 10:30',
    );
    expect(zoneLabel('America/Chicago', 'es')).toBe('hora del Centro');
    expect(zoneLabel('Asia/Tokyo', 'es')).toBe('Asia/Tokyo');
    expect(parseTimeZone('hora del Pacífico')).toBe('America/Los_Angeles');
    expect(parseTimeZone('Reino Unido')).toBe('Europe/London');
  });

  it('sends the reminder in the reader’s language, with the checklist in Spanish', () => {
    const text = renderReminder(
      content,
      { language: 'es', region: 'us', checklistDone: ['test-results'] },
      { kind: 'before', appointmentAt: new Date('2026-11-27T15:30:00Z'), zone: 'America/New_York' },
      NOW,
    );
    expect(text).toBe(
      'Second Opinion Line: su cita es el viernes 27 de noviembre a las 10:30, dentro de 7 días. Le falta (5): 2 Cartas y documentos médicos, 3 Sus preguntas, por escrito, 4 Estudios de imagen e informes. Cuando consiga alguno, responda p. ej. LISTO 2, o LISTA para verla.',
    );
  });
});

describe('Spanish budgets', () => {
  const spanishTexts = [
    ...smsCatalogue(content),
    ...reminderCatalogue(content),
    ...es.topics.flatMap((t) =>
      REGIONS.flatMap((region) =>
        renderTopicTexts(content, 'es', t, region).map((text, index) => ({
          id: `text-me-this.${t.id}.${index + 1}`,
          region,
          language: 'es' as const,
          maxSegments: 4,
          text,
        })),
      ),
    ),
  ].filter((entry) => entry.language === 'es');

  it('covers every kind of Spanish text', () => {
    expect(spanishTexts.length).toBeGreaterThan(200);
  });

  it.each(spanishTexts.map((entry) => [entry.id, entry.region, entry]))(
    '%s (%s) fits its budget of at most 4 segments, with no unfilled placeholder',
    (_, __, entry) => {
      const message = new SegmentedMessage(entry.text);
      expect(message.segmentsCount).toBeLessThanOrEqual(Math.min(entry.maxSegments ?? 4, 4));
      expect(entry.text).not.toMatch(/\{\w+\}/);
    },
  );

  it('keeps its accents: Spanish text is never stripped to ASCII', () => {
    const all = spanishTexts.map((entry) => entry.text).join(' ');
    for (const word of ['opinión', 'médico', 'diagnóstico', 'está', 'también', 'Canadá', 'mañana', 'días']) {
      expect(all).toContain(word);
    }
  });
});

describe('the content linter with Spanish', () => {
  /** Every text and prompt the line sends or says (content/catalogue.ts), both languages. */
  const today = new Date().toISOString().slice(0, 10);
  const lint = (c: Content) => lintContent(c, { ...reviewFiles, catalogue: contentCatalogue(c), today });

  it('passes the shipped content, Spanish included', () => {
    expect(errorsOf(lint(content))).toEqual([]);
  });

  it.each([
    ['a Spanish keyword an English topic uses', 'RECORDS', 'also used by'],
    ['a reserved Spanish word', 'AYUDA', 'already means something'],
    ['a language word', 'ESPANOL', 'already means something'],
  ])('catches %s', (_, word, message) => {
    const broken = structuredClone(content);
    broken.languages.es?.topics[0]?.keywords.push(word);
    const problems = lint(broken).filter((problem) => problem.rule === 'keywords');
    expect(problems.map((problem) => problem.message).join('\n')).toContain(message);
  });

  it.each([
    [
      'a checklist item missing in Spanish',
      (c: Content) => c.languages.es?.checklist.items.splice(1, 1),
      'missing',
    ],
    [
      'checklist items in another order (LISTO 2 would tick another record)',
      (c: Content) => c.languages.es?.checklist.items.reverse(),
      'English has it as',
    ],
    [
      'a checklist item for other regions',
      (c: Content) => {
        const item = c.languages.es?.checklist.items.at(-1);
        if (item !== undefined) item.regions = ['us', 'ca'];
      },
      'regions us,ca',
    ],
    [
      'a Spanish topic missing a part',
      (c: Content) => c.languages.es?.topics[1]?.parts.pop(),
      'parts, English has',
    ],
  ])('catches %s', (_, breakIt, message) => {
    const broken = structuredClone(content);
    breakIt(broken);
    const coverage = lint(broken).filter((problem) => problem.rule === 'coverage');
    expect(coverage.map((problem) => problem.message).join('\n')).toContain(message);
  });

  it.each([
    ['a keypad instruction in a Spanish text', 'sms' as const, 'Oprima 1 para más.'],
    ['a texting instruction read aloud in Spanish', 'voice' as const, 'Responda MÁS para seguir.'],
  ])('catches %s', (_, channel, text) => {
    const entry = { id: 'x', channel, language: 'es' as const, region: 'all', text, maxSegments: 4 };
    const problems = lintContent(content, { ...reviewFiles, catalogue: [entry], today });
    expect(problems.map((problem) => problem.rule)).toContain('channel-wording');
  });

  it('catches a Spanish part over 4 segments', () => {
    const broken = structuredClone(content);
    const part = broken.languages.es?.topics[0]?.parts[0];
    if (part === undefined) throw new Error('fixture');
    part.sms = `${'Una frase larga con tildes: opinión. '.repeat(8)}`;
    expect(lint(broken).map((problem) => problem.rule)).toContain('segments');
  });
});

describe('the Spanish voice line', () => {
  const callSettings = { supportLines: {}, dialTimeoutSeconds: 20, listenTimeoutSeconds: 6 };
  const keys = (value: string): CallInput => ({ kind: 'keys', keys: value });
  const step = (state: CallState | undefined, input: CallInput, region: Region = 'us'): CallTurn =>
    callMenu(state, input, content, NOW, callSettings, { region, canText: true });
  const plan = (turn: CallTurn) => {
    if (turn.kind !== 'speak') throw new Error('expected speech');
    return turn.plan;
  };
  const text = (turn: CallTurn) =>
    plan(turn)
      .utterances.map((u) => (u.kind === 'say' ? u.text : '…'))
      .join(' ');
  const next = (turn: CallTurn) => {
    const { ending } = plan(turn);
    if (ending.kind !== 'listen') throw new Error('expected to listen');
    return ending.next;
  };

  it.each<[Region, string, string]>([
    ['us', 'Polly.Lupe-Neural', 'es-US'],
    ['ca', 'Polly.Lupe-Neural', 'es-US'],
    ['uk', 'Polly.Lucia-Neural', 'es-ES'],
  ])('offers Spanish first thing, in a Spanish voice (%s: %s)', (region, voice, language) => {
    const turn = step(undefined, { kind: 'silence' }, region);
    expect(text(turn)).toBe('For English, press 1. Para español, oprima 2.');
    expect(plan(turn).utterances[1]).toMatchObject({ speaker: { voice, language } });
    const spanish = step(next(turn), keys('2'), region);
    expect(text(spanish)).toContain('Gracias por llamar a Second Opinion Line.');
    // Emergency numbers are read digit by digit: "9 1 1", "9 9 9".
    expect(text(spanish)).toContain(`cuelgue y llame al ${[...content.regions[region].emergency].join(' ')}`);
    expect(plan(spanish).ending).toMatchObject({ speechLanguage: language, next: { language: 'es' } });
    for (const utterance of plan(spanish).utterances) {
      if (utterance.kind === 'say') expect(utterance.speaker).toEqual({ voice, language });
    }
  });

  it('reads a topic in Spanish, by keys or by a Spanish word', () => {
    const menu = next(step(next(step(undefined, { kind: 'silence' })), keys('2')));
    const group = step(menu, keys('2'));
    expect(text(group)).toContain('Para saber qué documentos reunir, oprima 2.');
    const records = step(next(group), keys('2'));
    expect(text(records)).toContain('Qué documentos reunir. Parte 1 de 2.');
    expect(text(records)).toContain('Tendrá que coordinarse con su primer médico');
    expect(text(records)).toContain('Para escucharlo otra vez, oprima 1.');
    const spoken = step(menu, { kind: 'speech', text: 'quiero hablar de mis documentos' });
    expect(text(spoken)).toContain('Qué documentos reunir.');
  });

  it('"español" said at the language choice picks Spanish', () => {
    const choice = next(step(undefined, { kind: 'silence' }));
    expect(next(step(choice, { kind: 'speech', text: 'español' })).language).toBe('es');
  });
});
