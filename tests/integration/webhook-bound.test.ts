import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledContent } from '../../functions/adapters/content/bundled-content.js';
import { SECRETS_TIMEOUTS, sdkTimeouts, WEBHOOK_BOUND_MS } from '../../functions/adapters/time-budget.js';
import type { IntakeMessage, QueuedText } from '../../functions/core/intake/intake-ports.js';
import { renderCrisis, renderHelp } from '../../functions/core/sms-render.js';
import { makeSmsHandler } from '../../functions/sms/handler.js';
import { makeVoiceHandler } from '../../functions/voice/handler.js';
import { buildSmsDeps, buildVoiceDeps } from '../../functions/wiring.js';
import { callParams, newCallSid } from '../../infra/local/call-simulator.js';
import { DEV_AUTH_TOKEN, DEV_LINE_NUMBER } from '../../infra/local/dev-defaults.js';
import { createLocalServer, listen } from '../../infra/local/http-adapter.js';
import { parseTwimlMessages, postSignedForm, smsParams } from '../../infra/local/twilio-signing.js';
import { startHungStore } from '../fakes/hung-store.js';
import { quietLogger } from './line-harness.js';

const PUBLIC_URL = 'https://line.example.org';
const content = bundledContent();
const en = content.languages.en.sms;
const es = content.languages.es?.sms;

/**
 * The SMS webhook against a store that accepts connections and never answers: with the
 * deployed client settings (wiring.ts, time-budget.ts) every text is answered within the
 * webhook bound, queued with what the replay needs, and answered from content.
 */
describe('SMS webhook with a hung store', () => {
  let hung: Awaited<ReturnType<typeof startHungStore>>;
  let baseUrl: string;
  let closeServer: () => Promise<void>;
  const queued: IntakeMessage[] = [];
  let refuseQueue = false;
  let voiceSends = 0;

  beforeAll(async () => {
    hung = await startHungStore();
    const env = {
      TABLE_NAME: 'hung-table',
      PUBLIC_URL,
      TWILIO_AUTH_TOKEN: DEV_AUTH_TOKEN,
      DYNAMODB_ENDPOINT: hung.endpoint,
    };
    const deps = buildSmsDeps(env, deployedClientAt(hung.endpoint));
    const handler = makeSmsHandler({
      ...deps,
      logger: quietLogger,
      intake: {
        enqueue: async (message) => {
          if (refuseQueue) throw new Error('queue down too');
          queued.push(message);
        },
      },
    });
    const voiceDeps = buildVoiceDeps(env, deployedClientAt(hung.endpoint));
    const voice = makeVoiceHandler({
      ...voiceDeps,
      logger: quietLogger,
      clock: { now: () => new Date('2026-11-20T12:00:00Z') },
      messenger: {
        send: async () => {
          voiceSends++;
          return { outcome: 'sent', sid: 'SM1' };
        },
      },
    });
    const server = createLocalServer([
      { method: 'POST', path: '/sms', handler },
      { method: 'POST', path: '/voice', handler: voice },
      { method: 'POST', path: '/voice/*', handler: voice },
    ]);
    baseUrl = `http://127.0.0.1:${await listen(server, 0)}`;
    closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => {
    await closeServer();
    await hung.close();
  });

  const text = async (from: string, body: string) => {
    const params = smsParams({ from, to: DEV_LINE_NUMBER, body });
    const started = performance.now();
    const response = await postSignedForm(`${baseUrl}/sms`, params, DEV_AUTH_TOKEN, {
      signatureUrl: `${PUBLIC_URL}/sms`,
    });
    const elapsedMs = performance.now() - started;
    expect(response.status).toBe(200);
    return { replies: parseTwimlMessages(response.body), elapsedMs, messageSid: params.MessageSid };
  };

  it('answers every kind of text within the bound, queues each, and replies from content', async () => {
    const cases = [
      { from: '+447400123001', body: 'STOP', expected: [en.optOut] },
      { from: '+447400123002', body: 'please stop texting me', expected: [en.optOut] },
      {
        from: '+12025550103',
        body: 'HELP',
        expected: [renderHelp(content, 'en', 'us', { supportContact: 'help@example.org' })],
      },
      { from: '+12025550104', body: 'I want to kill myself', expected: [renderCrisis(content, 'en', 'us')] },
      { from: '+12025550105', body: 'DONE 3', expected: [en.deferred] },
      { from: '+12025550106', body: 'APPT 12 March 10:30', expected: [en.deferred] },
      { from: '+12025550107', body: 'Hola, quiero saber sobre la segunda opinión', expected: [es?.deferred] },
      { from: '+12025550108', body: 'ALTO', expected: [es?.optOut] },
    ];
    const before = hung.connections();
    const results = await Promise.all(cases.map(({ from, body }) => text(from, body)));
    // The store really was asked (and hung): the answers come from the budget, not a shortcut.
    expect(hung.connections()).toBeGreaterThan(before);
    for (const [index, result] of results.entries()) {
      expect(result.elapsedMs).toBeLessThan(WEBHOOK_BOUND_MS);
      expect(result.replies).toEqual(cases[index]?.expected);
    }
    const texts = queued.filter((message): message is QueuedText => message.kind === 'text');
    for (const [index, result] of results.entries()) {
      const entry = texts.find((message) => message.messageSid === result.messageSid);
      expect(entry).toMatchObject({ from: cases[index]?.from, body: cases[index]?.body });
      expect(entry?.alreadySent).toEqual(result.replies);
      expect(Number.isNaN(Date.parse(entry?.receivedAt ?? ''))).toBe(false);
    }
    expect(texts.find((message) => message.body.startsWith('Hola'))?.language).toBe('es');
  });

  it('still confirms an opt-out when the queue is down too, and asks others to try again', async () => {
    refuseQueue = true;
    try {
      const stop = await text('+447400123011', 'unsubscribe');
      const question = await text('+447400123012', 'what should I ask my doctor');
      expect(stop.replies).toEqual([en.optOut]);
      expect(question.replies).toEqual([en.apology]);
      expect(Math.max(stop.elapsedMs, question.elapsedMs)).toBeLessThan(WEBHOOK_BOUND_MS);
    } finally {
      refuseQueue = false;
    }
  });

  it('voice: the caller still hears the guidance; only text-me-this is refused, politely, in time', async () => {
    const call = (path: string, extra: Record<string, string> = {}) =>
      postSignedForm(
        `${baseUrl}${path}`,
        { ...callParams(newCallSid(), '+447400123506', DEV_LINE_NUMBER), ...extra },
        DEV_AUTH_TOKEN,
        { signatureUrl: `${PUBLIC_URL}${path}` },
      );
    const answered = await call('/voice');
    expect(answered.status).toBe(200);
    expect(answered.body).toContain('<Gather');
    const started = performance.now();
    const confirmed = await call('/voice/confirm?lang=en&misses=0&turns=4&topic=records&part=0', {
      Digits: '1',
    });
    expect(performance.now() - started).toBeLessThan(WEBHOOK_BOUND_MS);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toContain('we could not send the text just now');
    // The call goes on: the menu is offered again, nothing hangs up.
    expect(confirmed.body).toContain('<Gather');
    expect(confirmed.body).not.toContain('<Hangup');
    expect(voiceSends).toBe(0);
  });

  it('gives up on a hung Secrets Manager within its share of the bound', async () => {
    const client = new SecretsManagerClient({
      ...sdkTimeouts(SECRETS_TIMEOUTS),
      endpoint: hung.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const started = performance.now();
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'x' }))).rejects.toThrow();
    const elapsed = performance.now() - started;
    const { connectionTimeout, requestTimeout, maxAttempts } = SECRETS_TIMEOUTS;
    expect(elapsed).toBeLessThan(maxAttempts * (connectionTimeout + requestTimeout) + 500);
  });
});

/** The deployed client settings (wiring.ts, time-budget.ts) pointed at `endpoint`, with dummy credentials. */
function deployedClientAt(endpoint: string) {
  return { endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}
