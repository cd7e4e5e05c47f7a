import { describe, expect, it } from 'vitest';
import { readCommand } from '../../../functions/core/understanding/commands.js';
import { readText } from '../../../functions/core/understanding/text.js';
import { content } from '../../fixtures/content.js';

const command = (body: string, language: 'en' | 'es' = 'en') =>
  readCommand(readText(body), content, language);

describe('layer 4: commands only when the text is the command', () => {
  it.each([
    ['help me please', { kind: 'help' }],
    ['ayuda por favor', { kind: 'help', language: 'es' }],
    ['i need help', { kind: 'help' }],
    ['can you help me?', { kind: 'help' }],
    ['menu pls', { kind: 'menu' }],
    ['show me the topics', { kind: 'menu' }],
    ['tell me more', { kind: 'more' }],
    ['dime más', { kind: 'more' }],
    ['my checklist please', { kind: 'checklist' }],
    ['DONE 2', { kind: 'tick', done: true, refs: [2] }],
    ['got my scans', { kind: 'tick', done: true, refs: ['MY', 'SCANS'] }],
    ['got the biopsy report', { kind: 'tick', done: true, refs: ['THE', 'BIOPSY', 'REPORT'] }],
    ['got my scnas', { kind: 'tick', done: true, refs: ['MY', 'SCANS'] }], // a close item name
    ['UNDO 3', { kind: 'tick', done: false, refs: [3] }],
    ['cancel my appointment please', { kind: 'cancel-appointment' }],
    ['text me in spanish please', { kind: 'language', language: 'es' }],
    ['option 6', { kind: 'topic', topicId: 'records' }],
    ['records', { kind: 'topic', topicId: 'records' }],
  ])('%j → %j', (body, intent) => expect(command(body)).toEqual(intent));

  it.each([
    'what do I need to bring?',
    'how do I ask my consultant',
    'got it thanks',
    'done with all this',
    'more info on referrals please',
    'help me understand what a second opinion is',
    'are there support groups in spanish',
  ])('%j is not a command', (body) => expect(command(body)).toBeUndefined());

  it.each([
    'tengo que llevar los resultados de la biopsia?',
    'tengo mucho miedo',
    '¿qué es una segunda opinión?',
    '¿cómo le pido al médico?',
  ])('%j is not a Spanish command (no first-word capture)', (body) =>
    expect(command(body, 'es')).toBeUndefined(),
  );

  it('TENGO with a checklist item ticks it', () => {
    expect(command('tengo los resultados', 'es')).toMatchObject({ kind: 'tick', done: true });
  });
});
