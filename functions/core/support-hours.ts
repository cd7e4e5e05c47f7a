import { WEEKDAYS } from './content-model.js';
import { minutesOfDay } from './quiet-hours.js';
import type { OpeningWindow } from './voice-content.js';
import { isValidZone, zonedTime } from './zoned-time.js';

/**
 * When the people behind a region's support line take calls. Hours are operator data in
 * `content/line.yaml`; the check is pure (the caller passes the time) so tests can pin any
 * instant, and it runs in the line's own time zone, not the server's or the caller's.
 */

/** True when `now`, read in `zone`, falls inside one of the windows (`close` is exclusive). */
export function isOpen(windows: readonly OpeningWindow[], zone: string, now: Date): boolean {
  if (!isValidZone(zone)) return false;
  const local = zonedTime(now, zone);
  const day = WEEKDAYS[local.weekday - 1];
  const minutes = local.hour * 60 + local.minute;
  return windows.some(
    (window) =>
      day !== undefined &&
      window.days.includes(day) &&
      minutes >= minutesOfDay(window.open) &&
      minutes < minutesOfDay(window.close),
  );
}
