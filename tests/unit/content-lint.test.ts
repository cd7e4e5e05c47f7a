import { describe, expect, it } from 'vitest';
import { contentCatalogue } from '../../content/catalogue.js';
import { errorsOf, lintContent, type Problem } from '../../content/lint.js';
import { NOT_YET_REVIEWED, type ReviewFiles, reviewHash } from '../../content/review-files.js';
import type { CatalogueEntry } from '../../content/sms-catalogue.js';
import type { Content } from '../../functions/core/content-model.js';
import { content, reviewFiles } from '../fixtures/content.js';

const TODAY = new Date().toISOString().slice(0, 10);
const lint = (
  c: Content,
  catalogue: CatalogueEntry[] = contentCatalogue(c),
  files: ReviewFiles = reviewFiles,
  today = TODAY,
) => lintContent(c, { ...files, catalogue, today });
const rules = (problems: Problem[]) => errorsOf(problems).map((problem) => problem.rule);

/** A deep copy to break on purpose. */
const copy = (): Content => structuredClone(content);
const files = (): ReviewFiles => structuredClone(reviewFiles);
const entry = (overrides: Partial<CatalogueEntry>): CatalogueEntry => ({
  id: 'x',
  channel: 'sms',
  language: 'en',
  region: 'all',
  text: 'A short plain text.',
  maxSegments: 2,
  ...overrides,
});
const topicOf = (c: Content, id: string) => {
  const topic = c.languages.en.topics.find((candidate) => candidate.id === id);
  if (topic === undefined) throw new Error(`no topic ${id}`);
  return topic;
};

describe('the content as shipped', () => {
  it('has no errors', () => {
    expect(errorsOf(lint(content))).toEqual([]);
  });

  it('says honestly that nothing has been reviewed yet: a warning per topic and file, not an error', () => {
    const warnings = lint(content).filter((problem) => problem.rule === 'review');
    expect(warnings.every((problem) => problem.severity === 'warning')).toBe(true);
    expect(warnings.map((problem) => problem.where)).toEqual(
      expect.arrayContaining(['en/what-is', 'es/what-is', 'en/messages', 'es/voice']),
    );
    expect(warnings[0]?.message).toBe(NOT_YET_REVIEWED);
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
    ['a text naming a diagnosis', entry({ text: 'Your cancer appointment is on Friday.' }), 'discretion'],
    ['a text naming a test', entry({ text: 'Still to get: your Biopsy report.' }), 'discretion'],
    ['a text naming a specialty', entry({ text: 'Ask your oncologist first.' }), 'discretion'],
    [
      'a Spanish text naming a diagnosis',
      entry({ language: 'es', text: 'Su cita de cáncer es el viernes.', maxSegments: 4 }),
      'discretion',
    ],
    [
      'a Spanish text naming a test',
      entry({ language: 'es', text: 'Le falta: informe de patología.', maxSegments: 4 }),
      'discretion',
    ],
    [
      'a hard Spanish message with no reason recorded',
      entry({
        language: 'es',
        maxSegments: 4,
        text: 'Consideraciones multidisciplinarias institucionales necesitan documentación exhaustivamente individualizada.',
      }),
      'readability',
    ],
  ])('%s', (_, bad, rule) => {
    expect(rules(lint(content, [...contentCatalogue(content), bad]))).toContain(rule);
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

  it('accepts a diagnosis word in what is only spoken to a caller who asked', () => {
    const spoken = entry({ channel: 'voice', text: 'The charity CancerCare has social workers.' });
    expect(lint(content, [spoken]).filter((p) => p.rule === 'discretion')).toEqual([]);
  });

  it('Spanish text that reads hard on average', () => {
    const hard = Array.from({ length: 400 }, (_, index) =>
      entry({
        id: `hard.${index}`,
        language: 'es',
        maxSegments: 4,
        readingNote: 'each one has its reason, but together they are too hard',
        text: 'Consideraciones multidisciplinarias institucionales necesitan documentación exhaustivamente individualizada.',
      }),
    );
    const problems = errorsOf(lint(content, [...contentCatalogue(content), ...hard]));
    expect(problems).toContainEqual(expect.objectContaining({ rule: 'readability', where: 'es' }));
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

  it.each([
    ['a topic', (c: Content) => c.languages.en.topics[0]?.sources.push('no-such-source')],
    ['a checklist item', (c: Content) => c.languages.es?.checklist.items[0]?.sources.push('no-such-source')],
    ['a region (crisis numbers)', (c: Content) => c.regions.ca.sources.push('no-such-source')],
  ])('a source id that is not in sources.yaml, cited by %s', (_, breakIt) => {
    const broken = copy();
    breakIt(broken);
    const problems = errorsOf(lint(broken)).filter((problem) => problem.rule === 'sources');
    expect(problems.map((problem) => problem.message)).toEqual(['no-such-source is not in sources.yaml']);
  });

  it('a source that nobody has checked by its next check date', () => {
    const stale = files();
    const source = stale.sources[0];
    if (source === undefined) throw new Error('fixture');
    source.nextCheck = '2020-01-01';
    const problems = errorsOf(lint(content, undefined, stale)).filter((p) => p.rule === 'sources');
    expect(problems).toEqual([
      expect.objectContaining({
        where: `sources.yaml/${source.id}`,
        message: 'was due to be checked again on 2020-01-01',
      }),
    ]);
  });

  it("warns (without failing) when a publisher's own review date has passed or its page is old", () => {
    const warnings = lint(content).filter((p) => p.rule === 'sources' && p.severity === 'warning');
    expect(warnings.map((p) => p.where)).toEqual(
      expect.arrayContaining(['sources.yaml/uk-macmillan', 'sources.yaml/us-cancercare']),
    );
    expect(warnings.map((p) => p.message).join('\n')).toContain("publisher's own next review (2026-07-01)");
  });

  it('a glossary term used without its explanation, in each language', () => {
    const broken = copy();
    const part = topicOf(broken, 'prepare').parts[0];
    if (part === undefined) throw new Error('fixture');
    part.sms = 'Ask to see the registrar before the visit.';
    const spanish = broken.languages.es?.topics.find((topic) => topic.id === 'prepare')?.parts[0];
    if (spanish === undefined) throw new Error('fixture');
    spanish.sms = 'Pregunte si hay un ensayo clínico para usted.';
    const problems = errorsOf(lint(broken)).filter((p) => p.rule === 'glossary');
    expect(problems.map((p) => p.where)).toEqual(
      expect.arrayContaining([
        'en/prepare.1 (uk)',
        'en/prepare.1 (us)',
        'en/prepare.1 (ca)',
        'es/prepare.1 (us)',
      ]),
    );
    expect(problems.map((p) => p.message).join('\n')).toContain(
      '"registrar" is used without its explanation',
    );
  });

  it('accepts a glossary term explained in the same or an earlier part, not a later one', () => {
    const explained = copy();
    const parts = topicOf(explained, 'prepare').parts;
    const [first, second] = parts;
    if (first === undefined || second === undefined) throw new Error('fixture');
    first.sms = 'A registrar is a senior doctor in training.';
    second.sms = 'You could ask to see the registrar.';
    expect(lint(explained).filter((p) => p.rule === 'glossary')).toEqual([]);
    first.sms = 'You could ask to see the registrar.';
    second.sms = 'A registrar is a senior doctor in training.';
    expect(
      lint(explained)
        .filter((p) => p.rule === 'glossary')
        .map((p) => p.where),
    ).toContain('en/prepare.1 (uk)');
  });

  describe('the review record', () => {
    const reviewed = (
      c: Content,
      review: Partial<{ date: string; nextReview: string; hash: string }> = {},
    ) => {
      const record = files();
      record.reviews.en['what-is'] = {
        role: 'oncology nurse',
        date: '2026-01-10',
        nextReview: '2099-01-10',
        hash: reviewHash(c, 'en', 'what-is') ?? '',
        ...review,
      };
      return record;
    };

    it('accepts a review of the text as it is, and stops warning about it', () => {
      const problems = lint(content, undefined, reviewed(content));
      expect(problems.filter((p) => p.where === 'en/what-is')).toEqual([]);
    });

    it('fails when the text changed after its review', () => {
      const record = reviewed(content);
      const changed = copy();
      const part = topicOf(changed, 'what-is').parts[2];
      if (part === undefined) throw new Error('fixture');
      part.sms = 'A new sentence nobody has reviewed.';
      const problems = errorsOf(lint(changed, undefined, record)).filter((p) => p.rule === 'review');
      expect(problems).toEqual([
        expect.objectContaining({
          where: 'en/what-is',
          message: expect.stringContaining('changed since its review on 2026-01-10 by oncology nurse'),
        }),
      ]);
    });

    it('ignores keywords and sources, which are not the text a reviewer signs off', () => {
      const record = reviewed(content);
      const retagged = copy();
      topicOf(retagged, 'what-is').keywords.push('MEANING');
      expect(errorsOf(lint(retagged, undefined, record)).filter((p) => p.rule === 'review')).toEqual([]);
    });

    it('fails when a review has lapsed, or is dated in the future', () => {
      const lapsed = errorsOf(lint(content, undefined, reviewed(content, { nextReview: '2020-01-01' })));
      expect(lapsed.map((p) => p.message)).toContainEqual(expect.stringContaining('lapsed on 2020-01-01'));
      const future = errorsOf(lint(content, undefined, reviewed(content, { date: '2099-01-01' })));
      expect(future.map((p) => p.message)).toContain('review date 2099-01-01 is in the future');
    });

    it('fails on a review of a topic that does not exist', () => {
      const record = files();
      record.reviews.es['no-such-topic'] = NOT_YET_REVIEWED;
      expect(errorsOf(lint(content, undefined, record))).toContainEqual(
        expect.objectContaining({ rule: 'review', where: 'reviews.yaml/es/no-such-topic' }),
      );
    });
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
