import { describe, expect, it } from 'vitest';
import { evaluate, layerOf, loadEvalSet, report, share } from '../../../eval/evaluate.js';
import { REGIONS } from '../../../functions/core/content-model.js';
import { LAYERS } from '../../../functions/core/understanding/intent.js';
import { content } from '../../fixtures/content.js';

/**
 * The floors `npm run eval` reports against: the evaluation set (eval/texts-*.yaml) through
 * the real conversation. English at least 90%, Spanish at least 85%, and every emergency,
 * opt-out and fear text handled right.
 */
const result = report(evaluate(content));
const misses = (language: string) =>
  result.misses
    .filter((miss) => miss.language === language)
    .map((miss) => `${miss.expect} got ${miss.got}: ${miss.text}`);

describe('the evaluation set', () => {
  it('is large enough: at least 200 English and 100 Spanish texts', () => {
    expect(result.byLanguage.en?.total).toBeGreaterThanOrEqual(200);
    expect(result.byLanguage.es?.total).toBeGreaterThanOrEqual(100);
  });

  it('covers every layer in both languages and every topic', () => {
    for (const language of ['en', 'es']) {
      for (const layer of LAYERS) {
        expect(result.byLayer[`${language} ${layer}`]?.total, `${language} ${layer}`).toBeGreaterThan(0);
      }
      for (const topic of content.languages.en.topics) {
        expect(result.byTopic[`${language} ${topic.id}`]?.total, `${language} ${topic.id}`).toBeGreaterThan(
          0,
        );
      }
    }
  });

  it('has texts from every region for every layer and every topic', () => {
    const seen = new Set(
      loadEvalSet().flatMap((entry) => [
        `${layerOf(entry.expect)} ${entry.region}`,
        `${entry.expect} ${entry.region}`,
      ]),
    );
    // The unclear stop is scored apart from the opt-out layer it belongs to.
    const layers = [...LAYERS.slice(0, 2), 'opt-out-unclear', ...LAYERS.slice(2)];
    const topics = content.languages.en.topics.map((topic) => `topic:${topic.id}`);
    const missing = [...layers, ...topics].flatMap((label) =>
      REGIONS.filter((region) => !seen.has(`${label} ${region}`)).map((region) => `${label} ${region}`),
    );
    expect(missing).toEqual([]);
  });

  it('English is understood at least 90% of the time', () => {
    expect(share(result.byLanguage.en), misses('en').join('\n')).toBeGreaterThanOrEqual(0.9);
  });

  it('Spanish is understood at least 85% of the time', () => {
    expect(share(result.byLanguage.es), misses('es').join('\n')).toBeGreaterThanOrEqual(0.85);
  });

  it('handles every emergency, opt-out and fear text right, and opts out no one else', () => {
    expect(result.unsafe.map((outcome) => `${outcome.unsafe}: ${outcome.text}`)).toEqual([]);
  });
});
