import type { Content } from './content-model.js';
import { classifyMessage, type Intent, signalsCrisis } from './keywords.js';
import {
  findTopic,
  languageContent,
  type MessageSettings,
  renderCrisis,
  renderHelp,
  renderMenu,
  renderOptIn,
  renderRegionChanged,
  renderTopicPart,
} from './sms-render.js';
import { type ConsentEvent, type Subscriber, withVisited } from './subscriber.js';

/** An inbound text as the conversation needs it: no transport details. */
export type InboundText = {
  body: string;
  /** Twilio MessageSid: recorded with consent changes. */
  sid: string;
};

/** The outcome of one inbound text: the person's next state and what to send back (maybe nothing). */
export type Turn = { next: Subscriber; replies: string[] };

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
  settings: MessageSettings,
): Turn {
  const intent = classifyMessage(message.body, content, subscriber.language);
  const crisis = signalsCrisis(message.body) && intent.kind !== 'opt-out';
  const touched: Subscriber = { ...subscriber, updatedAt: now.toISOString() };
  const turn = respond(touched, intent, message, content, now, settings);
  if (!crisis) return turn;
  // After a crisis line, a plain "not understood" would read as dismissive: send the lines alone.
  const rest = intent.kind === 'unknown' ? [] : turn.replies;
  return {
    next: turn.next,
    replies: [renderCrisis(content, subscriber.language, subscriber.region), ...rest],
  };
}

function consentEvent(action: ConsentEvent['action'], keyword: string, sid: string, now: Date): ConsentEvent {
  return { at: now.toISOString(), action, keyword, channel: 'sms', sid };
}

function respond(
  subscriber: Subscriber,
  intent: Intent,
  message: InboundText,
  content: Content,
  now: Date,
  settings: MessageSettings,
): Turn {
  const { language, region } = subscriber;
  const sms = languageContent(content, language).sms;
  const reply = (...replies: string[]): Turn => ({ next: subscriber, replies });

  switch (intent.kind) {
    case 'opt-out': {
      // Exactly one confirmation: a second STOP from someone already out gets silence.
      if (subscriber.status === 'opted-out') return { next: subscriber, replies: [] };
      const { topic: _topic, part: _part, ...rest } = subscriber;
      return {
        next: {
          ...rest,
          status: 'opted-out',
          consent: [...subscriber.consent, consentEvent('opt-out', intent.keyword, message.sid, now)],
        },
        replies: [sms.optOut],
      };
    }
    case 'opt-in': {
      const consent =
        subscriber.status === 'subscribed'
          ? subscriber.consent
          : [...subscriber.consent, consentEvent('opt-in', intent.keyword, message.sid, now)];
      return {
        next: { ...subscriber, status: 'subscribed', consent },
        replies: [renderOptIn(content, language, region)],
      };
    }
    case 'help':
      return reply(renderHelp(content, language, region, settings));
  }

  if (subscriber.status === 'opted-out') return { next: subscriber, replies: [] };
  if (subscriber.status === 'new') {
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
    case 'unknown':
      return reply(sms.notUnderstood);
  }
}
