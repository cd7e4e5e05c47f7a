import { describe, expect, it } from 'vitest';
import { LANGUAGES, REGIONS, type Region } from '../../functions/core/content-model.js';
import { renderCrisis } from '../../functions/core/sms-render.js';
import { content, reviewFiles } from '../fixtures/content.js';

/**
 * The crisis reply is the one text that must be complete in every region and language:
 * emergency, urgent-care and crisis lines, and the treatment team's own 24-hour number, each
 * number backed by a source with its organisation and dates.
 */
const NUMBERS: Record<Region, string[]> = {
  uk: ['999', '111', 'NHS 24', 'Samaritans', '116 123'],
  us: ['911', '988', 'AYUDA'],
  ca: ['911', '811', '9-8-8'],
};
const SOURCES: Record<Region, string[]> = {
  uk: ['uk-999', 'uk-nhs-111', 'uk-nhs-24', 'uk-samaritans', 'uk-treatment-line'],
  us: ['us-911', 'us-988', 'us-treatment-line'],
  ca: ['ca-911', 'ca-811', 'ca-988', 'ca-treatment-line'],
};

describe('the crisis reply', () => {
  it.each(LANGUAGES.flatMap((language) => REGIONS.map((region) => [language, region] as const)))(
    'in %s for %s gives every line, and the treatment team 24-hour number',
    (language, region) => {
      const text = renderCrisis(content, language, region);
      for (const number of NUMBERS[region]) expect(text).toContain(number);
      expect(text).toMatch(
        language === 'en' ? /treatment team .*24-hour/ : /equipo de tratamiento .*24 horas/,
      );
    },
  );

  it('says what language each crisis line speaks where it matters', () => {
    expect(renderCrisis(content, 'en', 'us')).toContain('For Spanish, call and choose option 2');
    expect(renderCrisis(content, 'es', 'us')).toContain('opción 2 (español)');
    expect(renderCrisis(content, 'en', 'ca')).toContain('in English or French');
    expect(renderCrisis(content, 'es', 'ca')).toContain('en inglés o francés');
    // Northern Ireland has no 111: the UK text names the nations that do.
    expect(renderCrisis(content, 'en', 'uk')).toContain('111 in England, Scotland (NHS 24) or Wales');
  });

  it.each(REGIONS)(
    'cites a source for each number in %s, each with an organisation and a check date',
    (region) => {
      expect([...content.regions[region].sources].sort()).toEqual([...SOURCES[region]].sort());
      for (const id of SOURCES[region]) {
        const source = reviewFiles.sources.find((candidate) => candidate.id === id);
        expect(source?.publisher).toBeTruthy();
        expect(source?.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(source?.nextCheck).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    },
  );
});
