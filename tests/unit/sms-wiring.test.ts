import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/config.js';
import { buildHandlerDeps, buildSmsDeps } from '../../functions/wiring.js';

const env = {
  TABLE_NAME: 'guidance-line',
  PUBLIC_URL: 'https://line.example.org',
  TWILIO_AUTH_TOKEN: 'test-auth-token',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:1',
};

describe('buildSmsDeps: the SMS Lambda cold start', () => {
  it('builds the people, content and conversation settings, nothing for sending or calls', () => {
    const deps = buildSmsDeps(env);
    try {
      expect(Object.keys(deps).sort()).toEqual(
        [
          'authToken',
          'clock',
          'config',
          'content',
          'documentClient',
          'publicUrl',
          'settings',
          'subscribers',
        ].sort(),
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
