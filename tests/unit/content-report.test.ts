import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { contentCatalogue } from '../../content/catalogue.js';
import { buildReport, renderReport } from '../../content/report.js';
import { reviewHash } from '../../content/review-files.js';
import { content, reviewFiles } from '../fixtures/content.js';

const options = { ...reviewFiles, pricePerSegment: 0.01, currency: 'USD', today: '2026-12-03' };

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
    const stale = structuredClone(reviewFiles);
    const source = stale.sources[0];
    if (source === undefined) throw new Error('fixture');
    source.nextCheck = '2020-01-01';
    const page = renderReport(content, contentCatalogue(content), { ...options, ...stale });
    expect(page).toContain('<h2>Errors (1)</h2>');
    expect(page).toContain('was due to be checked again on 2020-01-01');
  });

  it("shows each message's cited sources, review state and reading level, and the sources themselves", () => {
    const row = (pattern: RegExp) => rows.find((match) => pattern.test(match[2] ?? ''))?.[2] ?? '';
    const usSupport = row(/<td>sms<\/td><td>en<\/td><td>us<\/td><td><code>topic\.support\.1<\/code>/);
    expect(usSupport).toContain('<code>us-cancercare</code>');
    expect(usSupport).toContain('not yet reviewed');
    expect(usSupport).toMatch(/grade \d+\.\d/);
    const ukWhatIs = row(/<td>sms<\/td><td>en<\/td><td>uk<\/td><td><code>topic\.what-is\.1<\/code>/);
    expect(ukWhatIs).toContain('<code>uk-macmillan</code>');
    expect(ukWhatIs).not.toContain('us-cancercare');
    const ukCrisis = row(/<td>sms<\/td><td>en<\/td><td>uk<\/td><td><code>sms\.crisis<\/code>/);
    expect(ukCrisis).toContain('<code>uk-samaritans</code>');
    const spanish = row(/<td>sms<\/td><td>es<\/td><td>ca<\/td><td><code>topic\.ask\.1<\/code>/);
    expect(spanish).toMatch(/\d+ \((fairly easy|very easy|normal|somewhat hard|very hard)\)/);
    expect(html).toContain('0 of 28 topics and files reviewed');
    expect(html).toContain('<h2>Warnings');
    expect(html).toContain('Macmillan Cancer Support');
    expect(html).toContain('https://988lifeline.org/get-help/what-to-expect');
  });

  it('shows a review recorded for the text as it is, and says when the text changed since', () => {
    const signed = structuredClone(reviewFiles);
    signed.reviews.en.support = {
      role: 'oncology nurse',
      date: '2026-12-01',
      nextReview: '2027-12-01',
      hash: reviewHash(content, 'en', 'support') ?? '',
    };
    const page = renderReport(content, contentCatalogue(content), { ...options, ...signed });
    expect(page).toContain('reviewed 2026-12-01 by oncology nurse, next 2027-12-01');
    expect(page).toContain('1 of 28 topics and files reviewed');
    const changed = structuredClone(content);
    const part = changed.languages.en.topics.find((topic) => topic.id === 'support')?.parts[1];
    if (part === undefined) throw new Error('fixture');
    part.sms = 'New words nobody reviewed.';
    const after = renderReport(changed, contentCatalogue(changed), { ...options, ...signed });
    expect(after).toContain('changed since its review on 2026-12-01 by oncology nurse');
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
