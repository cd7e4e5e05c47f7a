import { describe, expect, it } from 'vitest';
import { emergencyLanguage } from '../../../functions/core/understanding/emergency.js';
import { readText } from '../../../functions/core/understanding/text.js';

const language = (body: string) => emergencyLanguage(readText(body));

describe('layer 1: emergencies and self-harm', () => {
  it.each([
    'thinking about ending my life tonight, I have the pills ready',
    'my husband collapsed and he’s barely breathing',
    'dont see the point of living anymore',
    'I want to kill myself',
    'Im going to kill my self',
    'i have been self-harming',
    'took a whole bottle of my sleeping tablets',
    'she stopped breathing',
    'he is unconscious',
    'bleeding heavily and it will not stop',
    'chest pain since this morning',
    'my wife is on chemo and has a fever of 39',
    'I cant breathe',
    'cant breath', // a typo of the signal word
    'thinkin about suicde', // and another
  ])('%j → English', (body) => expect(language(body)).toBe('en'));

  it.each([
    'ya no quiero vivir',
    'me tomé todas las pastillas',
    'Me tome todas las pastillas',
    'quiero morirme',
    'pienso en quitarme la vida',
    'mi mamá se desmayó y no respira',
    'está sangrando mucho',
    'dolor en el pecho',
    'EMERGENCIA',
  ])('%j → Spanish', (body) => expect(language(body)).toBe('es'));

  it.each([
    'am i going to die', // fear: the distress layer, never the crisis lines alone
    'me voy a morir?',
    'how long have I got left',
    'what records do I need?',
    'I am worried about the delay',
    'should I stop tamoxifen',
    'my doctor is not answering my calls',
    'STOP',
    'tomo muchas notas en la consulta',
  ])('%j is not an emergency', (body) => expect(language(body)).toBeUndefined());
});
