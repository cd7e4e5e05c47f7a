import {
  type AppointmentIntent,
  awaitsConfirmation,
  type ConversationSettings,
  confirmAppointment,
  respondToAppointment,
  withoutAppointment,
} from './appointment-conversation.js';
import type { Content } from './content-model.js';
import { type ErasureTurn, erasureTurn } from './erasure.js';
import { CONFIRM_KEYWORDS } from './keywords.js';
import {
  findTopic,
  languageContent,
  renderCrisis,
  renderHelp,
  renderMenu,
  renderOptIn,
  renderRegionChanged,
  renderTopicPart,
} from './sms-render.js';
import { type ConsentEvent, type Subscriber, withVisited } from './subscriber.js';
import type { Understood } from './understanding/intent.js';
import {
  renderDidYouMean,
  renderDistress,
  renderFallback,
  renderMedical,
  renderOptOutConfirm,
} from './understanding/render.js';
import { type Understanding, understand } from './understanding/understand.js';

/** An inbound text as the conversation needs it: no transport details. */
export type InboundText = {
  body: string;
  /** Twilio MessageSid: recorded with consent changes. */
  sid: string;
};

/**
 * The outcome of one inbound text: the person's next state, what to send back (maybe
 * nothing), `erase` when the text confirmed DELETE MY DATA (see erasure.ts) and, for
 * operators' logs, what the text was understood as (never the body).
 */
export type Turn = {
  next: Subscriber;
  replies: string[];
  erase?: ErasureTurn['erase'];
  understood?: Understood;
};

/**
 * The text conversation: a pure function of the person's state, their message, the content
 * and the time. Compliance rules live here so they hold whatever the transport:
 * STOP always wins and is confirmed once; after it only HELP and opt-in words get answers;
 * a crisis message gets the emergency and crisis lines first, whatever the state.
 */
export function converse(
  subscriber: Subscriber,
  message: InboundText,
  content: Content,
  now: Date,
  settings: ConversationSettings,
): Turn {
  const understanding = understand(message.body, content, subscriber.language, settings);
  const touched: Subscriber = { ...subscriber, updatedAt: now.toISOString() };
  // DELETE MY DATA and its confirmation, whatever the consent state (STOP still wins).
  const erasure =
    understanding.intent.kind === 'opt-out' ? undefined : erasureTurn(touched, message.body, content, now);
  const turn: Turn = erasure ?? respond(touched, understanding, message, content, now, settings);
  const { emergency } = understanding;
  const understood: Understood = erasure === undefined ? understanding.understood : { layer: 'command' };
  if (emergency === undefined) return { ...turn, understood };
  // Written in Spanish, answered in Spanish (when the line has it), whatever the stored language.
  const language = emergency === 'es' && content.languages.es !== undefined ? 'es' : subscriber.language;
  return {
    ...turn,
    replies: [renderCrisis(content, language, subscriber.region), ...turn.replies],
    understood,
  };
}

function consentEvent(action: ConsentEvent['action'], keyword: string, sid: string, now: Date): ConsentEvent {
  return { at: now.toISOString(), action, keyword, channel: 'sms', sid };
}

function respond(
  subscriber: Subscriber,
  understanding: Understanding,
  message: InboundText,
  content: Content,
  now: Date,
  settings: ConversationSettings,
): Turn {
  const { intent } = understanding;
  const { language, region } = subscriber;
  const sms = languageContent(content, language).sms;
  const reply = (...replies: string[]): Turn => ({ next: subscriber, replies });
  // Safety replies go in the language the text was written in, when the line speaks it.
  const written =
    understanding.written !== undefined && content.languages[understanding.written] !== undefined
      ? understanding.written
      : language;

  switch (intent.kind) {
    case 'emergency':
      // The crisis lines (added by converse) are the whole answer.
      return reply();
    case 'opt-out': {
      // Exactly one confirmation: a second STOP from someone already out gets silence.
      if (subscriber.status === 'opted-out') return { next: subscriber, replies: [] };
      // ALTO (a Spanish word) is confirmed in Spanish, and later texts stay in Spanish.
      const spoken = intent.language ?? language;
      // STOP cancels everything: the appointment, its reminders (rows deleted in the same
      // write) and the checklist progress go with the open topic.
      const {
        topic: _topic,
        part: _part,
        checklistDone: _done,
        ...rest
      } = withoutAppointment(subscriber, message.sid);
      return {
        next: {
          ...rest,
          status: 'opted-out',
          language: spoken,
          consent: [...subscriber.consent, consentEvent('opt-out', intent.keyword, message.sid, now)],
        },
        replies: [languageContent(content, spoken).sms.optOut],
      };
    }
    case 'opt-in': {
      // YES (or SÍ) answers "Reply YES to confirm" when a date is waiting; otherwise it (re)joins.
      if (CONFIRM_KEYWORDS.includes(intent.keyword) && awaitsConfirmation(subscriber, now)) {
        return confirmAppointment(subscriber, message, content, now, settings);
      }
      // INICIO joins in Spanish; START keeps whatever language the person chose.
      const spoken = intent.language ?? language;
      const consent =
        subscriber.status === 'subscribed'
          ? subscriber.consent
          : [...subscriber.consent, consentEvent('opt-in', intent.keyword, message.sid, now)];
      return {
        next: { ...subscriber, status: 'subscribed', language: spoken, consent },
        replies: [renderOptIn(content, spoken, region)],
      };
    }
    case 'help': {
      const spoken = intent.language ?? language;
      return {
        next: { ...subscriber, language: spoken },
        replies: [renderHelp(content, spoken, region, settings)],
      };
    }
    case 'language': {
      // ENGLISH / ESPAÑOL: stored, so every later reply and reminder uses it. Someone who
      // opted out gets no reply (only HELP and opt-in words are answered after STOP).
      const { topic: _topic, part: _part, ...rest } = subscriber;
      const next: Subscriber = { ...rest, language: intent.language };
      const chosen = languageContent(content, intent.language).sms;
      if (subscriber.status === 'opted-out') return { next, replies: [] };
      if (subscriber.status === 'new') return { next, replies: [chosen.welcome] };
      return { next, replies: [chosen.languageChanged, renderMenu(content, intent.language)] };
    }
  }

  if (subscriber.status === 'opted-out') return { next: subscriber, replies: [] };
  // Fear is answered kindly whether or not the person has joined.
  if (intent.kind === 'distress') return reply(renderDistress(content, written, region));
  if (intent.kind === 'opt-out-unclear') {
    return reply(renderOptOutConfirm(content, intent.language ?? written));
  }
  if (subscriber.status === 'new') {
    if (intent.kind === 'appointment') return reply(languageContent(content, language).reminders.joinFirst);
    return reply(intent.kind === 'unknown' ? sms.welcome : sms.joinFirst);
  }

  switch (intent.kind) {
    case 'menu': {
      const { topic: _topic, part: _part, ...rest } = subscriber;
      return { next: rest, replies: [renderMenu(content, language)] };
    }
    case 'topic': {
      const topic = findTopic(content, language, intent.topicId);
      if (topic === undefined) return reply(sms.notUnderstood);
      return {
        next: { ...subscriber, topic: topic.id, part: 0, visited: withVisited(subscriber, topic.id) },
        replies: [renderTopicPart(content, language, topic, 0, region)],
      };
    }
    case 'more': {
      const topic =
        subscriber.topic === undefined ? undefined : findTopic(content, language, subscriber.topic);
      const nextPart = (subscriber.part ?? 0) + 1;
      if (topic === undefined || nextPart >= topic.parts.length) return reply(sms.nothingMore);
      return {
        next: { ...subscriber, part: nextPart },
        replies: [renderTopicPart(content, language, topic, nextPart, region)],
      };
    }
    case 'region': {
      if (intent.region === undefined) return reply(sms.regionUnknown);
      const next = { ...subscriber, region: intent.region };
      return { next, replies: [renderRegionChanged(content, language, intent.region)] };
    }
    case 'appointment':
    case 'cancel-appointment':
    case 'checklist':
    case 'tick':
    case 'time-zone':
      return respondToAppointment(
        subscriber,
        intent satisfies AppointmentIntent,
        message,
        content,
        now,
        settings,
      );
    case 'did-you-mean':
      return reply(renderDidYouMean(content, language, intent.topicIds));
    case 'medical':
      return reply(...renderMedical(content, language));
    case 'unknown':
      return reply(renderFallback(content, language, intent.suggestions));
  }
}
