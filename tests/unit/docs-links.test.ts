import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README and docs/ link to each other by file and heading, and name source files in code
 * spans. A page renamed, a heading reworded or a file moved would leave a link that goes
 * nowhere; these checks find it before a reader does.
 */
const ROOT = join(import.meta.dirname, '..', '..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

const PAGES = [join(ROOT, 'README.md'), ...markdownFiles(join(ROOT, 'docs'))];

/** The text outside fenced code blocks: a `#` comment or a `[x](y)` in a shell sample is not markdown. */
function prose(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2. */
function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading = ''] of prose(readFileSync(file, 'utf8')).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Every relative link target of a page (images included), without code spans. */
function linksOf(file: string): string[] {
  const text = prose(readFileSync(file, 'utf8')).replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)]
    .map(([, target = '']) => target)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** Repository paths named in code spans (`functions/core/keywords.ts`), skipping patterns and generated files. */
function pathsOf(file: string): string[] {
  const spans = [...prose(readFileSync(file, 'utf8')).matchAll(/`([^`\n]+)`/g)].map(([, span = '']) => span);
  return spans.filter(
    (span) =>
      /^(functions|infra|content|tests|bench|eval|docs)\/[\w./-]*$/.test(span) &&
      !span.startsWith('content/dist/'),
  );
}

const name = (file: string) => relative(ROOT, file);

/** The code, tests, content and scripts that may name a docs page in a comment or a string. */
const SOURCE_DIRS = ['functions', 'infra', 'tests', 'content', 'bench', 'eval', '.ci'];
const SKIP = new Set(['node_modules', 'dist', 'cdk.out', 'output', 'results']);
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (SKIP.has(entry)) return [];
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs|ya?ml|html|css|sh)$|^run$/.test(entry) ? [path] : [];
  });
}
const SOURCES = SOURCE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir)));

describe('the documentation', () => {
  it('is found: the README and the docs pages', () => {
    expect(PAGES.map(name)).toEqual(
      expect.arrayContaining(['README.md', 'docs/README.md', 'docs/runbook.md', 'docs/decisions/README.md']),
    );
  });

  it.each(PAGES.map((file) => [name(file), file]))(
    '%s links only to files and headings that exist',
    (_, file) => {
      const broken = linksOf(file).filter((link) => {
        const [path = '', anchor] = link.split('#');
        const target = path === '' ? file : join(dirname(file), decodeURIComponent(path));
        if (!existsSync(target)) return true;
        if (anchor === undefined) return false;
        return !target.endsWith('.md') || !anchorsOf(target).has(decodeURIComponent(anchor));
      });
      expect(broken).toEqual([]);
    },
  );

  it.each(PAGES.map((file) => [name(file), file]))('%s names only repository paths that exist', (_, file) => {
    expect(pathsOf(file).filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('is what the code and tests point at: every docs/ page and heading they name exists', () => {
    const broken = SOURCES.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?<![\w/.-])((?:docs\/[\w/.-]+|README)\.md)(?:#([\w-]+))?/g)]
        .filter(([, path = '', anchor]) => {
          const target = join(ROOT, path);
          if (!existsSync(target)) return true;
          return anchor !== undefined && !anchorsOf(target).has(anchor);
        })
        .map(([reference]) => `${name(file)}: ${reference}`),
    );
    expect(SOURCES.map(name)).toContain('infra/cdk/constructs/alarms.ts');
    expect(broken).toEqual([]);
  });
});
