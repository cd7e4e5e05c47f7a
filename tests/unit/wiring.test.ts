import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/config.js';
import { buildHandlerDeps, buildSmsDeps, buildVoiceDeps } from '../../functions/wiring.js';

const env = {
  TABLE_NAME: 'guidance-line',
  PUBLIC_URL: 'https://line.example.org',
  TWILIO_AUTH_TOKEN: 'test-auth-token',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:1',
};

describe('buildVoiceDeps: the voice Lambda cold start', () => {
  it('builds what the voice handler needs and nothing of the SMS line or the reminders', () => {
    const deps = buildVoiceDeps(env);
    try {
      expect(Object.keys(deps).sort()).toEqual(
        [
          'authToken',
          'callers',
          'clock',
          'config',
          'content',
          'documentClient',
          'messenger',
          'publicUrl',
          'settings',
          'voice',
        ].sort(),
      );
      expect(deps.settings).toEqual({ defaultRegion: 'us' });
      expect(deps.messenger).toBeUndefined();
    } finally {
      deps.documentClient.destroy();
    }
  });

  it("gives up a text at the caller's wait (the voice text timeout), not the messenger's 10 s", async () => {
    let aborted = 0;
    const silent = createServer((req) => {
      req.on('close', () => {
        aborted += 1;
      });
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const deps = buildVoiceDeps({
      ...env,
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE_URL: `http://127.0.0.1:${port}`,
    });
    try {
      const started = Date.now();
      const result = await deps.messenger?.send({ to: '+447400123456', body: 'hello' });
      const took = Date.now() - started;
      expect(result).toMatchObject({ outcome: 'retryable', reason: 'TimeoutError' });
      expect(took).toBeGreaterThanOrEqual(deps.voice.textTimeoutMs - 50);
      expect(took).toBeLessThan(deps.voice.textTimeoutMs + 1_500);
      await expect.poll(() => aborted).toBe(1);
    } finally {
      deps.documentClient.destroy();
      silent.closeAllConnections();
      silent.close();
    }
  }, 10_000);
});

describe('buildSmsDeps: the SMS Lambda cold start', () => {
  it('builds the people, content and conversation settings and the intake queue, nothing for sending or calls', () => {
    const deps = buildSmsDeps(env);
    try {
      expect(Object.keys(deps).sort()).toEqual(
        [
          'authToken',
          'clock',
          'config',
          'content',
          'documentClient',
          'intake',
          'publicUrl',
          'settings',
          'subscribers',
        ].sort(),
      );
      // No queue configured (a local run): the local runtime supplies its own.
      expect(deps.intake).toBeUndefined();
      const deployed = buildSmsDeps({
        ...env,
        INTAKE_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/123456789012/line-intake.fifo',
      });
      expect(deployed.intake).toBeDefined();
      deployed.documentClient.destroy();
      expect(() => buildSmsDeps({ ...env, INTAKE_QUEUE_URL: 'https://example.org/queue' })).toThrow(
        /INTAKE_QUEUE_URL: an SQS FIFO queue URL/,
      );
    } finally {
      deps.documentClient.destroy();
    }
  });

  it('still starts when the outbound sender is misconfigured, so STOP is always answered', () => {
    const misconfigured = { ...env, TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` };
    expect(() => buildHandlerDeps(misconfigured)).toThrow(ConfigError);
    const deps = buildSmsDeps(misconfigured);
    deps.documentClient.destroy();
    expect(deps.subscribers).toBeDefined();
  });
});
