import { type DateParsers, formatAppointment, inZone, parseAppointment } from './appointment.js';
import {
  checklistFor,
  progressOf,
  renderChecklist,
  renderTickReply,
  resolveItems,
  withTicks,
} from './checklist.js';
import { type Content, fill, type Language, type Region } from './content-model.js';
import type { InboundText, Turn } from './conversation.js';
import type { Intent } from './keywords.js';
import {
  DEFAULT_REMINDER_SETTINGS,
  type PlannedReminder,
  planReminders,
  type ReminderSettings,
} from './reminder-plan.js';
import { languageContent, type MessageSettings } from './sms-render.js';
import type { Subscriber } from './subscriber.js';
import { parseTimeZone, type RegionZones, zoneForNumber, zoneLabel } from './time-zone.js';
import type { TopicSearch } from './understanding/topics.js';

/**
 * The appointment and checklist part of the text conversation: APPT and date
 * sentences, YES to confirm, CANCEL APPT, TIMEZONE, LIST, DONE / GOT / UNDO. Pure, like the
 * rest of the conversation; `conversation.ts` routes the intents here once the person is in.
 */

/** Settings the conversation reads; reminder settings and zones default when absent. */
export type ConversationSettings = MessageSettings & {
  reminders?: ReminderSettings;
  /** Per-region default zones overriding the content's (DEFAULT_TIME_ZONE_UK etc.). */
  zones?: Partial<RegionZones>;
  /** chrono-node, for texts that may hold a date (keywords.ts `needsDateParsers`); see appointment.ts. */
  dates?: DateParsers;
  /** The topic search, for texts the earlier layers do not place (understanding/understand.ts `needsTopicSearch`). */
  search?: TopicSearch;
};

export type AppointmentIntent = Extract<
  Intent,
  { kind: 'appointment' | 'cancel-appointment' | 'checklist' | 'tick' | 'time-zone' }
>;

/** A date waits this long for YES; after that YES means what it always meant (opt in). */
export const PENDING_APPOINTMENT_MS = 24 * 60 * 60 * 1000;

export function regionZones(content: Content, settings: ConversationSettings): RegionZones {
  const zoneOf = (region: Region) => settings.zones?.[region] ?? content.regions[region].timeZone;
  return { uk: zoneOf('uk'), us: zoneOf('us'), ca: zoneOf('ca') };
}

/** The person's zone: their TIMEZONE choice, else from their number and region. */
export function zoneFor(subscriber: Subscriber, content: Content, settings: ConversationSettings): string {
  return (
    subscriber.timeZone ?? zoneForNumber(subscriber.phone, subscriber.region, regionZones(content, settings))
  );
}

/** True when YES from this person now confirms a date rather than (re)joining. */
export function awaitsConfirmation(subscriber: Subscriber, now: Date): boolean {
  const pending = subscriber.pendingAppointment;
  return (
    subscriber.status === 'subscribed' &&
    pending !== undefined &&
    now.getTime() - Date.parse(pending.proposedAt) <= PENDING_APPOINTMENT_MS
  );
}

/**
 * The person without any appointment, pending date or reminders: after CANCEL APPT, and
 * (with the checklist too) after STOP. When reminder rows may exist, the empty schedule is
 * stamped with this text's sid so the store deletes them in the same write.
 */
export function withoutAppointment(subscriber: Subscriber, sid: string): Subscriber {
  const { appointment: _a, pendingAppointment: _p, schedule, ...rest } = subscriber;
  if (schedule === undefined || schedule.reminders.length === 0)
    return schedule ? { ...rest, schedule } : rest;
  return { ...rest, schedule: { changedBy: sid, reminders: [] } };
}

export function respondToAppointment(
  subscriber: Subscriber,
  intent: AppointmentIntent,
  message: InboundText,
  content: Content,
  now: Date,
  settings: ConversationSettings,
): Turn {
  const texts = languageContent(content, subscriber.language).reminders;
  switch (intent.kind) {
    case 'appointment':
      return proposeAppointment(subscriber, intent.text, intent.language, content, now, settings);
    case 'cancel-appointment': {
      if (subscriber.appointment === undefined && subscriber.pendingAppointment === undefined) {
        return { next: subscriber, replies: [texts.noAppointment] };
      }
      return { next: withoutAppointment(subscriber, message.sid), replies: [texts.cancelled] };
    }
    case 'time-zone':
      return changeTimeZone(subscriber, intent.value, message, content, now, settings);
    case 'checklist': {
      const items = checklistFor(content, subscriber.language, subscriber.region);
      const progress = progressOf(items, subscriber.checklistDone ?? []);
      return { next: subscriber, replies: [renderChecklist(content, subscriber.language, progress)] };
    }
    case 'tick': {
      const items = checklistFor(content, subscriber.language, subscriber.region);
      const { found } = resolveItems(items, intent.refs);
      const checklistDone = withTicks(subscriber.checklistDone ?? [], found, intent.done);
      const progress = progressOf(items, checklistDone);
      const reply = renderTickReply(content, subscriber.language, found, progress, intent.done);
      return { next: found.length === 0 ? subscriber : { ...subscriber, checklistDone }, replies: [reply] };
    }
  }
}

function proposeAppointment(
  subscriber: Subscriber,
  text: string,
  /** The language the date is written in, when not the person's ("tengo cita el martes"). */
  written: Language | undefined,
  content: Content,
  now: Date,
  settings: ConversationSettings,
): Turn {
  const texts = languageContent(content, subscriber.language).reminders;
  const zone = zoneFor(subscriber, content, settings);
  const { language } = subscriber;
  const parsed = parseAppointment(text, zone, subscriber.region, now, written ?? language, settings.dates);
  if (!parsed.ok) {
    const problems = {
      unreadable: texts.unreadable,
      'needs-time': texts.needsTime,
      'needs-date': texts.needsDate,
      past: texts.past,
      'too-far': texts.tooFar,
    } as const;
    return { next: subscriber, replies: [problems[parsed.problem]] };
  }
  const { local, at } = parsed.appointment;
  return {
    next: {
      ...subscriber,
      pendingAppointment: { local, zone, at: at.toISOString(), proposedAt: now.toISOString() },
    },
    replies: [
      fill(texts.confirmPrompt, {
        when: formatAppointment(at, zone, now, language),
        zone: zoneLabel(zone, language),
      }),
    ],
  };
}

/**
 * YES to a pending date: it becomes the appointment (a new id, so reminders of any earlier
 * booking are recognised as stale) with a fresh reminder plan stamped with this text's sid.
 */
export function confirmAppointment(
  subscriber: Subscriber,
  message: InboundText,
  content: Content,
  now: Date,
  settings: ConversationSettings,
): Turn {
  const texts = languageContent(content, subscriber.language).reminders;
  const { pendingAppointment: pending, undeliverable: _u, ...rest } = subscriber;
  if (pending === undefined) return { next: subscriber, replies: [] };
  if (Date.parse(pending.at) <= now.getTime()) return { next: rest, replies: [texts.past] };
  const appointment = {
    id: message.sid,
    local: pending.local,
    zone: pending.zone,
    at: pending.at,
    bookedAt: now.toISOString(),
  };
  const reminders = planReminders(appointment, settings.reminders ?? DEFAULT_REMINDER_SETTINGS, now);
  const when = formatAppointment(new Date(appointment.at), appointment.zone, now, subscriber.language);
  const anyBefore = reminders.some((reminder) => reminder.kind === 'before');
  return {
    next: {
      ...rest,
      appointment,
      schedule: { appointmentId: appointment.id, changedBy: message.sid, reminders },
    },
    replies: [fill(anyBefore ? texts.confirmed : texts.confirmedSoon, { when })],
  };
}

/**
 * TIMEZONE: a correction of where the person is, so dates they already gave keep their
 * wall-clock time ("10:30") in the new zone. A booked appointment is re-planned, leaving out
 * any reminder whose time had already come under the old plan: it was sent, or skipped.
 */
function changeTimeZone(
  subscriber: Subscriber,
  value: string,
  message: InboundText,
  content: Content,
  now: Date,
  settings: ConversationSettings,
): Turn {
  const texts = languageContent(content, subscriber.language).reminders;
  const zone = parseTimeZone(value);
  if (zone === undefined) return { next: subscriber, replies: [texts.timeZoneUnknown] };
  let next: Subscriber = { ...subscriber, timeZone: zone };
  const replies: string[] = [];
  const { language } = subscriber;
  const label = zoneLabel(zone, language);

  const pending = subscriber.pendingAppointment;
  const movedPending = pending && inZone(pending.local, zone);
  if (pending && movedPending) {
    next = { ...next, pendingAppointment: { ...pending, zone, at: movedPending.at.toISOString() } };
  }
  const booked = subscriber.appointment;
  const moved = booked && inZone(booked.local, zone);
  if (booked && moved) {
    const appointment = { ...booked, zone, at: moved.at.toISOString() };
    const earlier = subscriber.schedule?.reminders ?? [];
    const alreadyDue = (reminder: PlannedReminder) =>
      earlier.some((old) => old.slot === reminder.slot && Date.parse(old.sendAt) <= now.getTime());
    const reminders = planReminders(appointment, settings.reminders ?? DEFAULT_REMINDER_SETTINGS, now).filter(
      (reminder) => !alreadyDue(reminder),
    );
    next = {
      ...next,
      appointment,
      schedule: { appointmentId: booked.id, changedBy: message.sid, reminders },
    };
    replies.push(
      fill(texts.timeZoneSetAppointment, {
        zone: label,
        when: formatAppointment(moved.at, zone, now, language),
      }),
    );
  } else {
    replies.push(fill(texts.timeZoneSet, { zone: label }));
  }
  if (pending && movedPending && next.pendingAppointment) {
    replies.push(
      fill(texts.confirmPrompt, {
        when: formatAppointment(movedPending.at, zone, now, language),
        zone: label,
      }),
    );
  }
  return { next, replies };
}
