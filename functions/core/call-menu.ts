import { matchTopic, saidAny, spokenKey, spokenWords, topicHints } from './call-speech.js';
import {
  type Content,
  fill,
  forRegion,
  LANGUAGES,
  type Language,
  type LanguageContent,
  type Region,
  type Topic,
} from './content-model.js';
import { languageContent, renderCrisis } from './sms-render.js';
import { digitsSpokenSingly } from './spoken-numbers.js';
import { isOpen } from './support-hours.js';
import type { Understood } from './understanding/intent.js';
import { joinChoices } from './understanding/render.js';
import type { TopicSearch } from './understanding/topics.js';
import { type Understanding, understand } from './understanding/understand.js';
import type { Speaker, VoicePrompts } from './voice-content.js';

/**
 * The phone menu: a pure function of (call state, what the caller did, content, time,
 * settings) to (what to say, what to listen for next). The call state travels in the
 * TwiML action URLs, so no step needs a database read; the handler renders the plan as
 * TwiML and performs the one effect a step may have.
 *
 * Two rules keep every call finite: three silent or wrong turns in a row end the call
 * politely, and no call takes more than MAX_TURNS steps.
 */

/** Silent or wrong turns in a row before the goodbye: the first two get a re-prompt. */
export const MAX_MISSES = 3;
/** Hard stop for any call, however it is driven (a whole topic list is about 60 steps). */
export const MAX_TURNS = 200;

/** Where the next answer goes: each step is a route, /voice/<step>. */
export const CALL_STEPS = ['language', 'menu', 'group', 'topic', 'confirm', 'dialled', 'choose'] as const;
export type CallStep = (typeof CALL_STEPS)[number];

export type CallState = {
  step: CallStep;
  language: Language;
  /** Index of the open group (step `group`). */
  group?: number;
  /** Open topic and the index of the part last read (steps `topic`, `confirm`). */
  topic?: string;
  part?: number;
  /** Step `choose`: the topics a "Did you mean ...?" offered, in the order of their keys. */
  choices?: string[];
  /** Silent or wrong turns in a row. */
  misses: number;
  /** Steps taken so far in this call. */
  turns: number;
};

/** What the caller did since the last step. */
export type CallInput =
  | { kind: 'keys'; keys: string }
  | { kind: 'speech'; text: string }
  | { kind: 'silence' }
  /** Back from a transfer, with Twilio's DialCallStatus. */
  | { kind: 'dial-ended'; status: string };

/** What the line knows about the caller from the call itself. */
export type Caller = {
  region: Region;
  /** False for withheld, invalid or non-E.164 caller IDs: the text option is not offered. */
  canText: boolean;
};

/** Operator settings (environment), not content. */
export type CallSettings = {
  /** Support line numbers that override content/line.yaml, per region. */
  supportLines: Partial<Record<Region, string>>;
  /** How long a transfer rings before coming back to the menu. */
  dialTimeoutSeconds: number;
  /** How long to wait for a key or a word after a prompt. */
  listenTimeoutSeconds: number;
  /** The topic search, loaded by the handler for speech (understanding/topics.ts). */
  search?: TopicSearch;
};

export type Utterance =
  | { kind: 'say'; text: string; speaker: Speaker; rate: string }
  | { kind: 'pause'; seconds: number };

export type CallEnding =
  | {
      kind: 'listen';
      /** State for the answer (and for silence: the same URL is re-requested). */
      next: CallState;
      hints: string[];
      /** Recognition language for speech, e.g. en-GB. */
      speechLanguage: string;
      timeoutSeconds: number;
    }
  | { kind: 'dial'; number: string; timeoutSeconds: number; next: CallState }
  | { kind: 'hangup' };

/** What to say and what happens after; TwiML-free so the core stays transport-agnostic. */
export type SpeechPlan = { utterances: Utterance[]; ending: CallEnding };

export type CallTurn =
  /**
   * `heard`: a topic the caller started, to be stored against their number. `understood`:
   * what the caller's words were understood as, for operators' logs (never the words).
   */
  | { kind: 'speak'; plan: SpeechPlan; heard?: string; understood?: Understood }
  /** The caller confirmed "text me this": send, then speak {@link textResult} and resume. */
  | { kind: 'send-text'; topicId: string; resume: CallState };

/**
 * What the caller hears after confirming a text. `sent` covers every state of the number
 * (texted, opted out, not a number the line texts, a limit reached): caller ID can be
 * spoofed, so the words must not tell a caller anything about the number. `failed` is the
 * line's own trouble (Twilio or the table unreachable), the same for every number.
 */
export type TextOutcome = 'sent' | 'failed';

type SpeakTurn = Extract<CallTurn, { kind: 'speak' }>;

type Ctx = {
  content: Content;
  language: Language;
  lang: LanguageContent;
  prompts: VoicePrompts;
  caller: Caller;
  settings: CallSettings;
  now: Date;
};

type Action =
  | { kind: 'language'; language: Language }
  | { kind: 'group'; index: number }
  | { kind: 'topic'; topic: Topic }
  | { kind: 'did-you-mean'; topics: Topic[] }
  /** A spoken reply that is said before the menu is offered again (distress, medical, opt-out). */
  | { kind: 'say-then-menu'; text: string }
  | { kind: 'part'; part: number }
  | { kind: 'no-more-parts' }
  | { kind: 'ask-text' }
  | { kind: 'send-text' }
  | { kind: 'topic-options' }
  | { kind: 'main-menu' }
  | { kind: 'repeat' }
  | { kind: 'person' }
  | { kind: 'silence' }
  | { kind: 'not-an-option' }
  | { kind: 'not-understood' };

/** Languages the line can speak: those with content, in the order of LANGUAGES. */
export function callLanguages(content: Content): Language[] {
  return LANGUAGES.filter((language) => content.languages[language] !== undefined);
}

/**
 * One step of a call. `state` is undefined for a new call (POST /voice); otherwise it is the
 * state the previous step put in its action URL.
 */
export function callMenu(
  state: CallState | undefined,
  input: CallInput,
  content: Content,
  now: Date,
  settings: CallSettings,
  caller: Caller,
): CallTurn {
  if (state === undefined) return answer(content, now, settings, caller);
  const ctx = makeCtx(content, state.language, caller, settings, now);
  const current: CallState = { ...state, language: ctx.language, turns: state.turns + 1 };
  if (current.turns > MAX_TURNS) return goodbye(ctx);
  if (input.kind === 'dial-ended' || current.step === 'dialled') return afterTransfer(ctx, current, input);
  const heard =
    input.kind === 'speech' && current.step !== 'language'
      ? understand(input.text, content, ctx.language, settings.search ? { search: settings.search } : {})
      : undefined;
  if (heard?.emergency !== undefined) {
    // Whatever the menu, someone in crisis hears the emergency and crisis lines first.
    const crisis = renderCrisis(content, ctx.language, caller.region);
    return { ...listen(ctx, { ...current, misses: 0 }, sayAll(ctx, crisis)), understood: heard.understood };
  }
  const turn = perform(ctx, current, interpret(ctx, current, input, heard));
  return turn.kind === 'speak' && heard !== undefined ? { ...turn, understood: heard.understood } : turn;
}

/** What to say after a text-me-this send, back on the topic's options. */
export function textResult(
  resume: CallState,
  outcome: TextOutcome,
  content: Content,
  now: Date,
  settings: CallSettings,
  caller: Caller,
): SpeechPlan {
  const ctx = makeCtx(content, resume.language, caller, settings, now);
  const messages: Record<TextOutcome, string> = {
    sent: ctx.prompts.textSent,
    failed: ctx.prompts.textFailed,
  };
  const turn = listen(ctx, { ...resume, step: 'topic', misses: 0 }, sayAll(ctx, messages[outcome]));
  return turn.plan;
}

function makeCtx(
  content: Content,
  language: Language,
  caller: Caller,
  settings: CallSettings,
  now: Date,
): Ctx {
  const known = content.languages[language] !== undefined ? language : 'en';
  const lang = languageContent(content, known);
  return { content, language: known, lang, prompts: lang.voice, caller, settings, now };
}

function answer(content: Content, now: Date, settings: CallSettings, caller: Caller): CallTurn {
  const languages = callLanguages(content);
  const first = languages[0] ?? 'en';
  const ctx = makeCtx(content, first, caller, settings, now);
  const start: CallState = { step: 'menu', language: first, misses: 0, turns: 0 };
  if (languages.length > 1) return listen(ctx, { ...start, step: 'language' });
  return listen(ctx, start, greeting(ctx));
}

function greeting(ctx: Ctx): Utterance[] {
  return sayAll(
    ctx,
    fill(ctx.prompts.greeting, {
      line: ctx.content.program.name,
      emergency: ctx.content.regions[ctx.caller.region].emergency,
    }),
  );
}

/**
 * What the caller said, through the same layers as a text (understanding/understand.ts), at a
 * step that offers topics: safety and the menu's own words first, then topics by search.
 */
function understoodSpeech(ctx: Ctx, heard: Understanding, unknown: Action): Action | undefined {
  const { intent } = heard;
  const texts = ctx.lang.understanding?.voice;
  switch (intent.kind) {
    case 'opt-out':
    case 'opt-out-unclear':
      return texts ? { kind: 'say-then-menu', text: texts.optOut } : undefined;
    case 'distress':
      return texts
        ? { kind: 'say-then-menu', text: forRegion(texts.distress, ctx.caller.region) }
        : undefined;
    case 'medical':
      return texts ? { kind: 'say-then-menu', text: texts.medical } : undefined;
    case 'help':
    case 'menu':
      return { kind: 'main-menu' };
    case 'topic': {
      const topic = findTopic(ctx, intent.topicId);
      return topic === undefined ? undefined : { kind: 'topic', topic };
    }
    case 'did-you-mean': {
      const topics = intent.topicIds.flatMap((id) => ctx.lang.topics.filter((topic) => topic.id === id));
      return topics.length > 0 ? { kind: 'did-you-mean', topics } : unknown;
    }
    default:
      return undefined;
  }
}

/** What the caller's keys or words mean at this step; speech is read by words, keys exactly. */
function interpret(ctx: Ctx, state: CallState, input: CallInput, heard?: Understanding): Action {
  if (input.kind === 'silence') {
    // A caller who stays silent at the language choice most likely speaks the first language.
    if (state.step === 'language')
      return { kind: 'language', language: callLanguages(ctx.content)[0] ?? 'en' };
    return { kind: 'silence' };
  }
  const words = input.kind === 'speech' ? spokenWords(input.text) : [];
  const key = input.kind === 'keys' ? input.keys : spokenKey(words);
  if (input.kind === 'speech' && key === undefined && words.length === 0) return { kind: 'silence' };
  const spoken = key === undefined;
  const unknown: Action = spoken ? { kind: 'not-understood' } : { kind: 'not-an-option' };
  const { words: callWords } = ctx.prompts;

  switch (state.step) {
    case 'language': {
      const languages = callLanguages(ctx.content);
      const chosen = spoken
        ? languages.find((language) =>
            saidAny(words, languageContent(ctx.content, language).voice.languageWords),
          )
        : languages[menuIndex(key)];
      return chosen === undefined ? unknown : { kind: 'language', language: chosen };
    }
    case 'menu':
    case 'group': {
      const inGroup = state.step === 'group';
      if (spoken) {
        if (saidAny(words, callWords.person)) return { kind: 'person' };
        const understood = heard && understoodSpeech(ctx, heard, unknown);
        if (understood !== undefined && understood.kind !== 'main-menu') return understood;
        const topic = matchTopic(words, ctx.lang.topics);
        if (topic !== undefined) return { kind: 'topic', topic };
        if (saidAny(words, callWords.menu) || understood?.kind === 'main-menu') {
          return inGroup ? { kind: 'main-menu' } : { kind: 'repeat' };
        }
        return unknown;
      }
      if (key === '0') return { kind: 'person' };
      if (key === '*') return inGroup ? { kind: 'main-menu' } : { kind: 'repeat' };
      const choice = menuIndex(key);
      if (!inGroup) {
        const entry = mainMenu(ctx)[choice];
        if (entry === undefined) return unknown;
        return entry.kind === 'group'
          ? { kind: 'group', index: entry.index }
          : { kind: 'topic', topic: entry.topic };
      }
      const group = groupTopics(ctx, state.group);
      if (group === undefined) return { kind: 'main-menu' };
      const topic = group[choice];
      return topic === undefined ? unknown : { kind: 'topic', topic };
    }
    case 'topic': {
      const topic = findTopic(ctx, state.topic);
      if (topic === undefined) return { kind: 'main-menu' };
      const part = clampPart(topic, state.part);
      const more = part + 1 < topic.parts.length;
      const next: Action = more ? { kind: 'part', part: part + 1 } : { kind: 'no-more-parts' };
      if (spoken) {
        if (saidAny(words, callWords.person)) return { kind: 'person' };
        if (saidAny(words, callWords.again)) return { kind: 'part', part };
        if (saidAny(words, callWords.next)) return next;
        if (saidAny(words, callWords.text)) return { kind: 'ask-text' };
        if (saidAny(words, callWords.menu)) return { kind: 'main-menu' };
        const understood = heard && understoodSpeech(ctx, heard, unknown);
        if (understood !== undefined) return understood;
        const other = matchTopic(words, ctx.lang.topics);
        return other === undefined ? unknown : { kind: 'topic', topic: other };
      }
      // A Map: keys such as "toString" or "__proto__" must never reach Object.prototype.
      const byKey = new Map<string, Action>([
        ['1', { kind: 'part', part }],
        ['2', next],
        ['3', { kind: 'ask-text' }],
        ['*', { kind: 'main-menu' }],
        ['0', { kind: 'person' }],
      ]);
      return byKey.get(key) ?? unknown;
    }
    case 'confirm': {
      if (findTopic(ctx, state.topic) === undefined) return { kind: 'main-menu' };
      if (spoken) {
        if (saidAny(words, callWords.yes)) return { kind: 'send-text' };
        if (saidAny(words, callWords.no) || saidAny(words, callWords.menu)) return { kind: 'topic-options' };
        return unknown;
      }
      const byKey = new Map<string, Action>([
        ['1', { kind: 'send-text' }],
        ['2', { kind: 'topic-options' }],
        ['*', { kind: 'main-menu' }],
      ]);
      return byKey.get(key) ?? unknown;
    }
    case 'dialled':
      return { kind: 'main-menu' };
    case 'choose': {
      const choices = (state.choices ?? []).flatMap((id) =>
        ctx.lang.topics.filter((topic) => topic.id === id),
      );
      if (choices.length === 0) return { kind: 'main-menu' };
      if (spoken) {
        if (saidAny(words, callWords.person)) return { kind: 'person' };
        if (saidAny(words, callWords.menu)) return { kind: 'main-menu' };
        const chosen =
          heard?.intent.kind === 'topic'
            ? choices.find((topic) => topic.id === (heard.intent as { topicId: string }).topicId)
            : undefined;
        const named = chosen ?? matchTopic(words, choices);
        return named === undefined ? unknown : { kind: 'topic', topic: named };
      }
      if (key === '*') return { kind: 'main-menu' };
      if (key === '0') return { kind: 'person' };
      const topic = choices[menuIndex(key)];
      return topic === undefined ? unknown : { kind: 'topic', topic };
    }
  }
}

/** The next thing the line says and listens for; misses count up, any valid answer resets them. */
function perform(ctx: Ctx, state: CallState, action: Action): CallTurn {
  const fresh: CallState = { ...state, misses: 0 };
  const menu = mainMenuState(ctx, state.turns);
  switch (action.kind) {
    case 'silence':
    case 'not-an-option':
    case 'not-understood': {
      const misses = state.misses + 1;
      if (misses >= MAX_MISSES) return goodbye(ctx);
      const sorry = {
        silence: ctx.prompts.noInput,
        'not-an-option': ctx.prompts.notAnOption,
        'not-understood': ctx.prompts.notUnderstood,
      }[action.kind];
      return listen(ctx, { ...state, misses }, sayAll(ctx, sorry));
    }
    case 'language': {
      const chosen = makeCtx(ctx.content, action.language, ctx.caller, ctx.settings, ctx.now);
      return listen(chosen, { ...menu, language: chosen.language }, greeting(chosen));
    }
    case 'group':
      return listen(ctx, { ...menu, step: 'group', group: action.index });
    case 'did-you-mean':
      return listen(ctx, { ...menu, step: 'choose', choices: action.topics.map((topic) => topic.id) });
    case 'say-then-menu':
      return listen(ctx, menu, sayAll(ctx, action.text));
    case 'topic': {
      const turn = playPart(ctx, fresh, action.topic, 0);
      return { ...turn, heard: action.topic.id };
    }
    case 'part': {
      const topic = findTopic(ctx, state.topic);
      return topic === undefined ? listen(ctx, menu) : playPart(ctx, fresh, topic, action.part);
    }
    case 'no-more-parts':
      return listen(ctx, { ...fresh, step: 'topic' }, sayAll(ctx, ctx.prompts.noMoreParts));
    case 'ask-text':
      if (!ctx.caller.canText) {
        return listen(ctx, { ...fresh, step: 'topic' }, sayAll(ctx, ctx.prompts.textUnavailable));
      }
      return listen(ctx, { ...fresh, step: 'confirm' });
    case 'send-text': {
      const topic = findTopic(ctx, state.topic);
      if (topic === undefined) return listen(ctx, menu);
      return { kind: 'send-text', topicId: topic.id, resume: { ...fresh, step: 'topic' } };
    }
    case 'topic-options':
      return listen(ctx, { ...fresh, step: 'topic' });
    case 'main-menu':
      return listen(ctx, menu);
    case 'repeat':
      return listen(ctx, fresh);
    case 'person':
      return talkToPerson(ctx, menu);
  }
}

function playPart(ctx: Ctx, state: CallState, topic: Topic, partIndex: number): SpeakTurn {
  const part = clampPart(topic, partIndex);
  const total = topic.parts.length;
  const spoken = topic.parts[part];
  const utterances: Utterance[] = [];
  if (part === 0) utterances.push(...sayAll(ctx, `${capitalise(topic.spoken)}.`));
  if (total > 1) utterances.push(...sayAll(ctx, fill(ctx.prompts.partIntro, { part: part + 1, total })));
  if (spoken !== undefined) {
    utterances.push(...readAloud(ctx, forRegion(spoken.voice ?? spoken.sms, ctx.caller.region)));
  }
  utterances.push(PAUSE);
  if (part + 1 >= total) utterances.push(...sayAll(ctx, ctx.prompts.lastPart));
  const { misses, turns } = state;
  return listen(
    ctx,
    { step: 'topic', language: ctx.language, topic: topic.id, part, misses, turns },
    utterances,
  );
}

function talkToPerson(ctx: Ctx, menu: CallState): CallTurn {
  const { region } = ctx.caller;
  const info = ctx.content.regions[region];
  const line = info.supportLine;
  const number = ctx.settings.supportLines[region] ?? line?.number;
  const offer = ctx.caller.canText ? sayAll(ctx, ctx.prompts.textOffer) : [];
  if (line === undefined || number === undefined) {
    return listen(ctx, menu, [...sayAll(ctx, ctx.prompts.noLine), ...offer]);
  }
  if (!isOpen(line.hours, line.timeZone ?? info.timeZone, ctx.now)) {
    const hours = line.spokenHours[ctx.language] ?? line.spokenHours.en ?? '';
    return listen(ctx, menu, [...sayAll(ctx, fill(ctx.prompts.closed, { hours })), ...offer]);
  }
  const next: CallState = { ...menu, step: 'dialled' };
  return speak(sayAll(ctx, ctx.prompts.transferring), {
    kind: 'dial',
    number,
    timeoutSeconds: ctx.settings.dialTimeoutSeconds,
    next,
  });
}

/** Twilio posts DialCallStatus to the Dial's action when the transfer ends. */
function afterTransfer(ctx: Ctx, state: CallState, input: CallInput): CallTurn {
  const status = input.kind === 'dial-ended' ? input.status : 'no-answer';
  if (status === 'completed' || status === 'answered') {
    return speak(sayAll(ctx, ctx.prompts.afterTransfer), { kind: 'hangup' });
  }
  const menu = mainMenuState(ctx, state.turns);
  const offer = ctx.caller.canText ? sayAll(ctx, ctx.prompts.textOffer) : [];
  return listen(ctx, menu, [...sayAll(ctx, ctx.prompts.noAnswer), ...offer]);
}

function goodbye(ctx: Ctx): CallTurn {
  return speak(sayAll(ctx, fill(ctx.prompts.goodbye, { line: ctx.content.program.name })), {
    kind: 'hangup',
  });
}

type MenuEntry = { kind: 'group'; index: number; label: string } | { kind: 'topic'; topic: Topic };

/** The first level: the content's groups, or the topics themselves when they fit one level. */
function mainMenu(ctx: Ctx): MenuEntry[] {
  const { groups } = ctx.prompts;
  if (groups === undefined) return ctx.lang.topics.map((topic) => ({ kind: 'topic', topic }));
  return groups.map((group, index) => ({ kind: 'group', index, label: group.spoken }));
}

function groupTopics(ctx: Ctx, index: number | undefined): Topic[] | undefined {
  const group = index === undefined ? undefined : ctx.prompts.groups?.[index];
  if (group === undefined) return undefined;
  return group.topics.flatMap((id) => ctx.lang.topics.filter((topic) => topic.id === id));
}

/** Listens for the answer to `state`'s question, after saying `before`. */
function listen(ctx: Ctx, state: CallState, before: Utterance[] = []): SpeakTurn {
  const { prompts } = ctx;
  const option = (label: string, key: number | string) => sayAll(ctx, fill(prompts.option, { label, key }));
  const personHints = prompts.words.person.map((word) => word.toLowerCase());
  let question: Utterance[];
  let hints: string[];
  let next = state;

  switch (state.step) {
    case 'language': {
      const languages = callLanguages(ctx.content);
      question = languages.flatMap((language, index) => {
        const other = makeCtx(ctx.content, language, ctx.caller, ctx.settings, ctx.now);
        return sayAll(other, fill(other.prompts.languageChoice, { key: index + 1 }));
      });
      hints = languages.flatMap((language) =>
        languageContent(ctx.content, language).voice.languageWords.map((word) => word.toLowerCase()),
      );
      break;
    }
    case 'group': {
      const topics = groupTopics(ctx, state.group);
      if (topics === undefined) return listen(ctx, mainMenuState(ctx, state.turns), before);
      question = [
        ...topics.flatMap((topic, index) => option(topic.spoken, index + 1)),
        ...sayAll(ctx, prompts.person),
        ...sayAll(ctx, prompts.mainMenu),
      ];
      hints = [...topicHints(topics), ...personHints];
      break;
    }
    case 'topic': {
      const topic = findTopic(ctx, state.topic);
      if (topic === undefined) return listen(ctx, mainMenuState(ctx, state.turns), before);
      const part = clampPart(topic, state.part);
      next = { ...state, part };
      const more = part + 1 < topic.parts.length;
      question = sayAll(
        ctx,
        [
          prompts.again,
          more ? prompts.next : '',
          ctx.caller.canText ? prompts.textOption : '',
          prompts.mainMenu,
        ]
          .filter(Boolean)
          .join(' '),
      );
      const words = prompts.words;
      hints = [...words.again, ...(more ? words.next : []), ...words.text, ...words.menu].map((word) =>
        word.toLowerCase(),
      );
      break;
    }
    case 'choose': {
      const choices = (state.choices ?? []).flatMap((id) =>
        ctx.lang.topics.filter((topic) => topic.id === id),
      );
      const asking = ctx.lang.understanding?.voice.didYouMean;
      if (choices.length === 0 || asking === undefined)
        return listen(ctx, mainMenuState(ctx, state.turns), before);
      const or = ctx.lang.understanding?.sms.or ?? 'or';
      question = [
        ...sayAll(
          ctx,
          fill(asking, {
            options: joinChoices(
              choices.map((topic) => topic.spoken),
              or,
            ),
          }),
        ),
        ...choices.flatMap((topic, index) => option(topic.spoken, index + 1)),
        ...sayAll(ctx, prompts.mainMenu),
      ];
      hints = [...topicHints(choices), ...prompts.words.menu.map((word) => word.toLowerCase())];
      break;
    }
    case 'confirm':
      question = sayAll(ctx, prompts.textConfirm);
      hints = [...prompts.words.yes, ...prompts.words.no].map((word) => word.toLowerCase());
      break;
    case 'menu':
    case 'dialled': {
      // Keeps the miss count: a re-prompted menu is still the same question.
      next = { ...mainMenuState(ctx, state.turns), misses: state.misses };
      question = [
        ...sayAll(ctx, prompts.menuIntro),
        ...mainMenu(ctx).flatMap((entry, index) =>
          option(entry.kind === 'group' ? entry.label : entry.topic.spoken, index + 1),
        ),
        ...sayAll(ctx, prompts.person),
      ];
      hints = [...topicHints(ctx.lang.topics), ...personHints];
      break;
    }
  }
  return speak([...before, ...question], {
    kind: 'listen',
    next,
    hints,
    speechLanguage: ctx.prompts.speakers[ctx.caller.region].language,
    timeoutSeconds: ctx.settings.listenTimeoutSeconds,
  });
}

function speak(utterances: Utterance[], ending: CallEnding): SpeakTurn {
  return { kind: 'speak', plan: { utterances, ending } };
}

/** A prompt in the caller's voice, at the content's calm rate, phone numbers read digit by digit. */
function sayAll(ctx: Ctx, text: string): Utterance[] {
  return [
    {
      kind: 'say',
      text: digitsSpokenSingly(text),
      speaker: ctx.prompts.speakers[ctx.caller.region],
      rate: ctx.prompts.rate,
    },
  ];
}

/** Guidance read one sentence at a time with a one-second pause between: easier to follow. */
function readAloud(ctx: Ctx, text: string): Utterance[] {
  const sentences = text
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
  return sentences.flatMap((sentence, index): Utterance[] => [
    ...(index > 0 ? [PAUSE] : []),
    ...sayAll(ctx, sentence),
  ]);
}

const PAUSE: Utterance = { kind: 'pause', seconds: 1 };

function mainMenuState(ctx: Ctx, turns: number): CallState {
  return { step: 'menu', language: ctx.language, misses: 0, turns };
}

/** "1" to "9" as an index into a menu; anything else matches nothing. */
function menuIndex(key: string): number {
  return /^[1-9]$/.test(key) ? Number(key) - 1 : -1;
}

function findTopic(ctx: Ctx, id: string | undefined): Topic | undefined {
  return ctx.lang.topics.find((topic) => topic.id === id);
}

function clampPart(topic: Topic, part: number | undefined): number {
  return Math.min(Math.max(part ?? 0, 0), topic.parts.length - 1);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
