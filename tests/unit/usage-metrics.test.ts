import { describe, expect, it } from 'vitest';
import { emfMetrics } from '../../functions/adapters/metrics/emf-metrics.js';
import { memoryMetrics } from '../../functions/adapters/metrics/memory-metrics.js';
import {
  callStepMetrics,
  countAll,
  deliveryMetrics,
  label,
  sweepMetrics,
  textMetrics,
} from '../../functions/core/usage-metrics.js';

describe('metric labels', () => {
  it.each([
    ['why-second-opinion', 'why-second-opinion'],
    ['21610', '21610'],
    ['+447400123456', 'other'],
    ['447400123456', 'other'],
    ['stop texting me please', 'other'],
    [`SM${'a'.repeat(32)}`, 'other'],
    [undefined, 'none'],
  ])('%s becomes %s', (value, expected) => {
    expect(label(value)).toBe(expected);
  });
});

describe('what a text counts', () => {
  it('counts the text under each breakdown, and the opt-out with its keyword class', () => {
    const points = textMetrics({
      understood: { layer: 'opt-out' },
      language: 'es',
      region: 'us',
      firstContact: true,
      consent: { action: 'opt-out', keyword: 'ALTO' },
      erased: false,
    });
    expect(points).toEqual([
      {
        name: 'InboundText',
        value: 1,
        sets: [{}, { language: 'es' }, { region: 'us' }, { layer: 'opt-out' }],
      },
      { name: 'FirstContact', value: 1, sets: [{}, { channel: 'sms' }] },
      { name: 'OptOut', value: 1, sets: [{}, { keyword: 'ALTO' }] },
    ]);
  });

  it('counts a crisis reply whenever the crisis lines went first, and an erasure', () => {
    const names = (understood: Parameters<typeof textMetrics>[0]['understood'], erased = false) =>
      textMetrics({ understood, language: 'en', region: 'uk', firstContact: false, erased }).map(
        (p) => p.name,
      );
    expect(names({ layer: 'topic', topic: 'records', band: 'sure', emergency: true })).toContain(
      'CrisisReply',
    );
    expect(names({ layer: 'emergency' })).toContain('CrisisReply');
    expect(names({ layer: 'fallback' })).toEqual(['InboundText']);
    expect(names(undefined, true)).toEqual(['InboundText', 'Erasure']);
  });
});

describe('calls, deliveries and sweeps', () => {
  it('counts a call when answered and how it ends', () => {
    expect(callStepMetrics('answer', 'listen', false).map((p) => p.name)).toEqual([
      'CallStep',
      'FirstContact',
    ]);
    expect(callStepMetrics('menu', 'dial', false).at(-1)).toEqual({
      name: 'CallEnded',
      value: 1,
      sets: [{}, { ended: 'transfer' }],
    });
    expect(callStepMetrics('menu', 'hangup', false).at(-1)?.sets).toEqual([{}, { ended: 'limit' }]);
    expect(callStepMetrics('dialled', 'hangup', false).map((p) => p.name)).toEqual(['CallStep']);
    expect(callStepMetrics('menu', 'hangup', true).map((p) => p.name)).toEqual([
      'CallStep',
      'CallEnded',
      'CrisisReply',
    ]);
  });

  it('counts a delivery status with its error code', () => {
    expect(deliveryMetrics('undelivered', 30007)[0]?.sets).toEqual([
      {},
      { status: 'undelivered' },
      { errorCode: '30007' },
    ]);
  });

  it('turns a sweep summary into outcomes and reasons', () => {
    const memory = memoryMetrics(() => new Date('2026-11-20T10:15:00Z'));
    countAll(
      memory,
      sweepMetrics({
        sent: 3,
        skipped: 2,
        skippedBy: { 'opted-out': 2 },
        deferred: 1,
        failed: 1,
        failedBy: { '21610': 1 },
        unconfirmed: 1,
        errors: 0,
      }),
    );
    const totals = memory.totals();
    expect(totals).toContainEqual({ name: 'Reminder', dimensions: { outcome: 'sent' }, value: 3 });
    expect(totals).toContainEqual({ name: 'Reminder', dimensions: { outcome: 'dropped' }, value: 1 });
    expect(totals).toContainEqual({
      name: 'Reminder',
      dimensions: { outcome: 'failed', reason: '21610' },
      value: 1,
    });
    expect(memory.samples()[0]?.hour).toBe('2026-11-20T10:00:00Z');
  });
});

describe('the EMF writer (Powertools)', () => {
  it('writes one EMF line per count with every dimension set, under the service', () => {
    const lines: string[] = [];
    countAll(
      emfMetrics({ write: (line) => lines.push(line) }),
      textMetrics({
        understood: { layer: 'topic', topic: 'records', band: 'sure' },
        language: 'en',
        region: 'uk',
        firstContact: false,
        erased: false,
      }),
    );
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] as string);
    expect(record._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: 'SecondOpinionLine',
      Dimensions: [
        ['service'],
        ['service', 'language'],
        ['service', 'region'],
        ['service', 'layer'],
        ['service', 'topic'],
        ['service', 'band'],
      ],
      Metrics: [{ Name: 'InboundText', Unit: 'Count' }],
    });
    expect(record).toMatchObject({
      service: 'second-opinion-line',
      topic: 'records',
      band: 'sure',
      InboundText: 1,
    });
  });
});
