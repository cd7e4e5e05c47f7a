import { z } from 'zod';

/**
 * Content schemas for appointment reminders and the records checklist (content/en/
 * checklist.yaml and reminders.yaml). Kept apart from content-model.ts so that file only
 * gains two fields. Every English text here must be GSM-7 and fit 2 segments once filled,
 * and must stay neutral for a shared phone: "your appointment", never a diagnosis.
 */

const Text = z.string().trim().min(1);
const Word = z.string().regex(/^[A-Z0-9]+$/, 'upper-case letters or digits, no spaces');
const SourceId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a source id from content/sources.yaml');

export const ChecklistItemSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z-]*$/),
    /** Short label shown in LIST and named in reminders, e.g. "Scan reports and images". */
    label: Text.max(32),
    /** Words that tick it after GOT or DONE ("GOT scans"); unique across the list. */
    keywords: z.array(Word).min(1),
    /** Only in these health systems (e.g. checking insurance cover in the US); all when absent. */
    regions: z
      .array(z.enum(['uk', 'us', 'ca']))
      .min(1)
      .optional(),
    sources: z.array(SourceId).min(1),
  })
  .strict();
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

export const ChecklistContentSchema = z
  .object({
    /** In list order: items for one region only go last, so numbers match across regions. */
    items: z.array(ChecklistItemSchema).min(1).max(12),
    /** LIST: {done} and {total}; the open items and `listFooter` follow on their own lines. */
    listHeading: Text,
    listFooter: Text,
    /** LIST when every item is ticked: {total}. */
    listAllDone: Text,
    /** After DONE / GOT: {items} ticked now, {done} of {total}. */
    ticked: Text,
    /** After the tick that completes the list: {items}, {total}. */
    tickedAllDone: Text,
    /** After UNDO: {items}, {done} of {total}. */
    unticked: Text,
    /** DONE / GOT / UNDO naming nothing on the list. */
    unknownItem: Text,
  })
  .strict()
  .superRefine((checklist, ctx) => {
    const seen = new Map<string, string>();
    for (const item of checklist.items) {
      for (const word of item.keywords) {
        const other = seen.get(word);
        if (other !== undefined && other !== item.id) {
          ctx.addIssue({
            code: 'custom',
            message: `keyword ${word} is used by both ${other} and ${item.id}`,
          });
        }
        seen.set(word, item.id);
      }
    }
    const firstRegional = checklist.items.findIndex((item) => item.regions !== undefined);
    if (firstRegional !== -1 && checklist.items.slice(firstRegional).some((item) => !item.regions)) {
      ctx.addIssue({
        code: 'custom',
        message: 'items for some regions only must come after all shared items',
      });
    }
  });
export type ChecklistContent = z.infer<typeof ChecklistContentSchema>;

export const RemindersContentSchema = z
  .object({
    /** APPT read: {when} as "Fri 12 Dec, 10:30" and {zone} ("UK time"). */
    confirmPrompt: Text,
    /** YES to a pending appointment with reminders still ahead: {when}. */
    confirmed: Text,
    /** YES when the appointment is too close for any reminder before it: {when}. */
    confirmedSoon: Text,
    unreadable: Text,
    needsTime: Text,
    needsDate: Text,
    past: Text,
    tooFar: Text,
    /** APPT from someone who has not joined yet. */
    joinFirst: Text,
    cancelled: Text,
    noAppointment: Text,
    /** TIMEZONE: {zone}. */
    timeZoneSet: Text,
    /** TIMEZONE with an appointment: {zone} and the appointment re-read there, {when}. */
    timeZoneSetAppointment: Text,
    timeZoneUnknown: Text,
    /** Reminder before the appointment: {when}, {until} ("in 7 days"), {left}, {items}. */
    before: Text,
    /** Reminder when the checklist is complete: {when}, {until}. */
    beforeAllDone: Text,
    /** {until} values. */
    inDays: Text,
    tomorrow: Text,
    today: Text,
    /** The day after. */
    followUp: Text,
  })
  .strict();
export type RemindersContent = z.infer<typeof RemindersContentSchema>;
