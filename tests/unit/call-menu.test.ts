import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { loadContentFromYaml } from '../../content/build.js';
import {
  type Caller,
  type CallInput,
  type CallSettings,
  type CallState,
  type CallTurn,
  callMenu,
  MAX_MISSES,
  MAX_TURNS,
  type SpeechPlan,
  type TextOutcome,
  textResult,
} from '../../functions/core/call-menu.js';
import { matchTopic, spokenWords } from '../../functions/core/call-speech.js';
import type { Content, Region } from '../../functions/core/content-model.js';
import { ContentSchema } from '../../functions/core/content-schema.js';
import { renderTopicTexts } from '../../functions/core/topic-texts.js';

const content = loadContentFromYaml();
const en = content.languages.en;
const voice = en.voice;
/** Friday 20 Nov 2026, 12:00 UTC: 12:00 in London, 07:00 in New York and Toronto. */
const NOW = new Date('2026-11-20T12:00:00Z');
const settings: CallSettings = { supportLines: {}, dialTimeoutSeconds: 20, listenTimeoutSeconds: 6 };
const uk: Caller = { region: 'uk', canText: true };

const keys = (value: string): CallInput => ({ kind: 'keys', keys: value });
const speech = (text: string): CallInput => ({ kind: 'speech', text });
const silence: CallInput = { kind: 'silence' };
const state = (overrides: Partial<CallState> = {}): CallState => ({
  step: 'menu',
  language: 'en',
  misses: 0,
  turns: 1,
  ...overrides,
});

function step(
  at: CallState | undefined,
  input: CallInput,
  options: { caller?: Caller; now?: Date; settings?: CallSettings; content?: Content } = {},
): CallTurn {
  return callMenu(
    at,
    input,
    options.content ?? content,
    options.now ?? NOW,
    options.settings ?? settings,
    options.caller ?? uk,
  );
}

function spoken(plan: SpeechPlan): string {
  return plan.utterances.map((utterance) => (utterance.kind === 'say' ? utterance.text : '…')).join(' ');
}

function speak(turn: CallTurn) {
  if (turn.kind !== 'speak') throw new Error(`expected speech, got ${turn.kind}`);
  return { ...turn, text: spoken(turn.plan), ending: turn.plan.ending };
}

function nextState(turn: CallTurn): CallState {
  const { ending } = speak(turn);
  if (ending.kind !== 'listen') throw new Error(`expected to listen, got ${ending.kind}`);
  return ending.next;
}

const topic = (id: string) => {
  const found = en.topics.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no topic ${id}`);
  return found;
};
const groups = voice.groups ?? [];

/** The shipped content without its Spanish: a line with one language skips the language choice. */
const englishOnly: Content = ContentSchema.parse({ ...content, languages: { en } });

/** English content plus a Spanish language whose only difference is what the menu says. */
function withSpanish(): Content {
  return ContentSchema.parse({
    ...content,
    languages: {
      en,
      es: {
        ...en,
        name: 'Español',
        voice: {
          ...voice,
          speakers: {
            uk: { voice: 'Polly.Lucia-Neural', language: 'es-ES' },
            us: { voice: 'Polly.Lupe-Neural', language: 'es-US' },
            ca: { voice: 'Polly.Lupe-Neural', language: 'es-US' },
          },
          languageChoice: 'Para español, oprima {key}.',
          languageWords: ['ESPANOL', 'SPANISH'],
          greeting: 'Bienvenido a la {line}. Si es una emergencia, cuelgue y llame al {emergency}.',
        },
      },
    },
    regions: Object.fromEntries(
      Object.entries(content.regions).map(([region, info]) => [
        region,
        info.supportLine === undefined
          ? info
          : {
              ...info,
              supportLine: {
                ...info.supportLine,
                spokenHours: { ...info.supportLine.spokenHours, es: 'de lunes a viernes' },
              },
            },
      ]),
    ),
  });
}

describe('answering a call', () => {
  it.each([
    ['uk', '999'],
    ['us', '911'],
    ['ca', '911'],
  ] as [Region, string][])('greets a %s caller with the line, the disclaimer and %s', (region, emergency) => {
    const turn = speak(step(undefined, silence, { caller: { region, canText: true }, content: englishOnly }));
    expect(turn.text).toContain(`Welcome to the ${content.program.name}`);
    expect(turn.text).toContain('not medical advice');
    // Read digit by digit: "nine one one", never "nine hundred and eleven".
    expect(turn.text).toContain(`hang up and call ${[...emergency].join(' ')}`);
    expect(nextState(turn)).toEqual({ step: 'menu', language: 'en', misses: 0, turns: 0 });
  });

  it('skips the language choice with English only, and offers it once Spanish has content', () => {
    expect(speak(step(undefined, silence, { content: englishOnly })).text).not.toContain('español');
    const turn = speak(step(undefined, silence, { content: withSpanish() }));
    expect(turn.text).toBe('For English, press 1. Para español, oprima 2.');
    const [english, spanish] = turn.plan.utterances;
    expect(english).toMatchObject({ speaker: { voice: 'Polly.Amy-Neural', language: 'en-GB' } });
    expect(spanish).toMatchObject({ speaker: { voice: 'Polly.Lucia-Neural', language: 'es-ES' } });
    expect(nextState(turn).step).toBe('language');
  });

  it.each([
    [keys('2'), 'es', 'Bienvenido'],
    [speech('español por favor'), 'es', 'Bienvenido'],
    [keys('1'), 'en', 'Welcome'],
    [silence, 'en', 'Welcome'],
  ])('the language choice %j picks %s', (input, language, greeting) => {
    const turn = speak(step(state({ step: 'language' }), input, { content: withSpanish() }));
    expect(turn.text).toContain(greeting);
    expect(nextState(turn)).toMatchObject({ step: 'menu', language });
  });

  it('uses the voice of the caller region at a calm rate', () => {
    const turn = speak(step(undefined, silence, { caller: { region: 'us', canText: true } }));
    expect(turn.plan.utterances[0]).toMatchObject({
      kind: 'say',
      speaker: { voice: 'Polly.Joanna-Neural', language: 'en-US' },
      rate: '90%',
    });
    expect(turn.ending).toMatchObject({ kind: 'listen', speechLanguage: 'en-US', timeoutSeconds: 6 });
  });
});

describe('the main menu', () => {
  it('reads at most five numbered options per level, "For <label>, press N", and 0 for a person', () => {
    const top = speak(step(state(), keys('*')));
    const options = top.text.match(/press \d/g) ?? [];
    expect(options.length).toBeLessThanOrEqual(6);
    expect(top.text).toContain(`For ${groups[0]?.spoken}, press 1.`);
    expect(top.text).toContain('To talk to a person, press 0.');
    for (const [index, group] of groups.entries()) {
      const level = speak(step(state(), keys(String(index + 1))));
      expect(nextState(level)).toMatchObject({ step: 'group', group: index });
      expect(level.text.match(/press [1-9]/g)?.length).toBeLessThanOrEqual(5);
      for (const [position, id] of group.topics.entries()) {
        expect(level.text).toContain(`For ${topic(id).spoken}, press ${position + 1}.`);
      }
    }
  });

  it('reaches every topic in at most two levels', () => {
    const reached = groups.flatMap((group, index) =>
      group.topics.map((_, position) => {
        const turn = step(state({ step: 'group', group: index }), keys(String(position + 1)));
        return speak(turn).heard;
      }),
    );
    expect(reached.sort()).toEqual(en.topics.map((t) => t.id).sort());
  });

  it.each([
    ['a key for a group', state(), keys('2'), { step: 'group', group: 1 }, undefined],
    ['star: the menu again', state(), keys('*'), { step: 'menu', misses: 0 }, undefined],
    [
      'a topic said at the first level',
      state(),
      speech('How do I ask my doctor?'),
      { step: 'topic', topic: 'ask', part: 0 },
      'ask',
    ],
    ['a keyword said', state(), speech('records'), { step: 'topic', topic: 'records' }, 'records'],
    [
      'a key in a group',
      state({ step: 'group', group: 0 }),
      keys('3'),
      { step: 'topic', topic: 'benefits' },
      'benefits',
    ],
    [
      'star in a group: main menu',
      state({ step: 'group', group: 2 }),
      keys('*'),
      { step: 'menu' },
      undefined,
    ],
    [
      '"menu" said in a group',
      state({ step: 'group', group: 2 }),
      speech('main menu'),
      { step: 'menu' },
      undefined,
    ],
    [
      'a lost group index: main menu',
      state({ step: 'group', group: 9 }),
      keys('1'),
      { step: 'menu' },
      undefined,
    ],
  ] as const)('%s', (_, at, input, expected, heard) => {
    const turn = speak(step(at, input));
    expect(nextState(turn)).toMatchObject(expected);
    expect(turn.heard).toBe(heard);
  });

  it.each([
    ['an unused key', state(), keys('7'), 'Sorry, that is not an option.'],
    ['# key', state(), keys('#'), 'Sorry, that is not an option.'],
    ['two keys at once', state(), keys('12'), 'Sorry, that is not an option.'],
    [
      'an unused key in a group',
      state({ step: 'group', group: 2 }),
      keys('5'),
      'Sorry, that is not an option.',
    ],
    ['words that match nothing', state(), speech('the weather in Leeds'), 'Sorry, we did not catch that.'],
    ['silence', state(), silence, 'Sorry, we did not hear anything.'],
  ] as const)('%s: says sorry and repeats the same menu', (_, at, input, sorry) => {
    const turn = speak(step(at, input));
    expect(turn.text.startsWith(sorry)).toBe(true);
    expect(nextState(turn)).toMatchObject({ step: at.step, misses: 1 });
    expect(turn.text).toContain('press 1');
  });
});

describe('in a topic', () => {
  const ask = topic('ask');
  const last = ask.parts.length - 1;

  it('reads the first part with its label, part count and pauses between sentences, then the options', () => {
    const turn = speak(step(state(), speech('ask')));
    expect(turn.text.startsWith(`${ask.spoken.charAt(0).toUpperCase()}${ask.spoken.slice(1)}.`)).toBe(true);
    expect(turn.text).toContain(`Part 1 of ${ask.parts.length}.`);
    expect(turn.plan.utterances.filter((u) => u.kind === 'pause').length).toBeGreaterThan(2);
    expect(turn.text).toContain(
      'To hear that again, press 1. For the next part, press 2. To get this by text message, press 3. For the main menu, press star.',
    );
  });

  it('reads the spoken version of a part where there is one, for the caller region', () => {
    const support = topic('support');
    const part = support.parts[0];
    if (part?.voice === undefined || typeof part.voice === 'string')
      throw new Error('fixture: support part 1 has regional voice text');
    const turn = speak(step(state(), speech('support'), { caller: { region: 'us', canText: true } }));
    const firstSentence = part.voice.us.split(/(?<=[.!?])\s+/)[0] ?? '';
    expect(turn.text).toContain(firstSentence);
  });

  it.each([
    [
      '1 repeats the part',
      state({ step: 'topic', topic: 'ask', part: 1 }),
      keys('1'),
      { step: 'topic', part: 1 },
      'Part 2',
    ],
    [
      '2 reads the next part',
      state({ step: 'topic', topic: 'ask', part: 0 }),
      keys('2'),
      { step: 'topic', part: 1 },
      'Part 2',
    ],
    [
      '"next" reads the next part',
      state({ step: 'topic', topic: 'ask', part: 0 }),
      speech('next please'),
      { step: 'topic', part: 1 },
      'Part 2',
    ],
    [
      '2 on the last part says there is no more',
      state({ step: 'topic', topic: 'ask', part: last }),
      keys('2'),
      { step: 'topic', part: last },
      'That was the last part',
    ],
    [
      '3 asks to confirm the text',
      state({ step: 'topic', topic: 'ask', part: 0 }),
      keys('3'),
      { step: 'confirm', topic: 'ask' },
      'Standard rates may apply. To confirm, press 1. To go back, press 2.',
    ],
    [
      'star goes to the main menu',
      state({ step: 'topic', topic: 'ask', part: 0 }),
      keys('*'),
      { step: 'menu' },
      'press 1',
    ],
    [
      'another topic said jumps to it',
      state({ step: 'topic', topic: 'ask', part: 0 }),
      speech('records'),
      { step: 'topic', topic: 'records', part: 0 },
      'Part 1',
    ],
    [
      'a lost topic goes to the main menu',
      state({ step: 'topic', topic: 'gone', part: 0 }),
      keys('1'),
      { step: 'menu' },
      'press 1',
    ],
    [
      'a part out of range is clamped',
      state({ step: 'topic', topic: 'ask', part: 40 }),
      keys('1'),
      { step: 'topic', part: last },
      'end of this topic',
    ],
  ] as const)('%s', (_, at, input, expected, says) => {
    const turn = speak(step(at, input));
    expect(nextState(turn)).toMatchObject(expected);
    expect(turn.text).toContain(says);
  });

  it('says the topic has ended and leaves out "next part" on the last part', () => {
    const turn = speak(step(state({ step: 'topic', topic: 'ask', part: last - 1 }), keys('2')));
    expect(turn.text).toContain('That is the end of this topic.');
    expect(turn.text).not.toContain('For the next part');
  });

  it('does not offer a text to a caller who cannot get one, and says why on 3', () => {
    const hidden: Caller = { region: 'uk', canText: false };
    const inTopic = speak(step(state({ step: 'group', group: 0 }), keys('1'), { caller: hidden }));
    expect(inTopic.text).toContain('To hear that again, press 1.');
    expect(inTopic.text).not.toContain('text message');
    const three = speak(step(state({ step: 'topic', topic: 'ask', part: 0 }), keys('3'), { caller: hidden }));
    expect(three.text).toContain('we cannot send a text to the number you are calling from');
    expect(nextState(three)).toMatchObject({ step: 'topic', topic: 'ask' });
  });
});

describe('text me this', () => {
  const confirm = state({ step: 'confirm', topic: 'records', part: 1 });

  it.each([keys('1'), speech('yes please')])(
    '%j confirms: send the topic, then resume on its options',
    (input) => {
      expect(step(confirm, input)).toEqual({
        kind: 'send-text',
        topicId: 'records',
        resume: { ...confirm, step: 'topic', turns: 2, misses: 0 },
      });
    },
  );

  it.each([keys('2'), speech('no'), speech('go back')])(
    '%j goes back to the topic options without sending',
    (input) => {
      const turn = speak(step(confirm, input));
      expect(nextState(turn)).toMatchObject({ step: 'topic', topic: 'records', part: 1 });
      expect(turn.text).toContain('To hear that again, press 1.');
    },
  );

  it.each([
    // Whatever the number's state: a spoofed caller ID must learn nothing from the words.
    ['sent', 'If this number can get texts from us, they will arrive in a minute.'],
    ['failed', 'we could not send the text just now'],
  ] as [TextOutcome, string][])(
    'after the send (%s) says so and offers the topic options again',
    (outcome, says) => {
      const plan = textResult({ ...confirm, step: 'topic' }, outcome, content, NOW, settings, uk);
      expect(spoken(plan)).toContain(says);
      expect(plan.ending).toMatchObject({
        kind: 'listen',
        next: { step: 'topic', topic: 'records', part: 1 },
      });
    },
  );

  it.each(
    en.topics.flatMap((t) => (['uk', 'us', 'ca'] as Region[]).map((region) => [t.id, region] as const)),
  )('every text of %s (%s) names the line and is GSM-7 within 2 segments', (id, region) => {
    const texts = renderTopicTexts(content, 'en', topic(id), region);
    expect(texts).toHaveLength(topic(id).parts.length);
    for (const [index, text] of texts.entries()) {
      const message = new SegmentedMessage(text);
      expect(text.startsWith(`${content.program.name}, ${index + 1} of ${texts.length}: `)).toBe(true);
      expect(message.encodingName).toBe('GSM-7');
      expect(message.segmentsCount).toBeLessThanOrEqual(2);
      expect(text).not.toMatch(/\{\w+\}|Reply MORE/);
    }
    // The caller never saw the opt-in's disclaimer: the texts say it once, at the end.
    expect(texts.join(' ').split('General info, not medical advice.')).toHaveLength(2);
    expect(texts.at(-1)?.endsWith(' General info, not medical advice.')).toBe(true);
  });

  it.each(
    (content.languages.es?.topics ?? []).flatMap((t) =>
      (['uk', 'us', 'ca'] as Region[]).map((region) => [t.id, region, t] as const),
    ),
  )('every Spanish text-me-this topic %s (%s) says once that it is not medical advice', (_, region, t) => {
    const texts = renderTopicTexts(content, 'es', t, region);
    expect(texts.join(' ').split('Info general, no consejo médico.')).toHaveLength(2);
    expect(texts.at(-1)?.endsWith(' Info general, no consejo médico.')).toBe(true);
  });
});

describe('talking to a person', () => {
  const withLines: CallSettings = { ...settings, supportLines: { uk: '+442079460018', us: '+12025550143' } };
  /** Friday 20 Nov 2026. London is on GMT, New York and Toronto on EST (UTC-5). */
  const at = (iso: string) => new Date(iso);

  it.each([
    ['uk', 'Friday 12:00 London', '2026-11-20T12:00:00Z', 'open'],
    ['uk', 'Friday 09:30 London in summer time (08:30 UTC)', '2026-06-19T08:30:00Z', 'open'],
    ['uk', 'Friday 08:59 London', '2026-11-20T08:59:00Z', 'closed'],
    ['uk', 'Friday 17:00 London (close is exclusive)', '2026-11-20T17:00:00Z', 'closed'],
    ['uk', 'Saturday 12:00 London', '2026-11-21T12:00:00Z', 'closed'],
    ['us', 'Friday 07:00 New York (12:00 UTC)', '2026-11-20T12:00:00Z', 'closed'],
    ['us', 'Friday 16:59 New York (21:59 UTC)', '2026-11-20T21:59:00Z', 'open'],
    ['us', 'Monday 00:30 UTC is Sunday 19:30 New York', '2026-11-23T00:30:00Z', 'closed'],
    ['us', 'Saturday 01:00 UTC is Friday 20:00 New York', '2026-11-21T01:00:00Z', 'closed'],
  ] as [Region, string, string, 'open' | 'closed'][])('%s at %s: %s', (region, _, iso, expected) => {
    const turn = speak(
      step(state(), keys('0'), { caller: { region, canText: true }, now: at(iso), settings: withLines }),
    );
    if (expected === 'open') {
      expect(turn.text).toBe('Putting you through to a person now. Please hold.');
      expect(turn.ending).toEqual({
        kind: 'dial',
        number: withLines.supportLines[region],
        timeoutSeconds: 20,
        next: { step: 'dialled', language: 'en', misses: 0, turns: 2 },
      });
    } else {
      expect(turn.text).toContain(
        'Our team takes calls Monday to Friday, from 9 in the morning to 5 in the afternoon',
      );
      expect(turn.text).toContain('Choose it from the menu, then press 3.');
      expect(nextState(turn).step).toBe('menu');
    }
  });

  it.each([keys('0'), speech('I want to talk to a person'), speech('agent')])(
    '%j in a region with no line configured says so and goes back to the menu',
    (input) => {
      const turn = speak(
        step(state(), input, { caller: { region: 'ca', canText: true }, settings: withLines }),
      );
      expect(turn.text).toContain('we cannot put you through to a person on this line yet');
      expect(nextState(turn).step).toBe('menu');
    },
  );

  it('takes the number from content when the environment sets none', () => {
    const configured = ContentSchema.parse({
      ...content,
      regions: {
        ...content.regions,
        uk: {
          ...content.regions.uk,
          supportLine: { ...content.regions.uk.supportLine, number: '+442079460000' },
        },
      },
    });
    const turn = speak(step(state(), keys('0'), { content: configured }));
    expect(turn.ending).toMatchObject({ kind: 'dial', number: '+442079460000' });
  });

  it.each([
    ['completed', 'hangup', 'Thank you for calling. Goodbye.'],
    ['answered', 'hangup', 'Thank you for calling. Goodbye.'],
    ['no-answer', 'listen', 'Sorry, nobody could answer just now.'],
    ['busy', 'listen', 'Sorry, nobody could answer just now.'],
    ['failed', 'listen', 'Sorry, nobody could answer just now.'],
  ])('after a transfer that ended %s: %s', (status, ending, says) => {
    const turn = speak(step(state({ step: 'dialled' }), { kind: 'dial-ended', status }));
    expect(turn.ending.kind).toBe(ending);
    expect(turn.text).toContain(says);
  });
});

describe('no caller is trapped', () => {
  it.each([
    ['silence', [silence, silence, silence]],
    ['wrong keys', [keys('9'), keys('9'), keys('9')]],
    ['mixed', [keys('9'), silence, speech('blah blah')]],
  ])('%s: two re-prompts, then a goodbye naming the text line and a hangup', (_, inputs) => {
    let at: CallState = state({ step: 'topic', topic: 'ask', part: 0 });
    for (const [index, input] of inputs.entries()) {
      const turn = speak(step(at, input));
      if (index < MAX_MISSES - 1) {
        at = nextState(turn);
        expect(at.misses).toBe(index + 1);
      } else {
        expect(turn.ending).toEqual({ kind: 'hangup' });
        expect(turn.text).toContain('You can also text START to this number');
      }
    }
  });

  it('a good answer resets the count', () => {
    const after = nextState(step(state({ misses: 2 }), keys('1')));
    expect(after.misses).toBe(0);
  });

  it('ends any call after MAX_TURNS steps', () => {
    const turn = speak(step(state({ turns: MAX_TURNS }), keys('1')));
    expect(turn.ending).toEqual({ kind: 'hangup' });
  });

  it('a caller in crisis hears the emergency and crisis lines first, whatever the menu', () => {
    const turn = speak(
      step(state({ step: 'topic', topic: 'ask', part: 0 }), speech('I want to kill myself')),
    );
    expect(turn.text.startsWith('If you are in danger or this is an emergency, call 9 9 9 now.')).toBe(true);
    expect(turn.text).toContain('call 1 1 1 in England, Scotland (NHS 24) or Wales');
    expect(turn.text).toContain('call Samaritans free on 1 1 6, 1 2 3.');
    expect(nextState(turn)).toMatchObject({ step: 'topic', topic: 'ask', misses: 0 });
  });

  const inputArb: fc.Arbitrary<CallInput> = fc.oneof(
    fc.constantFrom(...'0123456789*#').map(keys),
    fc.string({ maxLength: 3 }).map(keys),
    fc.constantFrom('yes', 'no', 'next', 'again', 'records', 'person', 'menu', 'help').map(speech),
    fc.string({ maxLength: 30 }).map(speech),
    fc.constant(silence),
    fc
      .constantFrom('completed', 'no-answer', 'x')
      .map((status): CallInput => ({ kind: 'dial-ended', status })),
  );
  const linesArb = fc.constantFrom<CallSettings>(settings, {
    ...settings,
    supportLines: { uk: '+442079460018', us: '+12025550143', ca: '+14165550199' },
  });

  it('any input sequence: each step listens, dials or hangs up, and the call always ends', () => {
    fc.assert(
      fc.property(
        fc.array(inputArb, { maxLength: 300 }),
        linesArb,
        fc.boolean(),
        (inputs, lines, canText) => {
          const caller: Caller = { region: 'uk', canText };
          let turn = step(undefined, silence, { caller, settings: lines });
          let steps = 0;
          for (const input of [...inputs, ...Array<CallInput>(MAX_TURNS + 5).fill(silence)]) {
            if (turn.kind === 'send-text') {
              turn = { kind: 'speak', plan: textResult(turn.resume, 'sent', content, NOW, lines, caller) };
            }
            const { ending } = speak(turn);
            if (ending.kind === 'hangup') return true;
            const next = ending.next;
            expect(next.turns).toBeLessThanOrEqual(MAX_TURNS);
            turn = step(next, ending.kind === 'dial' ? { kind: 'dial-ended', status: 'no-answer' } : input, {
              caller,
              settings: lines,
            });
            steps += 1;
          }
          throw new Error(`call still going after ${steps} steps`);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('silence alone ends a call from any state within three steps', () => {
    const stateArb = fc.record({
      step: fc.constantFrom('language', 'menu', 'group', 'topic', 'confirm') as fc.Arbitrary<
        CallState['step']
      >,
      language: fc.constant('en' as const),
      group: fc.option(fc.nat(6), { nil: undefined }),
      topic: fc.option(fc.constantFrom(...en.topics.map((t) => t.id), 'gone'), { nil: undefined }),
      part: fc.option(fc.nat(8), { nil: undefined }),
      misses: fc.nat(MAX_MISSES - 1),
      turns: fc.nat(MAX_TURNS),
    });
    fc.assert(
      fc.property(stateArb, (start) => {
        let at: CallState = start;
        for (let i = 0; i < MAX_MISSES + 1; i++) {
          const { ending } = speak(step(at, silence));
          if (ending.kind === 'hangup') return true;
          if (ending.kind !== 'listen') return false;
          at = ending.next;
        }
        return false;
      }),
    );
  });
});

describe('reading speech', () => {
  it.each([
    ['how do I ask my doctor', 'ask'],
    ['what records do I need', 'records'],
    ['Downsides?', 'downsides'],
    ['I want support', 'support'],
    ['what should I do after', 'after'],
    ['BENEFITS', 'benefits'],
    ['the weather', undefined],
    ['', undefined],
  ])('%j means %s', (said, id) => {
    expect(matchTopic(spokenWords(said), en.topics)?.id).toBe(id);
  });
});

describe('the voice content checks', () => {
  const withVoice = (changes: Partial<typeof voice>) =>
    ContentSchema.safeParse({ ...content, languages: { en: { ...en, voice: { ...voice, ...changes } } } });

  it.each([
    ['a topic left out of the groups', [{ spoken: 'a', topics: ['ask'] }], 'missing'],
    ['a group naming an unknown topic', [...groups, { spoken: 'x', topics: ['nope'] }], 'unknown: nope'],
    ['a topic in two groups', [...groups, { spoken: 'x', topics: ['ask'] }], 'twice: ask'],
    ['more than five topics and no groups', undefined, 'do not fit one menu level'],
  ])('refuses %s', (_, changed, message) => {
    const result = withVoice({ groups: changed });
    expect(result.success).toBe(false);
    expect(result.error?.message).toContain(message);
  });

  it('refuses a language with content but no spoken support hours', () => {
    const spanish = withSpanish();
    const withoutSpanishHours = Object.fromEntries(
      Object.entries(content.regions).map(([region, info]) => {
        const { es: _es, ...spokenHours } = info.supportLine?.spokenHours ?? {};
        return [
          region,
          info.supportLine ? { ...info, supportLine: { ...info.supportLine, spokenHours } } : info,
        ];
      }),
    );
    const result = ContentSchema.safeParse({ ...spanish, regions: withoutSpanishHours });
    expect(result.error?.message).toContain('spoken hours are needed in every language');
  });

  it('refuses an unknown time zone and an overnight window', () => {
    const uk = content.regions.uk;
    const line = uk.supportLine;
    if (line === undefined) throw new Error('fixture: uk has a support line');
    for (const supportLine of [
      { ...line, timeZone: 'Mars/Olympus' },
      { ...line, hours: [{ days: ['mon'], open: '22:00', close: '06:00' }] },
    ]) {
      const result = ContentSchema.safeParse({
        ...content,
        regions: { ...content.regions, uk: { ...uk, supportLine } },
      });
      expect(result.success).toBe(false);
    }
  });
});
