import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A fresh clone has only the repository: nothing may read or name a folder beside it. The
 * developers' own notes and saved source pages live outside the repo; the line cites its
 * sources in content/sources.yaml instead. (The patterns are assembled so this file does not
 * match itself.)
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SKIP = new Set(['node_modules', '.git', 'cdk.out', 'dist', 'coverage', '.data', 'output', 'results']);
const TEXT = /\.(ts|mts|js|mjs|json|ya?ml|md|html|css|sh)$|^\.ci$|^run$|^\.gitignore$/;
const OUTSIDE = new RegExp(`\\.\\./${'shared'}\\b|\\b${'shared'}/(sources|DESIGN|REFERENCE|hooks)\\b`);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return TEXT.test(name) ? [path] : [];
  });
}

describe('the repository', () => {
  it('never reads or names a folder outside it', () => {
    const found = files(ROOT).filter((file) => OUTSIDE.test(readFileSync(file, 'utf8')));
    expect(found.map((file) => relative(ROOT, file))).toEqual([]);
  });

  it('is searched: the check sees the content, the linter and the documentation', () => {
    const seen = files(ROOT).map((file) => relative(ROOT, file));
    expect(seen).toEqual(
      expect.arrayContaining([
        'content/lint.ts',
        'content/sources.yaml',
        'README.md',
        'docs/README.md',
        'docs/runbook.md',
        'docs/decisions/README.md',
      ]),
    );
  });
});
