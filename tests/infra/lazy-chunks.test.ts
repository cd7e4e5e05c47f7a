import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LAMBDA_ENTRIES,
  LAZY_CHUNKS,
  type LambdaName,
  lambdaBundling,
  lambdaEsbuildOptions,
  PROJECT_ROOT,
} from '../../infra/cdk/constructs/bundling.js';

/**
 * chrono-node ships beside the SMS function's index.mjs as its own file, loaded by the first
 * text that may hold a date (cold start). These tests build it the way the deploy
 * does and check that each bundle imports exactly the chunks its asset carries.
 */
const outdir = mkdtempSync(join(tmpdir(), 'lazy-chunks-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const NAMES = Object.keys(LAMBDA_ENTRIES) as LambdaName[];

describe('lazy chunks', () => {
  it.each(NAMES)('the %s bundle imports exactly the chunks its asset carries', async (name) => {
    const outfile = join(outdir, `${name}.mjs`);
    const result = await build(lambdaEsbuildOptions(LAMBDA_ENTRIES[name], outfile));
    const code = readFileSync(outfile, 'utf8');
    const imported = [...code.matchAll(/import\("\.\/([^"]+)"\)/g)].map((match) => match[1]);
    expect(imported.sort()).toEqual((LAZY_CHUNKS[name] ?? []).map(({ file }) => file).sort());
    // The chunk's library is not in the bundle itself.
    expect(
      Object.keys(result.metafile.inputs).filter((path) =>
        /chrono|minisearch|stemmers|topic-index/.test(path),
      ),
    ).toEqual([]);
  });

  it('builds the chrono chunk with the command the CDK asset runs, and it reads dates', async () => {
    const hooks = lambdaBundling('sms').commandHooks;
    const commands = hooks?.afterBundling(PROJECT_ROOT, outdir) ?? [];
    expect(commands).toHaveLength(1);
    for (const command of commands) execSync(command, { cwd: PROJECT_ROOT, stdio: 'pipe' });
    const chunk = join(outdir, 'chrono-parsers.mjs');
    expect(existsSync(chunk)).toBe(true);
    const { en, es } = await import(pathToFileURL(chunk).href);
    const now = new Date('2026-11-21T12:00:00Z');
    expect(en.casual.parse('12 Dec 10:30', now)[0].start.get('day')).toBe(12);
    expect(en.GB.parse('12/1 10:30', now)[0].start.get('month')).toBe(1);
    expect(es.casual.parse('12 de diciembre a las 10:30', now)[0].start.get('month')).toBe(12);
  });

  it('is found beside the bundle by the code that loads it', async () => {
    // Runs after the test above wrote the chunk into outdir.
    const loader = join(outdir, 'date-parsers-bundle.mjs');
    await build(lambdaEsbuildOptions('functions/adapters/date-parsers.ts', loader));
    const { loadDateParsers } = await import(pathToFileURL(loader).href);
    const parsers = await loadDateParsers();
    expect(parsers.en.casual.parse('next Tuesday 2pm', new Date())).toHaveLength(1);
  });

  it('builds the topic-search chunk beside the SMS and voice bundles, and it finds topics', async () => {
    // Runs after the chrono test above built every SMS chunk into outdir.
    const chunk = join(outdir, 'topic-search.mjs');
    expect(existsSync(chunk)).toBe(true);
    const { search } = await import(pathToFileURL(chunk).href);
    expect(search('how do i get copies of my scans')[0].topicId).toBe('records');
    const voiceCommands = lambdaBundling('voice').commandHooks?.afterBundling(PROJECT_ROOT, outdir) ?? [];
    expect(voiceCommands).toHaveLength(1);
    const loader = join(outdir, 'topic-search-loader-bundle.mjs');
    await build(lambdaEsbuildOptions('functions/adapters/topic-search-loader.ts', loader));
    const { loadTopicSearch } = await import(pathToFileURL(loader).href);
    expect((await loadTopicSearch())('que documentos necesito llevar')[0].topicId).toBe('records');
  });

  it('gives the other functions no chunk-building step', () => {
    for (const name of NAMES.filter((candidate) => LAZY_CHUNKS[candidate] === undefined)) {
      expect(lambdaBundling(name).commandHooks?.afterBundling(PROJECT_ROOT, outdir)).toEqual([]);
    }
  });
});
