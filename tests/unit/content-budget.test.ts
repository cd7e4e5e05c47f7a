import { SegmentedMessage } from 'sms-segments-calculator';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { LONGEST_SUPPORT_CONTACT, smsCatalogue } from '../../content/sms-catalogue.js';
import { SupportContactSchema } from '../../functions/config.js';
import { content } from '../fixtures/content.js';

const catalogue = smsCatalogue(content);
const english = catalogue.filter((entry) => entry.language === 'en');

describe('every English SMS', () => {
  it('covers every topic part in every region', () => {
    const parts = content.languages.en.topics.reduce((sum, topic) => sum + topic.parts.length, 0);
    expect(english.filter((entry) => entry.id.startsWith('topic.'))).toHaveLength(parts * 3);
  });

  it.each(english.map((entry) => [`${entry.id} (${entry.region})`, entry] as const))(
    '%s is GSM-7 within its segment budget',
    (_, entry) => {
      const message = new SegmentedMessage(entry.text);
      expect(message.getNonGsmCharacters()).toEqual([]);
      expect(message.encodingName).toBe('GSM-7');
      expect(message.segmentsCount).toBeLessThanOrEqual(entry.maxSegments ?? 0);
      expect(entry.text).not.toMatch(/\{\w+\}/);
    },
  );

  it('the segment counter is not fooled by a curly quote or a long message', () => {
    expect(new SegmentedMessage('It’s fine').encodingName).toBe('UCS-2');
    expect(new SegmentedMessage('a'.repeat(307)).segmentsCount).toBe(3);
  });
});

describe('the support contact used for budgets', () => {
  it('is the longest the configuration accepts', () => {
    expect(v.safeParse(SupportContactSchema, LONGEST_SUPPORT_CONTACT).success).toBe(true);
    expect(v.safeParse(SupportContactSchema, `${LONGEST_SUPPORT_CONTACT}x`).success).toBe(false);
  });
});
