/**
 * Validates the YAML content and writes `content/dist/content.json`, the file every
 * handler imports. Run by `npm start`, `npm test`, `npm run bench` and the CDK app, so
 * a content edit is checked before anything can send it.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { type Content, ContentSchema, LANGUAGES } from '../functions/core/content-model.js';

export const CONTENT_DIR = dirname(fileURLToPath(import.meta.url));
export const CONTENT_JSON = join(CONTENT_DIR, 'dist', 'content.json');

export class ContentError extends Error {}

function readYaml(file: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ContentError(`${file}: not valid YAML: ${(error as Error).message}`);
  }
}

/** Reads every content file under `dir` and validates the whole model. */
export function loadContentFromYaml(dir = CONTENT_DIR): Content {
  const languages: Record<string, unknown> = {};
  for (const language of LANGUAGES) {
    const langDir = join(dir, language);
    let files: string[];
    try {
      files = readdirSync(langDir).filter((f) => f.endsWith('.yaml'));
    } catch {
      continue;
    }
    const merged: Record<string, unknown> = {};
    for (const file of files.sort()) {
      const data = readYaml(join(langDir, file));
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        throw new ContentError(`${join(langDir, file)}: expected a mapping at the top level`);
      }
      Object.assign(merged, data);
    }
    languages[language] = merged;
  }
  const raw = { ...(readYaml(join(dir, 'line.yaml')) as object), languages };
  const result = ContentSchema.safeParse(raw);
  if (!result.success) {
    throw new ContentError(`content is not valid:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

export function buildContent(dir = CONTENT_DIR, out = CONTENT_JSON): Content {
  const content = loadContentFromYaml(dir);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(content, null, 1)}\n`);
  return content;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const content = buildContent();
    const counts = Object.entries(content.languages).map(([l, c]) => `${l}: ${c?.topics.length} topics`);
    console.log(`content ok (${counts.join(', ')}) -> ${CONTENT_JSON}`);
  } catch (error) {
    console.error(error instanceof ContentError ? error.message : error);
    process.exit(1);
  }
}
