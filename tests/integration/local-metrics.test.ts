import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUsageReport } from '../../infra/ops/usage-report/cli.js';
import { type Line, startLine } from './line-harness.js';
import { placeCall } from './voice-harness.js';

/** The local runtime counts what the Lambdas count, shows it on GET /dev/metrics, and the report reads it. */

const NOW = new Date('2026-11-20T12:00:00Z');
let line: Line;

beforeAll(async () => {
  line = await startLine({ clock: { now: () => NOW } });
  await line.text('+447400123456', 'START');
  await line.text('+447400123456', 'records');
  await line.text('+447400123456', 'zzzz qqqq');
  await line.text('+12025550143', 'ALTO');
  const call = await placeCall(line, '+12025550143');
  await call.press('1');
});

afterAll(async () => {
  await line?.close();
});

type Total = { name: string; dimensions: Record<string, string>; value: number };
const total = (totals: Total[], name: string, dimensions: Record<string, string> = {}) =>
  totals.find(
    (t) =>
      t.name === name &&
      Object.keys(t.dimensions).length === Object.keys(dimensions).length &&
      Object.entries(dimensions).every(([k, v]) => t.dimensions[k] === v),
  )?.value ?? 0;

describe('GET /dev/metrics', () => {
  it('needs the X-Dev-Token header, like every /dev route', async () => {
    const response = await fetch(`${line.baseUrl}/dev/metrics`);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('InboundText');
  });

  it('counts texts by layer and language, people reached, opt-outs and calls, and nothing personal', async () => {
    const response = await line.dev('/dev/metrics');
    expect(response.status).toBe(200);
    const text = await response.text();
    const { totals } = JSON.parse(text) as { totals: Total[] };
    expect(total(totals, 'InboundText')).toBe(4);
    expect(total(totals, 'InboundText', { layer: 'fallback' })).toBe(1);
    expect(total(totals, 'InboundText', { language: 'es' })).toBe(1);
    expect(total(totals, 'FirstContact', { channel: 'sms' })).toBe(2);
    expect(total(totals, 'OptOut', { keyword: 'ALTO' })).toBe(1);
    expect(total(totals, 'CallStep', { step: 'answer' })).toBe(1);
    expect(text).not.toMatch(/\d{7,}/);
    expect(text).not.toMatch(/zzzz|SM[0-9a-f]{32}|CA[0-9a-f]{32}/);
  });
});

describe('the usage report against a local run', () => {
  it('reads the local sink and writes the same figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-local-'));
    const out: string[] = [];
    const err: string[] = [];
    const code = await runUsageReport(
      ['--from', '2026-11-20', '--to', '2026-11-20', '--local', line.baseUrl, '--out', dir],
      { DEV_TOKEN: line.config.DEV_TOKEN },
      { out: (t) => out.push(t), err: (t) => err.push(t) },
      () => new Date('2026-12-01T00:00:00Z'),
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const csv = readFileSync(join(dir, 'usage-2026-11-20-2026-11-20.csv'), 'utf8');
    expect(csv).toContain('total,texts in,4');
    expect(csv).toContain('total,calls,1');
    expect(csv).toContain('total,share of texts understood,0.7500');
    expect(csv).toContain('day texts,2026-11-20,4');
  });

  it('says which token is wrong', async () => {
    const err: string[] = [];
    const code = await runUsageReport(
      ['--from', '2026-11-20', '--to', '2026-11-20', '--local', line.baseUrl, '--dev-token', 'wrong'],
      {},
      { out: () => {}, err: (t) => err.push(t) },
      () => new Date('2026-12-01T00:00:00Z'),
    );
    expect(code).toBe(1);
    expect(err.join('')).toContain('refused the dev token');
  });
});
