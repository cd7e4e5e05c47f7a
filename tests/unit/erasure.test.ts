import { describe, expect, it } from 'vitest';
import { awaitsErasure, ERASURE_CONFIRM_MINUTES, erasureIntent } from '../../functions/core/erasure.js';
import { newSubscriber } from '../../functions/core/subscriber.js';

describe('erasureIntent', () => {
  it.each([
    ['DELETE MY DATA', 'en'],
    ['delete my data.', 'en'],
    ['Please delete all my data', 'en'],
    ['erase my details please', 'en'],
    ['Remove my personal information', 'en'],
    ['FORGET ME', 'en'],
    ['I want my data deleted', 'en'],
    ['BORRAR MIS DATOS', 'es'],
    ['borrar mis datos por favor', 'es'],
    ['Eliminar mi información', 'es'],
    ['Por favor, borren mis datos', 'es'],
    ['Olvídenme', 'es'],
  ])('"%s" asks for erasure (%s)', (body, language) => {
    expect(erasureIntent(body)).toEqual({ kind: 'request', language });
  });

  it.each([['DELETE'], ['delete'], ['Yes, delete'], ['BORRAR'], ['sí, borrar']])('"%s" confirms', (body) => {
    expect(erasureIntent(body)?.kind).toBe('confirm');
  });

  it.each([
    'my data',
    'what data do you keep?',
    'I deleted my data by mistake, can you help',
    'DELETE MY APPOINTMENT DATA LATER',
    'STOP',
    'records',
    'how do I delete my records from my old hospital',
  ])('"%s" is not about erasure', (body) => {
    expect(erasureIntent(body)).toBeUndefined();
  });
});

describe('awaitsErasure', () => {
  const at = new Date('2026-11-20T12:00:00Z');
  const asked = { ...newSubscriber('+447400123456', 'uk', at), pendingErasure: at.toISOString() };
  it('waits the confirmation window, no longer', () => {
    expect(awaitsErasure(asked, new Date(at.getTime() + ERASURE_CONFIRM_MINUTES * 60_000))).toBe(true);
    expect(awaitsErasure(asked, new Date(at.getTime() + ERASURE_CONFIRM_MINUTES * 60_000 + 1))).toBe(false);
    expect(awaitsErasure(newSubscriber('+447400123456', 'uk', at), at)).toBe(false);
  });
});
