import contentJson from '../../../content/dist/content.json' with { type: 'json' };
import { type Content, ContentSchema } from '../../core/content-model.js';

let cached: Content | undefined;

/**
 * The content compiled from `content/*.yaml` by `content/build.ts`, bundled into each
 * function. Parsed once per cold start (about a millisecond) so a stale or hand-edited
 * JSON file fails at start-up rather than mid-conversation.
 */
export function bundledContent(): Content {
  cached ??= ContentSchema.parse(contentJson);
  return cached;
}
