import { minutesOfDay, nextAllowedSend, type QuietHours } from './quiet-hours.js';
import { atTimeOfDay, fromLocalIso, plusDays, type ZonedTime } from './zoned-time.js';

/**
 * Which reminders an appointment gets and when: a pure function of the appointment, the
 * deployment's settings and the time of booking. The stores write exactly these rows; the
 * sweeper sends them.
 */

export type ReminderSettings = {
  /** Days before the appointment, e.g. [14, 7, 3, 1]; each at `sendTime` local. */
  offsetsDays: number[];
  /** Local "HH:mm" the reminders go out. */
  sendTime: string;
  /** Days after the appointment for the "how did it go?" follow-up. */
  followUpDays: number;
  quietHours: QuietHours;
};

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  offsetsDays: [14, 7, 3, 1],
  sendTime: '10:00',
  followUpDays: 1,
  quietHours: { sendFrom: '09:00', sendUntil: '20:00' },
};

/**
 * Reminder rows per person are numbered slots, so rebooking can overwrite or delete every
 * row of the old plan by key without reading them first. Offsets are limited to one less
 * (the last slot is the follow-up).
 */
export const MAX_REMINDER_SLOTS = 8;

/** One reminder to send: its slot, what it is, and the instant it is due. */
export type PlannedReminder = {
  slot: number;
  kind: 'before' | 'follow-up';
  /** For `before`: how many days ahead of the appointment it was planned. */
  daysBefore?: number;
  /** ISO instant; already moved out of quiet hours. */
  sendAt: string;
};

/**
 * The reminders for an appointment at `local` ("yyyy-MM-ddTHH:mm") in `zone`: one per
 * offset at the local send time N calendar days before (the day's own UTC offset, so a DST
 * change in between moves nothing on the wall clock), then the follow-up. Each is moved out
 * of quiet hours; those already past at `now`, and any that would land at or after the
 * appointment, are left out. Slots follow the offsets in descending order, follow-up last.
 */
export function planReminders(
  appointment: { local: string; zone: string },
  settings: ReminderSettings,
  now: Date,
): PlannedReminder[] {
  const { zone } = appointment;
  const at = fromLocalIso(appointment.local, zone);
  if (at === undefined) throw new RangeError(`not a local date-time: ${appointment.local}`);
  const atDate = new Date(at.instant);
  const send = minutesOfDay(settings.sendTime);
  const atSendTime = (day: ZonedTime) =>
    nextAllowedSend(
      new Date(atTimeOfDay(day, Math.floor(send / 60), send % 60).instant),
      zone,
      settings.quietHours,
    );

  const offsets = [...new Set(settings.offsetsDays)].sort((a, b) => b - a);
  const planned: PlannedReminder[] = [];
  offsets.forEach((days, slot) => {
    const sendAt = atSendTime(plusDays(at, -days));
    if (sendAt > now && sendAt < atDate) {
      planned.push({ slot, kind: 'before', daysBefore: days, sendAt: sendAt.toISOString() });
    }
  });
  const followUp = atSendTime(plusDays(at, settings.followUpDays));
  if (followUp > now && followUp > atDate) {
    planned.push({ slot: offsets.length, kind: 'follow-up', sendAt: followUp.toISOString() });
  }
  return planned;
}

/** Problems with reminder settings, in words; empty when usable. Checked once at start-up. */
export function reminderSettingsProblems(settings: ReminderSettings): string[] {
  const problems: string[] = [];
  const offsets = settings.offsetsDays;
  if (offsets.length === 0 || offsets.length >= MAX_REMINDER_SLOTS) {
    problems.push(`between 1 and ${MAX_REMINDER_SLOTS - 1} reminder offsets`);
  }
  if (offsets.some((days) => !Number.isInteger(days) || days < 1 || days > 60)) {
    problems.push('offsets are whole days from 1 to 60');
  }
  if (!Number.isInteger(settings.followUpDays) || settings.followUpDays < 1 || settings.followUpDays > 14) {
    problems.push('the follow-up is 1 to 14 days after');
  }
  return problems;
}
