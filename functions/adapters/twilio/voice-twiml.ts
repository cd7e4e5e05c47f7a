import type { CallState, SpeechPlan, Utterance } from '../../core/call-menu.js';
import { element, escapeText, twimlDocument } from './twiml-xml.js';

/**
 * The voice line's TwiML, written with twiml-xml.ts rather than twilio's VoiceResponse (whose
 * xmlbuilder costs every cold start ~7 ms). The output is what VoiceResponse writes
 * for the same plan, byte for byte: tests/unit/voice-twiml.test.ts renders random plans both
 * ways. Attribute names and values follow Twilio's <Gather>, <Say>, <Dial> documentation.
 */

/** Where each step's answer goes: an absolute URL, so Twilio signs exactly what it calls. */
export type ActionUrl = (state: CallState) => string;

/**
 * Renders the menu's speech plan as TwiML. While the line listens, everything is said inside
 * the <Gather> so a caller who knows the menu can press a key at once; a <Redirect> to the
 * same action URL follows it, which is how Twilio reports silence (no Digits, no SpeechResult).
 */
export function renderCallTwiml(plan: SpeechPlan, actionUrl: ActionUrl): string {
  const { ending } = plan;
  const spoken = utterances(plan.utterances);
  switch (ending.kind) {
    case 'listen': {
      const action = actionUrl(ending.next);
      const gather = element(
        'Gather',
        {
          input: 'dtmf speech',
          numDigits: 1,
          timeout: ending.timeoutSeconds,
          speechTimeout: 'auto',
          action,
          method: 'POST',
          hints: [...new Set(ending.hints)].join(', '),
          language: ending.speechLanguage,
        },
        spoken,
      );
      return twimlDocument(gather + element('Redirect', { method: 'POST' }, escapeText(action)));
    }
    case 'dial': {
      const dial = element(
        'Dial',
        { action: actionUrl(ending.next), method: 'POST', timeout: ending.timeoutSeconds },
        escapeText(ending.number),
      );
      return twimlDocument(spoken + dial);
    }
    case 'hangup':
      return twimlDocument(spoken + element('Hangup'));
  }
}

/** A spoken apology and <Hangup/>: the answer when a step fails unexpectedly. */
export function apologyTwiml(spoken: readonly Utterance[]): string {
  return twimlDocument(utterances(spoken) + element('Hangup'));
}

function utterances(list: readonly Utterance[]): string {
  return list
    .map((utterance) =>
      utterance.kind === 'pause'
        ? element('Pause', { length: utterance.seconds })
        : // SSML prosody slows the voice down a little: a calmer pace for worrying news.
          element(
            'Say',
            { voice: utterance.speaker.voice, language: utterance.speaker.language },
            element('prosody', { rate: utterance.rate }, escapeText(utterance.text)),
          ),
    )
    .join('');
}
