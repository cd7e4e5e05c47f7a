import { describe, expect, it } from 'vitest';
import {
  type Caller,
  type CallInput,
  type CallSettings,
  type CallState,
  type CallTurn,
  callMenu,
} from '../../../functions/core/call-menu.js';
import { forRegion } from '../../../functions/core/content-model.js';
import { renderCrisis } from '../../../functions/core/sms-render.js';
import { digitsSpokenSingly } from '../../../functions/core/spoken-numbers.js';
import { callStatePath, parseCallState } from '../../../functions/voice/voice-request.js';
import { content } from '../../fixtures/content.js';
import { search } from '../../fixtures/search.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const settings: CallSettings = { supportLines: {}, dialTimeoutSeconds: 20, listenTimeoutSeconds: 6, search };
const uk: Caller = { region: 'uk', canText: true };
const menu = (language: 'en' | 'es' = 'en'): CallState => ({ step: 'menu', language, misses: 0, turns: 1 });
const speech = (text: string): CallInput => ({ kind: 'speech', text });

function heard(turn: CallTurn) {
  if (turn.kind !== 'speak') throw new Error(`expected speech, got ${turn.kind}`);
  const text = turn.plan.utterances
    .map((utterance) => (utterance.kind === 'say' ? utterance.text : '…'))
    .join(' ');
  return { text, ending: turn.plan.ending, understood: turn.understood, heard: turn.heard };
}

const say = (state: CallState, input: CallInput) => heard(callMenu(state, input, content, NOW, settings, uk));

describe('speech goes through the same layers as texts', () => {
  it('opens the topic a caller asks for in their own words', () => {
    const turn = say(menu(), speech('um how do i get my scans and test results sent over'));
    expect(turn.heard).toBe('records');
    expect(turn.understood).toMatchObject({ layer: 'topic', topic: 'records', band: 'sure' });
  });

  it('asks "Did you mean …? For …, press 1. For …, press 2." on a close call, and a key then chooses', () => {
    const turn = say(menu(), speech('what paperwork do i need to get together for the new doctor'));
    const [first, second] = ['records', 'prepare'].map((id) =>
      content.languages.en.topics.find((t) => t.id === id),
    );
    expect(turn.text).toContain(`Did you mean ${first?.spoken} or ${second?.spoken}?`);
    expect(turn.text).toContain(`For ${first?.spoken}, press 1. For ${second?.spoken}, press 2.`);
    if (turn.ending.kind !== 'listen') throw new Error('expected to listen');
    expect(turn.ending.next).toMatchObject({ step: 'choose', choices: ['records', 'prepare'] });
    const chosen = say(turn.ending.next, { kind: 'keys', keys: '2' });
    expect(chosen.heard).toBe('prepare');
  });

  it('asks about a single fairly likely topic the same way', () => {
    const turn = say(menu(), speech('qué es'));
    expect(turn.text).toContain('Did you mean what a second opinion is and your right to ask?');
    expect(turn.text).toContain('For what a second opinion is and your right to ask, press 1.');
  });

  it('keeps the offered topics in the action URL, so the next step can read them back', () => {
    const state: CallState = {
      step: 'choose',
      language: 'en',
      misses: 0,
      turns: 3,
      choices: ['records', 'prepare'],
    };
    const [path, query] = callStatePath(state).split('?');
    expect(parseCallState(path ?? '', query ?? '')).toEqual(state);
  });

  it('answers fear kindly and offers the menu again', () => {
    const turn = say(menu(), speech('am I going to die'));
    const distress = content.languages.en.understanding?.voice.distress;
    expect(turn.text).toContain(distress ? forRegion(distress, 'uk') : 'missing');
    expect(turn.understood).toMatchObject({ layer: 'distress' });
  });

  it('puts the crisis lines first for an emergency said at any menu', () => {
    const turn = say(
      { step: 'topic', language: 'en', topic: 'records', part: 0, misses: 0, turns: 4 },
      speech('my husband collapsed and he is not breathing'),
    );
    // Spoken, with every phone number read digit by digit.
    expect(turn.text.startsWith(digitsSpokenSingly(renderCrisis(content, 'en', 'uk')))).toBe(true);
    expect(turn.understood).toMatchObject({ layer: 'emergency', emergency: true });
  });

  it('declines medical questions and says how to stop texts, in the caller’s language', () => {
    expect(say(menu(), speech('how much tamoxifen should I take')).text).toContain(
      content.languages.en.understanding?.voice.medical ?? 'missing',
    );
    expect(say(menu('es'), speech('no me manden más mensajes')).text).toContain(
      content.languages.es?.understanding?.voice.optOut ?? 'missing',
    );
  });

  it('understands Spanish speech in Spanish', () => {
    expect(say(menu('es'), speech('qué papeles y estudios tengo que juntar')).heard).toBe('records');
  });
});
