import { expect } from 'vitest';
import {
  allNodes,
  type CallerAnswer,
  callParams,
  describeTwiml,
  newCallSid,
  nextRequest,
  parseVoiceTwiml,
  type TwimlNode,
} from '../../infra/local/call-simulator.js';
import { DEV_LINE_NUMBER } from '../../infra/local/dev-defaults.js';
import { type Line, PUBLIC_URL } from './line-harness.js';

/** A call placed on the test line, driven step by step like Twilio drives a real one. */
export type TestCall = Awaited<ReturnType<typeof placeCall>>;

/** The path and query of an absolute action URL on the line (what the test server is posted). */
export function pathOf(url: string): string {
  if (!url.startsWith(`${PUBLIC_URL}/`)) throw new Error(`action URL is not on the public URL: ${url}`);
  return url.slice(PUBLIC_URL.length);
}

/**
 * Answers POST /voice as `from`, then follows the TwiML with each answer given. With more than
 * one language the line first asks which one: `language` is the key the caller presses there
 * ('1' English by default, '2' Spanish), or null to stay at the language choice.
 */
export async function placeCall(
  line: Line,
  from: string,
  callSid = newCallSid(),
  language: string | null = '1',
) {
  const base = callParams(callSid, from, DEV_LINE_NUMBER);
  const first = await line.post('/voice', callParams(callSid, from, DEV_LINE_NUMBER, 'ringing'));
  expect(first.status, first.body).toBe(200);
  expect(first.contentType).toBe('text/xml');
  let twiml = parseVoiceTwiml(first.body);
  let ended = false;

  const call = {
    callSid,
    get twiml(): TwimlNode {
      return twiml;
    },
    get ended() {
      return ended;
    },
    /** Everything said in the current answer, one string. */
    heard: () => describeTwiml(twiml).join(' '),
    gather: () => twiml.children.find((node) => node.name === 'Gather'),
    /** The caller's next move; resolves with the new TwiML (throws if the call already ended). */
    async answer(answer: CallerAnswer, dialCallStatus?: string) {
      const next = nextRequest(twiml, answer, dialCallStatus);
      if (next.kind === 'ended') throw new Error(`the call has ended (${next.reason})`);
      const response = await line.post(pathOf(next.url), { ...base, ...next.params });
      expect(response.status, response.body).toBe(200);
      twiml = parseVoiceTwiml(response.body);
      ended = twiml.children.some((node) => node.name === 'Hangup');
      return twiml;
    },
    press: (digits: string) => call.answer({ digits }),
    say: (speech: string) => call.answer({ speech }),
    silence: () => call.answer({ silence: true }),
  };
  const offersLanguages = call.gather()?.attributes.action?.startsWith(`${PUBLIC_URL}/voice/language`);
  if (offersLanguages && language !== null) await call.press(language);
  return call;
}

/** Names of the top-level verbs, e.g. ['Gather', 'Redirect']. */
export const verbs = (twiml: TwimlNode) => twiml.children.map((node) => node.name);

/** Every <Say> element, nested ones included. */
export const says = (twiml: TwimlNode) => allNodes(twiml).filter((node) => node.name === 'Say');
