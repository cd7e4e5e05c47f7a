import type { HandlerConfig } from '../config.js';
import type { VoiceSettings } from './take-call-step.js';

/** A transfer rings this long (about five rings) before the caller is offered the menu again. */
const DIAL_TIMEOUT_SECONDS = 20;
/** Time to press a key or start speaking after a prompt: a little over Twilio's 5 s default. */
const LISTEN_TIMEOUT_SECONDS = 6;
/** Twilio's Messages API answers in 100-300 ms; past 3 s the caller hears that it failed. */
const TEXT_TIMEOUT_MS = 3_000;

/** The voice line's settings from the environment (support line numbers) and fixed timings. */
export function voiceSettings(config: HandlerConfig): VoiceSettings {
  const supportLines: VoiceSettings['supportLines'] = {};
  if (config.SUPPORT_LINE_UK) supportLines.uk = config.SUPPORT_LINE_UK;
  if (config.SUPPORT_LINE_US) supportLines.us = config.SUPPORT_LINE_US;
  if (config.SUPPORT_LINE_CA) supportLines.ca = config.SUPPORT_LINE_CA;
  return {
    supportLines,
    dialTimeoutSeconds: DIAL_TIMEOUT_SECONDS,
    listenTimeoutSeconds: LISTEN_TIMEOUT_SECONDS,
    textTimeoutMs: TEXT_TIMEOUT_MS,
    textLimits: {
      perTopicPerCall: 1,
      topicsPerCall: config.TEXT_ME_THIS_TOPICS_PER_CALL,
      perNumberPerDay: config.TEXT_ME_THIS_PER_NUMBER_PER_DAY,
      consentRetentionDays: config.TEXT_ME_THIS_CONSENT_DAYS,
    },
  };
}
