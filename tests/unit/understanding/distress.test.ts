import { describe, expect, it } from 'vitest';
import { readDistress } from '../../../functions/core/understanding/distress.js';
import { readText } from '../../../functions/core/understanding/text.js';

const read = (body: string) => readDistress(readText(body));

describe('layer 3: fear and distress', () => {
  it.each([
    'am I going to die',
    'is it terminal',
    "I'm so scared",
    'im terrified',
    'how long have I got left',
    'how long does my mum have',
    'i cant cope',
    'no puedo más con esto',
    'tengo mucho miedo',
    'me voy a morir?',
    'estoy muy asustada',
    'cuánto tiempo le queda',
  ])('%j is distress', (body) => expect(read(body)).toBe('strong'));

  it('fear beside a question the line can answer is mild: the question is answered', () => {
    expect(read('my mum is scared to ask her doctor for a second opinion')).toBe('mild');
    expect(read('tengo miedo de que mi médico se moleste si pido otra opinión')).toBe('mild');
  });

  it.each(['what records do I need', 'I am worried about the delay', 'how do I ask'])(
    '%j is not distress',
    (body) => expect(read(body)).toBeUndefined(),
  );
});
