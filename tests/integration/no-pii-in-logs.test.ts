import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../functions/adapters/logging.js';
import { emfMetrics } from '../../functions/adapters/metrics/emf-metrics.js';
import { METRIC_NAMESPACE } from '../../functions/core/usage-metrics.js';
import { DEV_LINE_NUMBER } from '../../infra/local/dev-defaults.js';
import { smsParams } from '../../infra/local/twilio-signing.js';
import { type Line, startLine } from './line-harness.js';
import { placeCall } from './voice-harness.js';

/**
 * No phone number and no message text ever reaches a log. The whole flow runs
 * through the deployed handlers (signed requests, DynamoDB Local) with the production
 * Powertools logger at DEBUG, and everything written meanwhile is captured: the logger's
 * structured calls, stdout, stderr and console.
 */

const CALLER_UK = '+447400123491';
const CALLER_CA = '+14165550199';
const UK_SUPPORT_LINE = '+442079460750';
/** Friday 20 Nov 2026, 12:00 in London: the UK support line is open, so a transfer is dialled. */
const FRIDAY_NOON_UTC = new Date('2026-11-20T12:00:00Z');
/** The texts people send; a sentence with words no log would ever contain by chance. */
const FREE_TEXT = 'My oncologist Dr Quillfeather mentioned stage 3 lymphoma, what now?';
const SENT_BODIES = ['START', 'MENU', 'RECORDS', 'MORE', 'APPT 12 Dec 10:30', FREE_TEXT, 'HELP', 'STOP'];
/** Distinctive words of the free text, checked on their own too (a log may quote part of it). */
const FREE_TEXT_WORDS = ['Quillfeather', 'oncologist', 'lymphoma'];

const captured: string[] = [];
/** The EMF lines the Lambdas would write for the same flow (Powertools' own serialisation). */
const emf: string[] = [];
const replies: string[] = [];
const restores: (() => void)[] = [];

/** Records every call, then hands it to the real logger so its own output is captured too. */
function capturingLogger(inner: Logger): Logger {
  const wrap =
    (level: keyof Logger) =>
    (...args: unknown[]) => {
      captured.push(`${level}: ${JSON.stringify(args)}`);
      (inner[level] as (...a: unknown[]) => void)(...args);
    };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}

function captureWrites(stream: NodeJS.WriteStream): void {
  const original = stream.write.bind(stream);
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
  restores.push(() => {
    stream.write = original;
  });
}

function captureConsole(): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      captured.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
      original(...args);
    };
    restores.push(() => {
      console[method] = original;
    });
  }
}

let line: Line;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  captureWrites(process.stdout);
  captureWrites(process.stderr);
  captureConsole();
  line = await startLine({
    logger: capturingLogger(createLogger('no-pii-test')),
    clock: { now: () => FRIDAY_NOON_UTC },
    env: { SUPPORT_LINE_UK: UK_SUPPORT_LINE },
    metrics: emfMetrics({
      // Kept apart from the logs: a keyword class (STOP, START) is a label here, checked below.
      write: (line) => {
        emf.push(line);
      },
    }),
  });

  const text = async (from: string, body: string) => {
    const answer = await line.text(from, body);
    replies.push(...answer);
    return answer;
  };
  // A whole SMS conversation, opt-in to opt-out, with an appointment and a free-text question.
  for (const body of SENT_BODIES) await text(CALLER_UK, body);
  // A first text from a North American number, and a retried (duplicate) delivery.
  await text(CALLER_CA, 'HELP');
  const duplicate = smsParams({ from: CALLER_CA, to: DEV_LINE_NUMBER, body: FREE_TEXT });
  for (let delivery = 0; delivery < 2; delivery++) {
    const response = await line.post('/sms', duplicate);
    expect(response.status).toBe(200);
  }

  // A call: the menu, a topic by speech, text-me-this confirmed, then the support-line option.
  const call = await placeCall(line, CALLER_CA);
  await call.say('records');
  await call.press('3');
  await call.press('1');
  replies.push(call.heard());
  // A transfer to the support line that nobody answers, back to the menu.
  const second = await placeCall(line, CALLER_UK);
  await second.press('0');
  await second.answer({ silence: true }, 'no-answer');
  replies.push(second.heard());

  // A request with a bad signature (logged as a warning) must not leak either.
  await line.post(
    '/sms',
    { From: CALLER_UK, Body: FREE_TEXT, MessageSid: `SM${'8'.repeat(32)}` },
    { signature: 'bad' },
  );
});

afterAll(async () => {
  for (const restore of restores.reverse()) restore();
  delete process.env.POWERTOOLS_LOG_LEVEL;
  await line?.close();
});

describe('logs from a full SMS and voice flow', () => {
  it('captured the handlers’ logs (the check is not vacuous)', () => {
    const all = captured.join('\n');
    expect(all).toMatch(/sms answered/);
    expect(all).toMatch(/call step answered/);
    expect(all).toMatch(/rejected a request without a valid Twilio signature/);
    // The Powertools logger's own JSON output was captured, not only the calls made to it.
    expect(all).toMatch(/"service":"no-pii-test"/);
    // Request ids are logged: they are how a log line is tied to a message in Twilio's console.
    expect(all).toMatch(/SM[0-9a-f]{32}/);
    expect(replies.length).toBeGreaterThan(8);
  });

  it('contain no E.164 number, and no bare digits of the numbers used', () => {
    const all = captured.join('\n');
    expect(all.match(/\+\d{8,15}/g) ?? []).toEqual([]);
    for (const number of [CALLER_UK, CALLER_CA, DEV_LINE_NUMBER, UK_SUPPORT_LINE]) {
      expect(all).not.toContain(number.slice(1));
    }
  });

  it('contain none of the texts people sent', () => {
    const all = captured.join('\n');
    for (const body of SENT_BODIES) {
      expect(all).not.toMatch(new RegExp(`\\b${body.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`));
    }
    for (const word of FREE_TEXT_WORDS) expect(all).not.toContain(word);
  });

  it('contain none of the texts the line sent back', () => {
    const all = captured.join('\n');
    for (const reply of replies) expect(all).not.toContain(reply.slice(0, 40));
  });
});

describe('metrics from the same flow (CloudWatch EMF, as the Lambdas write it)', () => {
  const records = () => emf.map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: EmfMeta });
  type EmfMeta = {
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
  };

  it('counts texts by language, region and what they were understood as, in one namespace', () => {
    const all = records();
    expect(all.length).toBeGreaterThan(10);
    for (const record of all) {
      expect(record._aws.CloudWatchMetrics[0]?.Namespace).toBe(METRIC_NAMESPACE);
      expect(record.service).toBe('second-opinion-line');
    }
    const texts = all.filter((record) => 'InboundText' in record);
    // Every text answered once (the duplicate delivery is not counted twice).
    expect(texts).toHaveLength(SENT_BODIES.length + 2);
    const first = texts[0];
    expect(first?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual(
      expect.arrayContaining([
        ['service'],
        ['service', 'language'],
        ['service', 'region'],
        ['service', 'layer'],
      ]),
    );
    expect(texts.map((record) => record.region)).toEqual(expect.arrayContaining(['uk', 'ca']));
    expect(texts.map((record) => record.language)).toContain('en');
    expect(texts.map((record) => record.layer)).toEqual(expect.arrayContaining(['opt-out', 'command']));
    const names = new Set(
      all.flatMap((record) => record._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name)),
    );
    for (const name of [
      'OptIn',
      'OptOut',
      'FirstContact',
      'CallStep',
      'CallEnded',
      'TextMeThis',
      'OutboundSend',
    ]) {
      expect(names).toContain(name);
    }
    expect(all.find((record) => 'OptOut' in record)?.keyword).toBe('STOP');
  });

  it('holds only labels: no number, SID, body or word of a text in any dimension', () => {
    const allowed = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
    for (const record of records()) {
      const { _aws, ...fields } = record;
      for (const [key, value] of Object.entries(fields)) {
        if (typeof value === 'number') continue;
        expect(String(value), key).toMatch(allowed);
        expect(String(value), key).not.toMatch(/^(SM|CA|MM)[0-9a-f]{32}$/);
        expect(String(value), key).not.toMatch(/\d{6,}/);
      }
    }
    const all = emf.join('\n');
    for (const number of [CALLER_UK, CALLER_CA, DEV_LINE_NUMBER, UK_SUPPORT_LINE]) {
      expect(all).not.toContain(number.slice(1));
    }
    for (const word of FREE_TEXT_WORDS) expect(all).not.toContain(word);
  });
});
