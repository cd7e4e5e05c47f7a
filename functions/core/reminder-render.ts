import { calendarDaysBetween, formatAppointment } from './appointment.js';
import { checklistFor, nextItemsText, progressOf } from './checklist.js';
import { type Content, fill, type Language, type Region } from './content-model.js';
import { languageContent } from './sms-render.js';

/** What a reminder text needs to know about the person, read at send time. */
export type ReminderReader = { language: Language; region: Region; checklistDone?: string[] };

/** What a reminder is about: the appointment instant and the zone it is shown in. */
export type ReminderTopic = { kind: 'before' | 'follow-up'; appointmentAt: Date; zone: string };

/**
 * The reminder text, rendered when it is sent, so it names what is still open on the
 * checklist at that moment: the next few items and how many are left, or encouragement
 * when everything is ticked. The day after, the follow-up.
 */
export function renderReminder(
  content: Content,
  reader: ReminderReader,
  topic: ReminderTopic,
  now: Date,
): string {
  const texts = languageContent(content, reader.language).reminders;
  if (topic.kind === 'follow-up') return texts.followUp;
  const days = calendarDaysBetween(now, topic.appointmentAt, topic.zone);
  const until =
    days <= 0 ? texts.today : days === 1 ? texts.tomorrow : fill(texts.inDays, { days: String(days) });
  const when = formatAppointment(topic.appointmentAt, topic.zone, now, reader.language);
  const progress = progressOf(
    checklistFor(content, reader.language, reader.region),
    reader.checklistDone ?? [],
  );
  if (progress.open.length === 0) return fill(texts.beforeAllDone, { when, until });
  return fill(texts.before, { when, until, left: progress.open.length, items: nextItemsText(progress) });
}
