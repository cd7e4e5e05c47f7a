import { type Content, fill, type Language, type Region } from './content-model.js';
import type { ChecklistItem } from './reminder-content.js';
import { languageContent } from './sms-render.js';

/**
 * The records checklist: the content's items for the person's health system, numbered from
 * 1, with progress kept as item ids (so a change of region or content keeps what is ticked).
 */

/** An item with the number people text (DONE 2). */
export type NumberedItem = { number: number; item: ChecklistItem };

export type ChecklistProgress = { done: number; total: number; open: NumberedItem[] };

/** A reference from a text: an item number or a word ("scans"). */
export type ItemRef = number | string;

export function checklistFor(content: Content, language: Language, region: Region): NumberedItem[] {
  return languageContent(content, language)
    .checklist.items.filter((item) => item.regions === undefined || item.regions.includes(region))
    .map((item, index) => ({ number: index + 1, item }));
}

export function progressOf(items: NumberedItem[], doneIds: readonly string[]): ChecklistProgress {
  const open = items.filter(({ item }) => !doneIds.includes(item.id));
  return { done: items.length - open.length, total: items.length, open };
}

/**
 * The items a text names: numbers by position, words by an item's keywords. Unknown
 * references are returned separately so the reply can say nothing matched.
 */
export function resolveItems(
  items: NumberedItem[],
  refs: readonly ItemRef[],
): { found: NumberedItem[]; unknown: ItemRef[] } {
  const found: NumberedItem[] = [];
  const unknown: ItemRef[] = [];
  for (const ref of refs) {
    const match =
      typeof ref === 'number'
        ? items.find(({ number }) => number === ref)
        : items.find(({ item }) => item.keywords.includes(ref));
    if (match === undefined) unknown.push(ref);
    else if (!found.includes(match)) found.push(match);
  }
  return { found: found.sort((a, b) => a.number - b.number), unknown };
}

/** Done ids after ticking (`done`) or unticking the given items; order of first tick kept. */
export function withTicks(doneIds: readonly string[], changed: NumberedItem[], done: boolean): string[] {
  const ids = changed.map(({ item }) => item.id);
  if (done) return [...doneIds, ...ids.filter((id) => !doneIds.includes(id))];
  return doneIds.filter((id) => !ids.includes(id));
}

const namesOf = (items: NumberedItem[]) =>
  items.map(({ number, item }) => `${number} ${item.label}`).join(', ');

/** LIST: "3 of 8 done" and what is left, one per line. */
export function renderChecklist(content: Content, language: Language, progress: ChecklistProgress): string {
  const checklist = languageContent(content, language).checklist;
  if (progress.open.length === 0) return fill(checklist.listAllDone, { total: progress.total });
  const lines = progress.open.map(({ number, item }) => `${number} ${item.label}`);
  return [
    fill(checklist.listHeading, { done: progress.done, total: progress.total }),
    ...lines,
    checklist.listFooter,
  ].join('\n');
}

/** The answer to DONE / GOT / UNDO: what changed and the progress after it. */
export function renderTickReply(
  content: Content,
  language: Language,
  changed: NumberedItem[],
  progress: ChecklistProgress,
  done: boolean,
): string {
  const checklist = languageContent(content, language).checklist;
  if (changed.length === 0) return checklist.unknownItem;
  const values = { items: namesOf(changed), done: progress.done, total: progress.total };
  if (!done) return fill(checklist.unticked, values);
  return fill(progress.open.length === 0 ? checklist.tickedAllDone : checklist.ticked, values);
}

/** The next few open items for a reminder: "2 Letters and papers from doctors, 3 Your questions, written down". */
export function nextItemsText(progress: ChecklistProgress, count = 3): string {
  return namesOf(progress.open.slice(0, count));
}
