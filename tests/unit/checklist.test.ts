import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { reminderCatalogue } from '../../content/reminder-catalogue.js';
import {
  checklistFor,
  progressOf,
  renderChecklist,
  renderTickReply,
  resolveItems,
  withTicks,
} from '../../functions/core/checklist.js';
import { renderReminder } from '../../functions/core/reminder-render.js';
import { content } from '../fixtures/content.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const en = content.languages.en;

describe('the checklist', () => {
  it('is region-aware: the US list adds what US sources say to gather, last, so numbers match', () => {
    const labels = (region: 'uk' | 'us' | 'ca') =>
      checklistFor(content, 'en', region).map(({ item }) => item.id);
    expect(labels('us')).toEqual([...labels('uk'), 'scans', 'pathology', 'insurance']);
    expect(labels('ca')).toEqual(labels('uk'));
    expect(checklistFor(content, 'en', 'us').at(-1)).toMatchObject({ number: 6 });
  });

  it('labels are neutral for a lock screen, in every language', () => {
    const labels = ['en', 'es'].flatMap((language) =>
      (content.languages[language as 'en' | 'es']?.checklist.items ?? []).map((item) => item.label),
    );
    expect(labels).toContain('Lab and tissue reports');
    for (const label of labels) expect(label).not.toMatch(/patholog|patolog|biops|cancer|cáncer|oncolog/i);
  });

  it.each([
    [[4], ['scans']],
    [
      [4, 5],
      ['scans', 'pathology'],
    ],
    [['SCANS'], ['scans']],
    [
      ['MY', 'SCAN', 'AND', 'BIOPSY'],
      ['scans', 'pathology'],
    ],
    [
      [5, 4, 4],
      ['scans', 'pathology'],
    ],
    [[99], []],
    [['BANANAS'], []],
  ])('resolves %o to %o', (refs, ids) => {
    const { found } = resolveItems(checklistFor(content, 'en', 'us'), refs);
    expect(found.map(({ item }) => item.id)).toEqual(ids);
  });

  it('ticks once, unticks, and keeps the order things were ticked in', () => {
    const items = checklistFor(content, 'en', 'uk');
    const pick = (...numbers: number[]) => resolveItems(items, numbers).found;
    let done = withTicks([], pick(3), true);
    done = withTicks(done, pick(1, 3), true);
    expect(done).toEqual(['questions', 'test-results']);
    expect(withTicks(done, pick(3), false)).toEqual(['test-results']);
  });

  it('LIST says how many are done and lists what is left', () => {
    const items = checklistFor(content, 'en', 'us');
    const text = renderChecklist(content, 'en', progressOf(items, ['test-results', 'scans', 'letters']));
    expect(text).toContain('3 of 6 done');
    expect(text).not.toContain('\n2 ');
    expect(text.split('\n').slice(1, -1)).toEqual([
      '3 Your questions, written down',
      '5 Lab and tissue reports',
      '6 Check the visit is covered',
    ]);
  });

  it('each tick answers with the progress; the last one encourages', () => {
    const items = checklistFor(content, 'en', 'uk');
    const some = resolveItems(items, [2]).found;
    expect(renderTickReply(content, 'en', some, progressOf(items, ['letters']), true)).toContain(
      '1 of 3 done',
    );
    const all = items.map(({ item }) => item.id);
    expect(renderTickReply(content, 'en', some, progressOf(items, all), true)).toContain('well done');
    expect(renderTickReply(content, 'en', [], progressOf(items, []), true)).toBe(en.checklist.unknownItem);
  });
});

describe('reminder texts', () => {
  const appointmentAt = new Date('2026-12-12T10:30:00Z');
  const topic = { kind: 'before' as const, appointmentAt, zone: 'Europe/London' };

  it('names the next open items and how many are left', () => {
    const text = renderReminder(
      content,
      { language: 'en', region: 'uk', checklistDone: ['test-results'] },
      topic,
      new Date('2026-12-05T10:00:00Z'),
    );
    expect(text).toContain('Sat 12 Dec, 10:30, in 7 days');
    expect(text).toContain('(2 left): 2 Letters and papers from doctors, 3 Your questions, written down.');
  });

  it('says tomorrow the day before, and encourages when everything is ticked', () => {
    const done = checklistFor(content, 'en', 'uk').map(({ item }) => item.id);
    const text = renderReminder(
      content,
      { language: 'en', region: 'uk', checklistDone: done },
      topic,
      new Date('2026-12-11T10:00:00Z'),
    );
    expect(text).toContain('tomorrow');
    expect(text).toContain('well done');
    expect(text).not.toContain('left');
  });

  it("the follow-up asks how it went and points back to the person's own team, in every region", () => {
    const text = renderReminder(
      content,
      { language: 'en', region: 'us' },
      { ...topic, kind: 'follow-up' },
      NOW,
    );
    expect(text).toContain('how did it go?');
    expect(text).toMatch(/own doctor or care team/);
    // A third opinion is a US source's advice, with its warning: not for a text every region gets.
    expect(text).not.toMatch(/third/);
  });
});

describe('every reminder and checklist text (English)', () => {
  const english = reminderCatalogue(content).filter((entry) => entry.language === 'en');

  it('covers every reminders text and each region', () => {
    const ids = new Set(english.map((entry) => entry.id));
    for (const key of Object.keys(en.reminders)) {
      if (key !== 'before' && key !== 'beforeAllDone') expect(ids).toContain(`reminders.${key}`);
    }
    expect(
      english.filter((entry) => entry.id === 'reminder.before.open').map((entry) => entry.region),
    ).toEqual(['uk', 'us', 'ca']);
  });

  it.each(english.map((entry) => [`${entry.id} (${entry.region})`, entry.text] as const))(
    '%s is GSM-7 within 2 segments, filled, and neutral',
    (_, text) => {
      const message = new SegmentedMessage(text);
      expect(message.getNonGsmCharacters()).toEqual([]);
      expect(message.encodingName).toBe('GSM-7');
      expect(message.segmentsCount).toBeLessThanOrEqual(2);
      expect(text).not.toMatch(/\{\w+\}/);
      // Shared phones and lock screens: "your appointment", never a diagnosis.
      expect(text).not.toMatch(/cancer|oncolog|tumou?r|chemo|radiother|malignan/i);
    },
  );
});
