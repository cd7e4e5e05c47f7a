import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { contentCatalogue } from '../../content/catalogue.js';
import { buildReport, renderReport } from '../../content/report.js';
import { content } from '../fixtures/content.js';

const options = { pricePerSegment: 0.01, currency: 'USD', today: '2026-11-21' };

describe('content report', () => {
  const html = renderReport(content, contentCatalogue(content), options);
  const rows = [...html.matchAll(/<tr class="(sms|voice)[^"]*">([\s\S]*?)<\/tr>/g)];

  it('shows every message once', () => {
    expect(rows).toHaveLength(contentCatalogue(content).length);
  });

  it('puts the most expensive texts first', () => {
    const costs = rows
      .map((row) => /USD (\d+\.\d+)/.exec(row[2] ?? '')?.[1])
      .filter((cost) => cost !== undefined)
      .map(Number);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    // Spanish texts may take 4 (UCS-2) segments; English at most 2.
    expect(costs[0]).toBeCloseTo(0.04);
  });

  it('escapes the text it shows and is self-contained', () => {
    const catalogue = [
      ...contentCatalogue(content),
      {
        id: 'x',
        channel: 'sms' as const,
        language: 'en' as const,
        region: 'all',
        text: '<script>alert(1)</script>',
      },
    ];
    const page = renderReport(content, catalogue, options);
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;');
    expect(page).not.toMatch(/<(script|link)\b[^>]*(src|href)=/);
    expect(
      XMLValidator.validate(
        page
          .replace(/^<!doctype html>/, '')
          .replace(/<br>/g, '<br/>')
          .replace(/<meta([^>]*)>/g, '<meta$1/>'),
      ),
    ).toBe(true);
  });

  it('lists the linter problems when there are any', () => {
    const stale = { ...content, nextReview: '2020-01-01' };
    expect(renderReport(stale, contentCatalogue(stale), options)).toContain('review was due on 2020-01-01');
  });

  it('explains a bad price or currency in plain words, naming the variable', () => {
    const problem = (env: NodeJS.ProcessEnv) => {
      try {
        buildReport(env);
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
      throw new Error('expected the settings to be refused');
    };
    expect(problem({ SMS_PRICE_PER_SEGMENT: 'abc' })).toBe(
      'Configuration is not valid:\n  SMS_PRICE_PER_SEGMENT: the price of one SMS segment, a number such as 0.0083',
    );
    expect(problem({ SMS_PRICE_PER_SEGMENT: '0', SMS_PRICE_CURRENCY: 'dollars' })).toBe(
      [
        'Configuration is not valid:',
        '  SMS_PRICE_PER_SEGMENT: the price of one SMS segment, a number such as 0.0083, more than 0',
        '  SMS_PRICE_CURRENCY: a three-letter currency code in capitals, such as USD or GBP',
      ].join('\n'),
    );
  });
});
