import { ConfigError, type HandlerConfig, HandlerEnvSchema, parseEnv } from '../config.js';
import type { ConversationSettings } from '../core/appointment-conversation.js';
import { isValidQuietHours, type QuietHours } from '../core/quiet-hours.js';
import { type ReminderSettings, reminderSettingsProblems } from '../core/reminder-plan.js';
import type { SweepSettings } from './sweep.js';

/** Quiet hours from the environment, checked as a pair (the window must not be empty). */
export function quietHoursOf(config: HandlerConfig): QuietHours {
  const quiet = { sendFrom: config.QUIET_HOURS_END, sendUntil: config.QUIET_HOURS_START };
  if (!isValidQuietHours(quiet)) {
    throw new ConfigError(
      'Configuration is not valid:\n  QUIET_HOURS_END: must be earlier than QUIET_HOURS_START (sending window within one day)',
    );
  }
  return quiet;
}

/** The schedule the conversation plans (offsets, send time, follow-up, quiet hours). */
export function reminderSettingsOf(config: HandlerConfig): ReminderSettings {
  const settings: ReminderSettings = {
    offsetsDays: config.REMINDER_OFFSETS_DAYS,
    sendTime: config.REMINDER_SEND_TIME,
    followUpDays: config.REMINDER_FOLLOW_UP_DAYS,
    quietHours: quietHoursOf(config),
  };
  const problems = reminderSettingsProblems(settings);
  if (problems.length > 0) {
    throw new ConfigError(`Configuration is not valid:\n  REMINDER_OFFSETS_DAYS: ${problems.join('; ')}`);
  }
  return settings;
}

/** What the conversation adds to the message settings: the schedule and zone overrides. */
export function conversationSettingsOf(config: HandlerConfig): Omit<ConversationSettings, 'supportContact'> {
  const zones = {
    ...(config.DEFAULT_TIME_ZONE_UK ? { uk: config.DEFAULT_TIME_ZONE_UK } : {}),
    ...(config.DEFAULT_TIME_ZONE_US ? { us: config.DEFAULT_TIME_ZONE_US } : {}),
    ...(config.DEFAULT_TIME_ZONE_CA ? { ca: config.DEFAULT_TIME_ZONE_CA } : {}),
  };
  return { reminders: reminderSettingsOf(config), zones };
}

/**
 * How the sender paces itself. It stops claiming while a lease's worth of time is left, so
 * every claim it takes is settled before Lambda ends the invocation.
 */
export function sweepSettingsOf(config: HandlerConfig): SweepSettings {
  const leaseMs = config.REMINDER_LEASE_SECONDS * 1000;
  return {
    concurrency: config.REMINDER_CONCURRENCY,
    messagesPerSecond: config.REMINDER_MAX_MPS,
    leaseMs,
    sendTimeoutMs: config.REMINDER_SEND_TIMEOUT_MS,
    maxAttempts: config.REMINDER_MAX_ATTEMPTS,
    backoffBaseMs: config.REMINDER_BACKOFF_BASE_MS,
    backoffCapMs: config.REMINDER_BACKOFF_CAP_MS,
    maxLatenessMs: config.REMINDER_MAX_LATENESS_HOURS * 3_600_000,
    stopBeforeMs: leaseMs + 5_000,
    quietHours: quietHoursOf(config),
    statusCallbackUrl: `${config.PUBLIC_URL}/sms/status`,
  };
}

/**
 * The sweep settings a deployment gets when it sets none (the defaults in config.ts), for the
 * benches and tests, so they can never drift from what the sweeper runs with.
 */
export function defaultSweepSettings(publicUrl = 'https://line.example.org'): SweepSettings {
  return sweepSettingsOf(parseEnv(HandlerEnvSchema, { TABLE_NAME: 'defaults', PUBLIC_URL: publicUrl }));
}
