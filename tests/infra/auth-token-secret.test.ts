import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthTokenUnavailableError,
  prefetch,
  secretsManagerAuthToken,
} from '../../functions/adapters/secrets/auth-token.js';
import { authTokenSource, ConfigError, HandlerEnvSchema } from '../../functions/config.js';
import { buildAuthToken } from '../../functions/wiring.js';

const ARN = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:TwilioAuthToken-AbCdEf';
const TOKEN = '0123456789abcdef0123456789abcdef';

const secrets = mockClient(SecretsManagerClient);
afterEach(() => secrets.reset());

describe('secretsManagerAuthToken', () => {
  it('reads the secret once per container and serves the cached token after', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: TOKEN });
    const authToken = secretsManagerAuthToken(ARN, new SecretsManagerClient({ region: 'eu-west-2' }));
    expect(secrets.calls()).toHaveLength(0);
    const [first, second] = await Promise.all([authToken(), authToken()]);
    expect(await authToken()).toBe(TOKEN);
    expect([first, second]).toEqual([TOKEN, TOKEN]);
    expect(secrets.calls()).toHaveLength(1);
  });

  it('does not cache a failure: the next request reads again', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }))
      .resolves({ SecretString: TOKEN });
    const authToken = secretsManagerAuthToken(ARN, new SecretsManagerClient({ region: 'eu-west-2' }));
    await expect(authToken()).rejects.toThrow(AuthTokenUnavailableError);
    await expect(authToken()).resolves.toBe(TOKEN);
    expect(secrets.calls()).toHaveLength(2);
  });

  it.each([
    ['an empty secret', {}],
    ['a too-short value', { SecretString: 'short' }],
    ['the local dev token', { SecretString: 'dev-auth-token-not-secret-0000000' }],
    ['a value that is not 32 hex characters', { SecretString: 'short-but-not-a-twilio-auth-token-x' }],
  ])('refuses %s without echoing it', async (_, output) => {
    secrets.on(GetSecretValueCommand).resolves(output);
    const authToken = secretsManagerAuthToken(ARN, new SecretsManagerClient({ region: 'eu-west-2' }));
    const error = await authToken().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthTokenUnavailableError);
    expect(String(error)).toContain(ARN);
    expect(String(error)).not.toContain('short');
    expect(String(error)).not.toContain('dev-auth');
    expect(String(error)).toContain('32 hex characters');
  });

  it('prefetch starts the read at cold start; a failure is left for the first request to retry', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }))
      .resolves({ SecretString: TOKEN });
    const authToken = secretsManagerAuthToken(ARN, new SecretsManagerClient({ region: 'eu-west-2' }));
    prefetch(authToken);
    await new Promise((resolve) => setImmediate(resolve));
    expect(secrets.calls()).toHaveLength(1);
    await expect(authToken()).resolves.toBe(TOKEN);
    await expect(authToken()).resolves.toBe(TOKEN);
    expect(secrets.calls()).toHaveLength(2);
  });

  it('trims a trailing newline left by `aws secretsmanager put-secret-value --secret-string file://…`', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: `${TOKEN}\n` });
    const authToken = secretsManagerAuthToken(ARN, new SecretsManagerClient({ region: 'eu-west-2' }));
    expect(await authToken()).toBe(TOKEN);
  });
});

describe('authTokenSource: exactly one of TWILIO_AUTH_TOKEN and TWILIO_AUTH_TOKEN_SECRET_ARN', () => {
  const base = { TABLE_NAME: 'line', PUBLIC_URL: 'https://abc.execute-api.eu-west-2.amazonaws.com' };
  const parse = (env: Record<string, string>) => v.parse(HandlerEnvSchema, { ...base, ...env });

  it('uses the environment token for local runs', () => {
    expect(authTokenSource(parse({ TWILIO_AUTH_TOKEN: TOKEN }))).toEqual({ kind: 'value', token: TOKEN });
  });

  it('uses the secret when deployed', () => {
    expect(authTokenSource(parse({ TWILIO_AUTH_TOKEN_SECRET_ARN: ARN }))).toEqual({
      kind: 'secret',
      secretArn: ARN,
    });
  });

  it.each([
    ['neither', {}],
    ['both', { TWILIO_AUTH_TOKEN: TOKEN, TWILIO_AUTH_TOKEN_SECRET_ARN: ARN }],
  ])('refuses %s, without echoing the token', (_, env) => {
    const config = parse(env);
    expect(() => authTokenSource(config)).toThrow(ConfigError);
    expect(() => authTokenSource(config)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(TOKEN) }),
    );
  });

  it('rejects an ARN that is not a Secrets Manager secret', () => {
    expect(() =>
      parse({ TWILIO_AUTH_TOKEN_SECRET_ARN: 'arn:aws:ssm:eu-west-2:123456789012:parameter/x' }),
    ).toThrow();
  });

  it('wires the secret reader when deployed: one read, on first use', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: TOKEN });
    process.env.AWS_REGION ??= 'eu-west-2';
    const authToken = buildAuthToken(parse({ TWILIO_AUTH_TOKEN_SECRET_ARN: ARN }));
    expect(secrets.calls()).toHaveLength(0);
    expect(await authToken()).toBe(TOKEN);
    expect(await authToken()).toBe(TOKEN);
    expect(secrets.calls()).toHaveLength(1);
  });
});
