import { randomBytes } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DEV_ACCOUNT_SID } from './dev-defaults.js';
import { TwimlParseError } from './twilio-signing.js';

/**
 * What Twilio does with the voice line's TwiML, for `npm run call` and the tests: read the
 * verbs, and work out the next request a real call would make (the Gather's action with the
 * caller's keys or words, the Redirect after a silent Gather, the Dial's action).
 */

/** One TwiML element: its name, attributes, own text (descendants' text included) and child elements. */
export type TwimlNode = {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: TwimlNode[];
};

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
});

/** Parses a voice answer into its `<Response>` element, or throws TwimlParseError. */
export function parseVoiceTwiml(xml: string): TwimlNode {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    throw new TwimlParseError(`Not well-formed XML: ${validation.err.msg} (line ${validation.err.line})`);
  }
  const roots = toNodes(parser.parse(xml));
  const [root] = roots;
  if (roots.length !== 1 || root === undefined || root.name !== 'Response') {
    throw new TwimlParseError(`Expected a TwiML <Response>, got: ${xml.slice(0, 200)}`);
  }
  return root;
}

function toNodes(list: unknown): TwimlNode[] {
  if (!Array.isArray(list)) return [];
  const nodes: TwimlNode[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    let attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(item)) {
      if (key === ':@' && typeof value === 'object' && value !== null) {
        attributes = Object.fromEntries(Object.entries(value).map(([name, v]) => [name, String(v)]));
      }
    }
    for (const [key, value] of Object.entries(item)) {
      if (key === ':@' || key === '#text') continue;
      const children = toNodes(value);
      nodes.push({ name: key, attributes, text: textOf(value), children });
    }
  }
  return nodes;
}

function textOf(list: unknown): string {
  if (!Array.isArray(list)) return '';
  return list
    .map((item: unknown) => {
      if (typeof item !== 'object' || item === null) return '';
      return Object.entries(item)
        .map(([key, value]) => (key === '#text' ? String(value) : key === ':@' ? '' : textOf(value)))
        .join('');
    })
    .join('');
}

/** Every element in document order, nested ones (a Gather's Say) after their parent. */
export function allNodes(node: TwimlNode): TwimlNode[] {
  return node.children.flatMap((child) => [child, ...allNodes(child)]);
}

/** What the caller hears and sees, line by line: Say text, "…" for a pause, transfers in brackets. */
export function describeTwiml(response: TwimlNode): string[] {
  return allNodes(response).flatMap((node) => {
    switch (node.name) {
      case 'Say':
        return [node.text.trim()];
      case 'Pause':
        return ['…'];
      case 'Dial':
        return [`[transferring to ${node.text.trim()}]`];
      case 'Hangup':
        return ['[the line hangs up]'];
      default:
        return [];
    }
  });
}

/** What the caller does at a Gather: keys, words, or nothing. */
export type CallerAnswer = { digits: string } | { speech: string } | { silence: true };

export type NextRequest =
  | { kind: 'request'; url: string; params: Record<string, string> }
  | { kind: 'ended'; reason: 'hangup' | 'end of document' };

/**
 * The request Twilio makes after playing `response`, given the caller's answer at its Gather
 * and how a transfer ended. Keys are cut to the Gather's numDigits, as Twilio does.
 */
export function nextRequest(
  response: TwimlNode,
  answer: CallerAnswer,
  dialCallStatus = 'no-answer',
): NextRequest {
  for (const node of response.children) {
    switch (node.name) {
      case 'Gather': {
        const action = node.attributes.action;
        if (action === undefined) break;
        if ('digits' in answer && answer.digits !== '') {
          const numDigits = Number(node.attributes.numDigits ?? '0');
          const digits = numDigits > 0 ? answer.digits.slice(0, numDigits) : answer.digits;
          return { kind: 'request', url: action, params: { Digits: digits, FinishedOnKey: '' } };
        }
        if ('speech' in answer && answer.speech.trim() !== '') {
          return { kind: 'request', url: action, params: { SpeechResult: answer.speech, Confidence: '0.9' } };
        }
        break;
      }
      case 'Redirect':
        return { kind: 'request', url: node.text.trim(), params: {} };
      case 'Dial': {
        const action = node.attributes.action;
        if (action !== undefined) {
          return {
            kind: 'request',
            url: action,
            params: { DialCallStatus: dialCallStatus, DialCallDuration: '0' },
          };
        }
        break;
      }
      case 'Hangup':
        return { kind: 'ended', reason: 'hangup' };
    }
  }
  return { kind: 'ended', reason: 'end of document' };
}

/** A new CallSid, as Twilio assigns one per call. */
export function newCallSid(): string {
  return `CA${randomBytes(16).toString('hex')}`;
}

/** The parameters Twilio posts with every voice webhook of an inbound call ('ringing' on the first). */
export function callParams(
  callSid: string,
  from: string,
  to: string,
  callStatus: 'ringing' | 'in-progress' = 'in-progress',
): Record<string, string> {
  return {
    CallSid: callSid,
    AccountSid: DEV_ACCOUNT_SID,
    From: from,
    To: to,
    Caller: from,
    Called: to,
    CallStatus: callStatus,
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
  };
}
