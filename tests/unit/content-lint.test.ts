import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contentCatalogue } from '../../content/catalogue.js';
import { lintContent } from '../../content/lint.js';
import type { CatalogueEntry } from '../../content/sms-catalogue.js';
import type { Content } from '../../functions/core/content-model.js';
import { content } from '../fixtures/content.js';

const SOURCES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'sources');
const TODAY = new Date().toISOString().slice(0, 10);
const lint = (c: Content, catalogue: CatalogueEntry[] = contentCatalogue(c)) =>
  lintContent(c, { catalogue, today: TODAY, sourcesDir: SOURCES });

/** A deep copy to break on purpose. */
const copy = (): Content => structuredClone(content);
const entry = (overrides: Partial<CatalogueEntry>): CatalogueEntry => ({
  id: 'x',
  channel: 'sms',
  language: 'en',
  region: 'all',
  text: 'A short plain text.',
  maxSegments: 2,
  ...overrides,
});

describe('the content as shipped', () => {
  it('passes every check', () => {
    expect(lint(content)).toEqual([]);
  });
});

describe('the linter catches', () => {
  it.each([
    ['a curly quote', entry({ text: 'It’s here.' }), 'encoding'],
    ['a message over budget', entry({ text: 'word '.repeat(70) }), 'segments'],
    ['an unfilled placeholder', entry({ text: 'Call {emergency} now.' }), 'placeholder'],
    ['a keypad instruction in a text', entry({ text: 'Press 1 for more.' }), 'channel-wording'],
    [
      'a texting instruction read aloud',
      entry({ channel: 'voice', text: 'Reply MORE for more.' }),
      'channel-wording',
    ],
    [
      'a hard message with no reason recorded',
      entry({
        text: 'Institutional multidisciplinary considerations necessitate comprehensive documentation.',
      }),
      'readability',
    ],
  ])('%s', (_, bad, rule) => {
    const rules = lint(content, [...contentCatalogue(content), bad]).map((problem) => problem.rule);
    expect(rules).toContain(rule);
  });

  it('accepts a hard message whose reason is recorded', () => {
    const hard = entry({
      text: 'Institutional multidisciplinary considerations necessitate comprehensive documentation.',
      readingNote: 'test',
    });
    expect(
      lint(content, [...contentCatalogue(content), hard]).filter((p) => p.where.startsWith('en/sms/x')),
    ).toEqual([]);
  });

  it('a keyword used by two topics, or one that means STOP', () => {
    const broken = copy();
    const [first, second] = broken.languages.en.topics;
    if (first === undefined || second === undefined) throw new Error('needs two topics');
    second.keywords.push(first.keywords[0] ?? 'X');
    first.keywords.push('STOP');
    const messages = lint(broken)
      .filter((problem) => problem.rule === 'keywords')
      .map((problem) => problem.message);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringContaining('also used by'), expect.stringContaining('STOP')]),
    );
  });

  it('a source file that does not exist', () => {
    const broken = copy();
    broken.languages.en.topics[0]?.sources.push('999_deadbeef.txt');
    expect(lint(broken).map((problem) => problem.rule)).toContain('sources');
  });

  it('a review date in the past', () => {
    const broken = copy();
    broken.nextReview = '2020-01-01';
    expect(lint(broken).map((problem) => problem.rule)).toContain('review');
  });

  it('a translation that misses a topic or a part', () => {
    const broken = copy();
    const spanish = structuredClone(broken.languages.en);
    spanish.topics.pop();
    const firstTopic = spanish.topics[0];
    if (firstTopic !== undefined) firstTopic.parts = firstTopic.parts.slice(0, 1);
    broken.languages.es = spanish;
    const where = lint(broken)
      .filter((problem) => problem.rule === 'coverage')
      .map((problem) => problem.where);
    expect(where.length).toBeGreaterThanOrEqual(2);
  });
});
