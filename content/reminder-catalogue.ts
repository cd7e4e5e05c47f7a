import { formatAppointment } from '../functions/core/appointment.js';
import { checklistFor, progressOf, renderChecklist, renderTickReply } from '../functions/core/checklist.js';
import {
  type Content,
  fill,
  type Language,
  type LanguageContent,
  REGIONS,
} from '../functions/core/content-model.js';
import { renderReminder } from '../functions/core/reminder-render.js';
import type { CatalogueEntry } from './sms-catalogue.js';

/** A far-off date renders longest ("Wed 29 Sep 2027, 10:30"); an IANA name is the longest zone label. */
const NOW = new Date('2026-11-20T12:00:00Z');
const LONG_APPOINTMENT = new Date('2027-09-29T10:30:00Z');
const LONG_ZONE = 'America/Argentina/ComodRivadavia';

/**
 * Every appointment, checklist and reminder text at its longest, for every language and
 * region, rendered through the functions that send them: LIST with nothing ticked,
 * DONE / UNDO naming every item at once, reminders with the whole list still open.
 * English must fit 2 segments (the same budget as the SMS catalogue).
 */
export function reminderCatalogue(content: Content): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  for (const [language, lang] of Object.entries(content.languages) as [
    Language,
    LanguageContent | undefined,
  ][]) {
    if (lang === undefined) continue;
    const maxSegments = language === 'en' ? 2 : 4;
    const add = (id: string, region: string, text: string) =>
      entries.push({ id, channel: 'sms', language, region, text, maxSegments });
    const values = {
      when: formatAppointment(LONG_APPOINTMENT, 'Europe/London', NOW, language),
      zone: LONG_ZONE,
      days: 14,
    };
    for (const [key, template] of Object.entries(lang.reminders)) {
      // The reminders themselves are rendered below, with real checklists.
      if (key !== 'before' && key !== 'beforeAllDone') add(`reminders.${key}`, 'all', fill(template, values));
    }
    for (const region of REGIONS) {
      const items = checklistFor(content, language, region);
      const all = items.map(({ item }) => item.id);
      add('checklist.list', region, renderChecklist(content, language, progressOf(items, [])));
      add('checklist.listAllDone', region, renderChecklist(content, language, progressOf(items, all)));
      add(
        'checklist.ticked',
        region,
        renderTickReply(content, language, items, progressOf(items, all.slice(1)), true),
      );
      add(
        'checklist.tickedAllDone',
        region,
        renderTickReply(content, language, items, progressOf(items, all), true),
      );
      add(
        'checklist.unticked',
        region,
        renderTickReply(content, language, items, progressOf(items, []), false),
      );
      for (const kind of ['before', 'follow-up'] as const) {
        for (const [label, checklistDone] of [
          ['open', []],
          ['done', all],
        ] as const) {
          const text = renderReminder(
            content,
            { language, region, checklistDone: [...checklistDone] },
            { kind, appointmentAt: LONG_APPOINTMENT, zone: 'Europe/London' },
            new Date(LONG_APPOINTMENT.getTime() - 14 * 86_400_000),
          );
          add(`reminder.${kind}.${label}`, region, text);
        }
      }
    }
  }
  return entries;
}
