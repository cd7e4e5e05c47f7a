import type { Logger } from '../adapters/logging.js';
import { loadTopicSearch } from '../adapters/topic-search-loader.js';
import {
  type Caller,
  type CallSettings,
  type CallState,
  callMenu,
  type SpeechPlan,
  type TextOutcome,
  textResult,
} from '../core/call-menu.js';
import type { CallerRecords, CallerRef } from '../core/caller-records.js';
import type { Content, Region } from '../core/content-model.js';
import type { Clock, Messenger } from '../core/ports.js';
import { inferRegion } from '../core/region.js';
import { findTopic } from '../core/sms-render.js';
import { renderTopicTexts } from '../core/topic-texts.js';
import type { TopicSearch } from '../core/understanding/topics.js';
import { reachableNumber } from './caller-number.js';
import { sendTopicTexts } from './send-topic-texts.js';
import { callInput, type VoiceWebhook } from './voice-request.js';

/** Operator settings of the voice line: the menu's, plus how long a caller waits for a text. */
export type VoiceSettings = CallSettings & {
  /**
   * The caller is on hold while the texts go out; past this the line says it could not
   * send. The voice line's messenger abandons a request after it too (buildVoiceDeps).
   */
  textTimeoutMs: number;
};

export type CallStepDeps = {
  content: Content;
  /** The topic search for what callers say; defaults to the lazy chunk (adapters/topic-search-loader.ts). */
  loadSearch?: () => Promise<TopicSearch>;
  clock: Clock;
  logger: Logger;
  callers: CallerRecords;
  messenger: Messenger;
  settings: { defaultRegion: Region };
  voice: VoiceSettings;
};

/**
 * One step of a call: the pure menu decides, then at most one effect runs (store a heard
 * topic, or record consent and send a topic by text), so a step costs at most one DynamoDB
 * request. Effects that fail are logged and spoken about, never allowed to drop the call.
 */
export async function takeCallStep(
  deps: CallStepDeps,
  webhook: VoiceWebhook,
  state: CallState | undefined,
): Promise<SpeechPlan> {
  const now = deps.clock.now();
  const phone = reachableNumber(webhook.From);
  const caller: Caller = {
    region: inferRegion(webhook.From, deps.settings.defaultRegion),
    canText: phone !== undefined,
  };
  const input = callInput(webhook);
  const search = input.kind === 'speech' ? await (deps.loadSearch ?? loadTopicSearch)() : undefined;
  const settings = search === undefined ? deps.voice : { ...deps.voice, search };
  const turn = callMenu(state, input, deps.content, now, settings, caller);

  if (turn.kind === 'speak') {
    if (turn.understood !== undefined) {
      // What the caller's words were understood as (never the words), like the text line.
      deps.logger.info('speech understood', { callSid: webhook.CallSid, understood: turn.understood });
    }
    if (turn.heard !== undefined && phone !== undefined) {
      const ref: CallerRef = { phone, region: caller.region, language: state?.language ?? 'en' };
      try {
        await deps.callers.recordHeard(ref, turn.heard, now);
      } catch (error) {
        // Remembering a heard topic is a nicety; the caller still hears it.
        deps.logger.warn('could not record a heard topic', { callSid: webhook.CallSid, ...describe(error) });
      }
    }
    return turn.plan;
  }

  const outcome =
    phone === undefined
      ? 'unreachable'
      : await textTopic(
          deps,
          { phone, region: caller.region, language: turn.resume.language },
          turn.topicId,
          webhook.CallSid,
          now,
        );
  deps.logger.info('text-me-this', { callSid: webhook.CallSid, topic: turn.topicId, outcome });
  return textResult(turn.resume, outcome, deps.content, now, deps.voice, caller);
}

/** Records the one-off consent (refused for opted-out numbers), then sends the topic's texts. */
async function textTopic(
  deps: CallStepDeps,
  ref: CallerRef,
  topicId: string,
  callSid: string,
  now: Date,
): Promise<TextOutcome> {
  const topic = findTopic(deps.content, ref.language, topicId);
  if (topic === undefined) return 'failed';
  try {
    const consent = await deps.callers.recordTextConsent(
      ref,
      { at: now.toISOString(), action: 'opt-in', keyword: 'TEXT-ME-THIS', channel: 'voice', sid: callSid },
      now,
    );
    if (consent === 'opted-out') return 'opted-out';
  } catch (error) {
    // Without the consent on record (and the opt-out check it carries), nothing is sent.
    deps.logger.error('could not record text-me-this consent', { callSid, ...describe(error) });
    return 'failed';
  }
  const bodies = renderTopicTexts(deps.content, ref.language, topic, ref.region);
  return sendTopicTexts(deps.messenger, ref.phone, bodies, {
    timeoutMs: deps.voice.textTimeoutMs,
    logger: deps.logger,
    callSid,
  });
}

function describe(error: unknown): { errorName: string; errorMessage?: string } {
  return error instanceof Error
    ? { errorName: error.name, errorMessage: error.message }
    : { errorName: typeof error };
}
