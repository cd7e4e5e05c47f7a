import { content } from '../../../content/dist/content.js';
import type { Content } from '../../core/content-model.js';

/**
 * The content compiled from `content/*.yaml` by `content/build.ts`, bundled into each
 * function. The build validates it against the schemas in content-schema.ts and writes it
 * as a TypeScript module typed `Content`, so a stale or hand-edited file fails the type
 * check, and a cold start spends nothing on parsing it (nor bundles zod to do so).
 */
export function bundledContent(): Content {
  return content;
}
