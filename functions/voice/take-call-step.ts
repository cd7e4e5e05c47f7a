import type { Logger } from '../adapters/logging.js';
import { loadTopicSearch } from '../adapters/topic-search-loader.js';
import {
  type Caller,
  type CallSettings,
  type CallState,
  callMenu,
  type SpeechPlan,
  textResult,
} from '../core/call-menu.js';
import type { CallerRecords, TextMeThisLimits } from '../core/caller-records.js';
import type { Content, Language, Region } from '../core/content-model.js';
import type { Clock, Messenger } from '../core/ports.js';
import { inferRegion } from '../core/region.js';
import { findTopic } from '../core/sms-render.js';
import { renderTopicTexts } from '../core/topic-texts.js';
import type { TopicSearch } from '../core/understanding/topics.js';
import {
  callStepMetrics,
  countAll,
  type Metrics,
  noMetrics,
  textMeThisMetrics,
} from '../core/usage-metrics.js';
import { hasCallerId, reachableNumber } from './caller-number.js';
import { sendTopicTexts } from './send-topic-texts.js';
import { callInput, type VoiceWebhook } from './voice-request.js';

/** Operator settings of the voice line: the menu's, plus how long a caller waits for a text. */
export type VoiceSettings = CallSettings & {
  /**
   * The caller is on hold while the texts go out; past this the line says it could not
   * send. The voice line's messenger abandons a request after it too (buildVoiceDeps).
   */
  textTimeoutMs: number;
  /** How many texts calls may cause (functions/config.ts). */
  textLimits: TextMeThisLimits;
};

export type CallStepDeps = {
  content: Content;
  /** The topic search for what callers say; defaults to the lazy chunk (adapters/topic-search-loader.ts). */
  loadSearch?: () => Promise<TopicSearch>;
  clock: Clock;
  logger: Logger;
  /** Calls by step and ending, crisis replies, text-me-this outcomes; none by default. */
  metrics?: Metrics;
  callers: CallerRecords;
  messenger: Messenger;
  settings: { defaultRegion: Region };
  voice: VoiceSettings;
};

/**
 * One step of a call: the pure menu decides, then at most one effect runs (a confirmed
 * text-me-this: one conditional write, then the texts), so a step costs at most one DynamoDB
 * request and most cost none. Caller ID can be spoofed, so nothing else is written against
 * the number, and what the caller hears after confirming never depends on the number's state.
 */
export async function takeCallStep(
  deps: CallStepDeps,
  webhook: VoiceWebhook,
  state: CallState | undefined,
): Promise<SpeechPlan> {
  const now = deps.clock.now();
  const caller: Caller = {
    region: inferRegion(webhook.From, deps.settings.defaultRegion),
    canText: hasCallerId(webhook.From),
  };
  const input = callInput(webhook);
  const search = input.kind === 'speech' ? await (deps.loadSearch ?? loadTopicSearch)() : undefined;
  const settings = search === undefined ? deps.voice : { ...deps.voice, search };
  const turn = callMenu(state, input, deps.content, now, settings, caller);
  const metrics = deps.metrics ?? noMetrics;
  const step = state?.step ?? 'answer';
  if (turn.kind === 'speak') {
    const crisis = turn.understood?.emergency === true || turn.understood?.layer === 'emergency';
    countAll(metrics, callStepMetrics(step, turn.plan.ending.kind, crisis));
    if (turn.understood !== undefined) {
      // What the caller's words were understood as (never the words), like the text line.
      deps.logger.info('speech understood', { callSid: webhook.CallSid, understood: turn.understood });
    }
    return turn.plan;
  }

  const outcome = await textTopic(deps, webhook, turn.topicId, turn.resume.language, caller.region, now);
  deps.logger.info('text-me-this', { callSid: webhook.CallSid, topic: turn.topicId, outcome });
  countAll(metrics, [...callStepMetrics(step, 'text-me-this', false), ...textMeThisMetrics(outcome)]);
  return textResult(
    turn.resume,
    outcome === 'failed' ? 'failed' : 'sent',
    deps.content,
    now,
    deps.voice,
    caller,
  );
}

/** What happened, for the log only: the caller hears `failed` apart, all else the same. */
type TextEffect = 'sent' | 'not-textable' | 'declined' | 'refused' | 'failed';

/**
 * Sends a topic by text when the number is one the line texts and the one conditional write
 * (opt-out check, limits, once per call and topic) records the consent.
 */
async function textTopic(
  deps: CallStepDeps,
  webhook: VoiceWebhook,
  topicId: string,
  language: Language,
  region: Region,
  now: Date,
): Promise<TextEffect> {
  const phone = reachableNumber(webhook.From);
  if (phone === undefined) return 'not-textable';
  const topic = findTopic(deps.content, language, topicId);
  if (topic === undefined) return 'failed';
  const callSid = webhook.CallSid;
  try {
    const consent = await deps.callers.recordTextConsent(
      {
        phone,
        callSid,
        topicId,
        now,
        event: {
          at: now.toISOString(),
          action: 'opt-in',
          keyword: 'TEXT-ME-THIS',
          channel: 'voice',
          sid: callSid,
        },
      },
      deps.voice.textLimits,
    );
    if (consent === 'declined') return 'declined';
  } catch (error) {
    // Without the consent on record (and the checks it carries), nothing is sent.
    deps.logger.error('could not record text-me-this consent', { callSid, ...describe(error) });
    return 'failed';
  }
  const bodies = renderTopicTexts(deps.content, language, topic, region);
  return sendTopicTexts(deps.messenger, phone, bodies, {
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
