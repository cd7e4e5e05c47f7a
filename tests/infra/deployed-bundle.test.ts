import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandlerEnvSchema, parseEnv } from '../../functions/config.js';
import { isDeployedBundle } from '../../functions/deployment.js';
import { outboundEndpoints } from '../../functions/wiring.js';
import { lambdaBundling, lambdaEsbuildOptions } from '../../infra/cdk/constructs/bundling.js';
import { DEV_AUTH_TOKEN } from '../../infra/local/dev-defaults.js';

/**
 * A deployed function refuses local settings: the probe is bundled exactly as the Lambdas are
 * (lambdaEsbuildOptions, the same define as the CDK bundling) and run with hostile settings.
 */
const run = promisify(execFile);
let outdir = '';
let probe = '';
beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'deployed-probe-'));
  probe = join(outdir, 'probe.mjs');
  await build(lambdaEsbuildOptions('tests/fixtures/deployed-bundle-probe.ts', probe));
});
afterAll(() => rm(outdir, { recursive: true, force: true }));

const BASE_ENV = {
  TABLE_NAME: 'line',
  PUBLIC_URL: 'https://line.example.org',
  DYNAMODB_ENDPOINT: 'http://attacker.example:8000',
  TWILIO_API_BASE_URL: 'http://attacker.example',
  TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
  TWILIO_FROM: '+15005550006',
};
const probeWith = async (env: Record<string, string>) => {
  const { stdout } = await run(process.execPath, [probe], { env: { PATH: process.env.PATH ?? '', ...env } });
  return JSON.parse(stdout) as { deployed: boolean; endpoints: Record<string, unknown>; authToken: string };
};

describe('a deployed bundle', () => {
  it('is marked deployed by the CDK bundling and by the bundle options the tests build with', () => {
    expect(lambdaBundling('sms').define).toEqual({ __LINE_DEPLOYED_BUNDLE__: 'true' });
    expect(lambdaEsbuildOptions('x.ts', 'x.mjs').define).toEqual({ __LINE_DEPLOYED_BUNDLE__: 'true' });
  });

  it('ignores DYNAMODB_ENDPOINT and TWILIO_API_BASE_URL', async () => {
    const result = await probeWith({
      ...BASE_ENV,
      TWILIO_AUTH_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:T-AbCdEf',
    });
    expect(result.deployed).toBe(true);
    expect(result.endpoints).toEqual({});
    expect(result.authToken).toBe('accepted');
  });

  it.each([
    ['the local dev token', DEV_AUTH_TOKEN],
    ['a token that is not 32 hex characters', 'not-a-twilio-token-but-long-enough'],
    ['31 hex characters', 'a'.repeat(31)],
  ])('refuses %s, with a clear error', async (_, token) => {
    const result = await probeWith({ ...BASE_ENV, TWILIO_AUTH_TOKEN: token });
    expect(result.authToken).toContain(
      'TWILIO_AUTH_TOKEN: a deployed function takes only a Twilio auth token',
    );
    expect(result.authToken).not.toContain(token);
  });

  it('takes a real-looking token', async () => {
    const result = await probeWith({ ...BASE_ENV, TWILIO_AUTH_TOKEN: '0123456789abcdef0123456789ABCDEF' });
    expect(result.authToken).toBe('accepted');
  });
});

describe('outside a bundle (local runs and tests)', () => {
  it('honours the local overrides', () => {
    expect(isDeployedBundle()).toBe(false);
    const config = parseEnv(HandlerEnvSchema, { ...BASE_ENV, TWILIO_AUTH_TOKEN: DEV_AUTH_TOKEN });
    expect(outboundEndpoints(config)).toEqual({
      dynamodbEndpoint: 'http://attacker.example:8000',
      twilioApiBaseUrl: 'http://attacker.example',
    });
  });
});
