/**
 * `npm run eval`: accuracy of the understanding layers on the evaluation set, per language,
 * layer and topic, and every miss. Exits non-zero when a floor is broken (the same floors
 * tests/unit/understanding-eval.test.ts holds).
 */
import { loadContentFromYaml } from '../content/build.js';
import { evaluate, type Figure, report, share } from './evaluate.js';

/** Accuracy floors: English 90%, Spanish 85%; safety texts must all be handled right. */
export const FLOORS = { en: 0.9, es: 0.85 } as const;

const percent = (figure: Figure) => `${(share(figure) * 100).toFixed(1)}% (${figure.right}/${figure.total})`;

const result = report(evaluate(loadContentFromYaml()));
const print = (title: string, figures: Record<string, Figure>) => {
  console.log(`\n${title}`);
  for (const [key, figure] of Object.entries(figures).sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`  ${key.padEnd(28)} ${percent(figure)}`);
  }
};
print('By language', result.byLanguage);
print('By layer', result.byLayer);
print('By topic', result.byTopic);
console.log(`\n"Did you mean" offering the right topic (counted right): ${result.closeCalls}`);
console.log(`\nMisses (${result.misses.length}):`);
for (const miss of result.misses) {
  console.log(
    `  [${miss.language} ${miss.region}] expected ${miss.expect}, got ${miss.got}: ${JSON.stringify(miss.text)}`,
  );
}
console.log(`\nSafety problems (${result.unsafe.length}):`);
for (const problem of result.unsafe)
  console.log(`  [${problem.language}] ${problem.unsafe}: ${JSON.stringify(problem.text)}`);

const failed = [
  share(result.byLanguage.en) < FLOORS.en && `English below ${FLOORS.en * 100}%`,
  share(result.byLanguage.es) < FLOORS.es && `Spanish below ${FLOORS.es * 100}%`,
  result.unsafe.length > 0 && 'safety texts mishandled',
].filter(Boolean);
if (failed.length > 0) {
  console.error(`\nFAILED: ${failed.join('; ')}`);
  process.exitCode = 1;
}
