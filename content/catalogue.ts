import type { Content } from '../functions/core/content-model.js';
import { reminderCatalogue } from './reminder-catalogue.js';
import { type CatalogueEntry, smsCatalogue } from './sms-catalogue.js';
import { voiceCatalogue } from './voice-catalogue.js';

export type Catalogue = CatalogueEntry[];

/** Every text the line sends or says: what the linter checks and the report shows. */
export function contentCatalogue(content: Content): Catalogue {
  return [...smsCatalogue(content), ...reminderCatalogue(content), ...voiceCatalogue(content)];
}
