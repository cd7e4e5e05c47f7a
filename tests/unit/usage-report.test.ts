import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runUsageReport } from '../../infra/ops/usage-report/cli.js';
import type { UsageSeries } from '../../infra/ops/usage-report/data.js';
import { parseRange } from '../../infra/ops/usage-report/data.js';
import { usageFigures } from '../../infra/ops/usage-report/figures.js';
import { renderCsv, renderHtml } from '../../infra/ops/usage-report/render.js';

const NOW = new Date('2026-12-03T10:00:00Z');
const DAYS = ['2026-11-01', '2026-11-02', '2026-11-03'];

/** A fixed set of metric data, as CloudWatch or the local sink would give it back. */
const SERIES: UsageSeries[] = [
  { name: 'InboundText', dimensions: {}, days: { '2026-11-01': 10, '2026-11-02': 6, '2026-11-03': 4 } },
  { name: 'InboundText', dimensions: { layer: 'topic' }, days: { '2026-11-01': 6, '2026-11-02': 3 } },
  { name: 'InboundText', dimensions: { layer: 'fallback' }, days: { '2026-11-01': 2, '2026-11-03': 3 } },
  { name: 'InboundText', dimensions: { layer: 'opt-out' }, days: { '2026-11-02': 1 } },
  {
    name: 'InboundText',
    dimensions: { language: 'en' },
    days: { '2026-11-01': 8, '2026-11-02': 6, '2026-11-03': 4 },
  },
  { name: 'InboundText', dimensions: { language: 'es' }, days: { '2026-11-01': 2 } },
  {
    name: 'InboundText',
    dimensions: { region: 'uk' },
    days: { '2026-11-01': 10, '2026-11-02': 6, '2026-11-03': 4 },
  },
  { name: 'InboundText', dimensions: { topic: 'records' }, days: { '2026-11-01': 4, '2026-11-02': 2 } },
  {
    name: 'InboundText',
    dimensions: { topic: 'why-second-opinion' },
    days: { '2026-11-01': 2, '2026-11-02': 1 },
  },
  // Outside the range: never counted.
  { name: 'InboundText', dimensions: { topic: 'records' }, days: { '2026-10-31': 99 } },
  { name: 'FirstContact', dimensions: {}, days: { '2026-11-01': 5, '2026-11-03': 2 } },
  { name: 'FirstContact', dimensions: { channel: 'sms' }, days: { '2026-11-01': 4, '2026-11-03': 1 } },
  { name: 'FirstContact', dimensions: { channel: 'voice' }, days: { '2026-11-01': 1, '2026-11-03': 1 } },
  { name: 'CallStep', dimensions: { step: 'answer' }, days: { '2026-11-01': 1, '2026-11-03': 1 } },
  { name: 'CrisisReply', dimensions: {}, days: { '2026-11-02': 1 } },
  { name: 'OptOut', dimensions: {}, days: { '2026-11-02': 1 } },
  { name: 'Reminder', dimensions: { outcome: 'sent' }, days: { '2026-11-02': 3 } },
  { name: 'Reminder', dimensions: { outcome: 'failed' }, days: { '2026-11-02': 1 } },
  { name: 'Reminder', dimensions: { outcome: 'failed', reason: '21610' }, days: { '2026-11-02': 1 } },
  { name: 'DeliveryStatus', dimensions: { status: 'delivered' }, days: { '2026-11-02': 3 } },
];

describe('usage figures from a fixed set of metric data', () => {
  const figures = usageFigures(
    { from: DAYS[0] as string, to: DAYS[2] as string, source: 'test', series: SERIES },
    DAYS,
  );

  it('adds up people reached, texts, calls, the share understood and the breakdowns, within the range', () => {
    expect(figures).toMatchObject({
      peopleReached: 7,
      texts: 20,
      calls: 2,
      couldNotPlace: 5,
      understoodShare: 0.75,
      crisisReplies: 1,
      optOuts: 1,
      optIns: 0,
    });
    expect(figures.topics).toEqual([
      { label: 'records', value: 6 },
      { label: 'why-second-opinion', value: 3 },
    ]);
    expect(figures.languages).toEqual([
      { label: 'en', value: 18 },
      { label: 'es', value: 2 },
    ]);
    // The by-reason series has two dimensions: it is not counted as an outcome again.
    expect(figures.reminders).toEqual([
      { label: 'sent', value: 3 },
      { label: 'failed', value: 1 },
    ]);
    expect(figures.daily.map((d) => d.texts)).toEqual([10, 6, 4]);
  });

  it('renders a self-contained HTML page with inline SVG plots', () => {
    const html = renderHtml(figures, 'test', '2026-11-01', '2026-11-03');
    expect(html).toContain('<svg role="img" aria-label="Texts, calls and people reached each day"');
    expect(html).toContain('aria-label="Topics read by text"');
    expect(html).toContain('75.0%');
    expect(html).not.toMatch(/<script|<link|src=|href=|url\(/);
    // Three daily points per line.
    expect(html.match(/<polyline[^>]*points="([^"]+)"/)?.[1]?.split(' ')).toHaveLength(3);
  });

  it('writes a CSV with the totals, the breakdowns and the days', () => {
    const csv = renderCsv(figures).split('\n');
    expect(csv[0]).toBe('section,label,value');
    expect(csv).toContain('total,people reached,7');
    expect(csv).toContain('total,share of texts understood,0.7500');
    expect(csv).toContain('topic,records,6');
    expect(csv).toContain('reminder outcome,failed,1');
    expect(csv).toContain('day texts,2026-11-02,6');
  });

  it('quotes a label a spreadsheet would run as a formula', () => {
    const odd = usageFigures(
      {
        from: '2026-11-01',
        to: '2026-11-01',
        source: 't',
        series: [{ name: 'InboundText', dimensions: { topic: '=cmd' }, days: { '2026-11-01': 1 } }],
      },
      ['2026-11-01'],
    );
    expect(renderCsv(odd)).toContain(`topic,"'=cmd",1`);
  });
});

describe('the report command', () => {
  const run = async (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'usage-'));
    const code = await runUsageReport(
      [...argv, '--out', dir],
      env,
      { out: (t) => out.push(t), err: (t) => err.push(t) },
      () => NOW,
      {
        cloudWatch: async () => SERIES,
        local: async () => SERIES,
      },
    );
    return { code, out: out.join('\n'), err: err.join('\n'), dir };
  };

  it.each([
    [['--from', '2026-11-31', '--to', '2026-11-30'], '--from 2026-11-31 is not a date'],
    [['--from', '2026-11-30', '--to', '2026-11-01'], 'is before --from'],
    [['--from', '01/11/2026', '--to', '2026-11-30'], 'write it as YYYY-MM-DD'],
    [['--to', '2026-11-30'], 'Missing --from'],
    [['--from', '2027-01-01', '--to', '2027-01-31'], 'in the future'],
    [['--from', '2024-01-01', '--to', '2024-01-31'], 'more than 455 days ago'],
    [['--from', '2026-11-01', '--to', '2026-11-30', '--local', 'not a url'], 'is not a URL'],
    [['--from', '2026-11-01', '--to', '2026-11-30', '--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j with a clear message and exit code 2', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(result.err).toContain('Usage: npm run report:usage');
  });

  it('writes the HTML page and the CSV', async () => {
    const result = await run(['--from', '2026-11-01', '--to', '2026-11-03']);
    expect(result.code).toBe(0);
    const csv = readFileSync(join(result.dir, 'usage-2026-11-01-2026-11-03.csv'), 'utf8');
    expect(csv).toContain('total,texts in,20');
    expect(readFileSync(join(result.dir, 'usage-2026-11-01-2026-11-03.html'), 'utf8')).toContain('<svg');
  });

  it('says plainly when there are no AWS credentials (the real SDK, with none to find)', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'usage-'));
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    Object.assign(process.env, {
      AWS_REGION: 'eu-west-2',
      AWS_CONFIG_FILE: join(dir, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    try {
      const code = await runUsageReport(
        ['--from', '2026-11-01', '--to', '2026-11-30', '--out', dir],
        process.env,
        { out: (t) => out.push(t), err: (t) => err.push(t) },
        () => NOW,
      );
      expect(code).toBe(1);
      expect(err.join('\n')).toContain('No AWS credentials were found: set AWS_PROFILE');
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});

describe('the report range', () => {
  it('lists every UTC day, both ends included, across a month end', () => {
    expect(parseRange('2026-11-29', '2026-12-02', NOW)).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
  });
});
