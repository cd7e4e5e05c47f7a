import { describe, expect, it } from 'vitest';
import { refusalKind } from '../../functions/core/delivery-status.js';

describe('refusalKind: what a Twilio refusal code means for the number', () => {
  it('21610 (STOP at Twilio) is an opt-out', () => {
    expect(refusalKind(21610)).toBe('opted-out');
  });

  it.each([21211, 21614, 21612])('%i means the number cannot get texts', (code) => {
    expect(refusalKind(code)).toBe('undeliverable');
  });

  it.each([30001, 30003, 30005, 30006, 21606, 21408, 20429, 0])(
    '%i is a failure of this message only',
    (code) => {
      expect(refusalKind(code)).toBe('failed');
    },
  );

  it('no code is a failure of this message only', () => {
    expect(refusalKind(undefined)).toBe('failed');
  });
});
