import { describe, expect, it } from 'vitest';
import { normalise } from '../../functions/core/keywords.js';
import { classifyMessage, signalsCrisis } from '../../functions/core/understanding/understand.js';
import { content } from '../fixtures/content.js';
import { dates } from '../fixtures/dates.js';
import { search } from '../fixtures/search.js';

describe('normalise', () => {
  it.each([
    ['  Stop! ', 'STOP'],
    ['stop.', 'STOP'],
    ['ARRÊT', 'ARRET'],
    ["don't text me", 'DONT TEXT ME'],
    ['menu\n', 'MENU'],
  ])('%j → %j', (input, expected) => expect(normalise(input)).toBe(expected));
});

describe('classifyMessage', () => {
  it.each([
    ['STOP', 'opt-out'],
    ['stop', 'opt-out'],
    [' Stop. ', 'opt-out'],
    ['STOPALL', 'opt-out'],
    ['unsubscribe', 'opt-out'],
    ['Cancel', 'opt-out'],
    ['end', 'opt-out'],
    ['QUIT', 'opt-out'],
    ['optout', 'opt-out'],
    ['REVOKE', 'opt-out'],
    ['arrêt', 'opt-out'],
    ['please stop texting me', 'opt-out'],
    ['Stop sending me messages', 'opt-out'],
    ["don't text me again", 'opt-out'],
    ['no more texts please', 'opt-out'],
    ['STOP please', 'opt-out'],
    ['remove me from this list', 'opt-out'],
    ['START', 'opt-in'],
    ['join', 'opt-in'],
    ['Yes', 'opt-in'],
    ['UNSTOP', 'opt-in'],
    ['subscribe', 'opt-in'],
    ['second', 'opt-in'],
    ['HELP', 'help'],
    ['info', 'help'],
    ['menu', 'menu'],
    ['MORE', 'more'],
    ['next', 'more'],
    ['REGION US', 'region'],
    ['1', 'topic'],
    ['10', 'topic'],
    ['records', 'topic'],
    ['how do I ask', 'topic'],
    ['11', 'unknown'],
    ['I do not know what to do', 'did-you-mean'],
    ['hello', 'unknown'],
    ['', 'unknown'],
  ])('%j is %s', (body, kind) => {
    expect(classifyMessage(body, content, 'en', dates, search).kind).toBe(kind);
  });

  it('opens topics by number in menu order and by keyword', () => {
    const topics = content.languages.en.topics;
    expect(classifyMessage('1', content, 'en', dates)).toEqual({ kind: 'topic', topicId: topics[0]?.id });
    expect(classifyMessage('6', content, 'en', dates)).toEqual({ kind: 'topic', topicId: topics[5]?.id });
    for (const topic of topics) {
      for (const keyword of topic.keywords) {
        expect(classifyMessage(keyword.toLowerCase(), content)).toEqual({ kind: 'topic', topicId: topic.id });
      }
    }
  });

  it.each([
    ['REGION UK', 'uk'],
    ['region canada', 'ca'],
    ['Region: US', 'us'],
    ['REGION NHS', 'uk'],
    ['REGION MARS', undefined],
    ['REGION', undefined],
  ])('%j sets region %s', (body, region) => {
    expect(classifyMessage(body, content, 'en', dates)).toEqual({ kind: 'region', region });
  });
});

describe('signalsCrisis', () => {
  it.each([
    ['This is an emergency', true],
    ["I can't breathe", true],
    ['cant breathe', true],
    ['I have been thinking about suicide', true],
    ['I want to die', true],
    ['I might hurt myself', true],
    ['chest pain since this morning', true],
    ['what records do I need?', false],
    ['STOP', false],
    ['I am worried about the delay', false],
  ])('%j → %s', (body, expected) => expect(signalsCrisis(body)).toBe(expected));
});
