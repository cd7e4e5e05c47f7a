import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { TWILIO_AUTH_TOKEN_PATTERN } from '../../deployment.js';
import { SECRETS_TIMEOUTS, sdkTimeouts } from '../time-budget.js';

/** The part of the Secrets Manager client the reader uses; tests pass a fake. */
export type SecretsClient = Pick<SecretsManagerClient, 'send'>;

/** Thrown when the secret cannot be read or holds no usable token. Never carries the value. */
export class AuthTokenUnavailableError extends Error {
  override name = 'AuthTokenUnavailableError';
}

/**
 * The Twilio auth token from Secrets Manager, read on first use and then cached for the life
 * of the Lambda container (one read per cold start: a call per webhook would add ~20 ms and
 * cost per request). A failed read is not cached, so the next request tries again.
 *
 * The value never reaches a log or an error message: errors name the secret's ARN only.
 * After rotating the token in Twilio, update the secret and force new containers (a deploy
 * or any configuration change) so warm ones stop using the old token.
 */
export function secretsManagerAuthToken(
  secretArn: string,
  client: SecretsClient = new SecretsManagerClient(sdkTimeouts(SECRETS_TIMEOUTS)),
): () => Promise<string> {
  let cached: Promise<string> | undefined;
  return () => {
    cached ??= readToken(client, secretArn).catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}

async function readToken(client: SecretsClient, secretArn: string): Promise<string> {
  let secretString: string | undefined;
  try {
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    secretString = output.SecretString;
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'unknown error';
    throw new AuthTokenUnavailableError(
      `could not read the Twilio auth token secret ${secretArn}: ${reason}`,
    );
  }
  const token = secretString?.trim() ?? '';
  // Twilio's tokens are 32 hex characters: anything else (the local dev token, a placeholder,
  // a pasted SID) would make every webhook fail its signature check, so it is refused loudly.
  if (!TWILIO_AUTH_TOKEN_PATTERN.test(token)) {
    throw new AuthTokenUnavailableError(
      `the secret ${secretArn} holds no Twilio auth token: it must be the account's 32 hex characters (set it with put-secret-value)`,
    );
  }
  return token;
}

/**
 * Starts a read without waiting for it, for a Lambda's cold start: the request to Secrets
 * Manager then overlaps the rest of the initialisation instead of delaying the first
 * webhook. A failure is left for the first request to meet (and retry: see above).
 */
export function prefetch(authToken: () => Promise<string>): void {
  authToken().catch(() => undefined);
}
