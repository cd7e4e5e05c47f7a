// The deep module keeps the whole twilio REST client out of the bundle (see REFERENCE.md).
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import type { CallState, SpeechPlan, Utterance } from '../../core/call-menu.js';

/** Where each step's answer goes: an absolute URL, so Twilio signs exactly what it calls. */
export type ActionUrl = (state: CallState) => string;

type GatherLanguage = NonNullable<VoiceResponse.GatherAttributes['language']>;
type SayVoice = NonNullable<VoiceResponse.SayAttributes['voice']>;
type SayLanguage = NonNullable<VoiceResponse.SayAttributes['language']>;

type Container = Pick<VoiceResponse, 'say' | 'pause'> | Pick<VoiceResponse.Gather, 'say' | 'pause'>;

/**
 * Renders the menu's speech plan as TwiML. While the line listens, everything is said inside
 * the <Gather> so a caller who knows the menu can press a key at once; a <Redirect> to the
 * same action URL follows it, which is how Twilio reports silence (no Digits, no SpeechResult).
 */
export function renderCallTwiml(plan: SpeechPlan, actionUrl: ActionUrl): string {
  const response = new VoiceResponse();
  const { ending } = plan;
  switch (ending.kind) {
    case 'listen': {
      const action = actionUrl(ending.next);
      const gather = response.gather({
        input: ['dtmf', 'speech'],
        numDigits: 1,
        timeout: ending.timeoutSeconds,
        speechTimeout: 'auto',
        action,
        method: 'POST',
        hints: [...new Set(ending.hints)].join(', '),
        // Validated by the content schema as a BCP-47 tag; Twilio's type lists every tag it knows.
        language: ending.speechLanguage as GatherLanguage,
      });
      addUtterances(gather, plan.utterances);
      response.redirect({ method: 'POST' }, action);
      break;
    }
    case 'dial':
      addUtterances(response, plan.utterances);
      response.dial(
        { action: actionUrl(ending.next), method: 'POST', timeout: ending.timeoutSeconds },
        ending.number,
      );
      break;
    case 'hangup':
      addUtterances(response, plan.utterances);
      response.hangup();
      break;
  }
  return response.toString();
}

/** A spoken apology and <Hangup/>: the answer when a step fails unexpectedly. */
export function apologyTwiml(utterances: readonly Utterance[]): string {
  const response = new VoiceResponse();
  addUtterances(response, utterances);
  response.hangup();
  return response.toString();
}

function addUtterances(target: Container, utterances: readonly Utterance[]): void {
  for (const utterance of utterances) {
    if (utterance.kind === 'pause') {
      target.pause({ length: utterance.seconds });
      continue;
    }
    const say = target.say(
      {
        // Validated by the content schema (Polly./Google. names, BCP-47 tags); Twilio rejects
        // an unknown voice when the call plays it, which the content review catches first.
        voice: utterance.speaker.voice as SayVoice,
        language: utterance.speaker.language as SayLanguage,
      },
      '',
    );
    // SSML prosody slows the voice down a little: a calmer pace for worrying news.
    say.prosody({ rate: utterance.rate }, utterance.text);
  }
}
