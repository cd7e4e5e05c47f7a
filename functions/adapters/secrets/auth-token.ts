import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The part of the Secrets Manager client the reader uses; tests pass a fake. */
export type SecretsClient = Pick<SecretsManagerClient, 'send'>;

/** Thrown when the secret cannot be read or holds no usable token. Never carries the value. */
export class AuthTokenUnavailableError extends Error {
  override name = 'AuthTokenUnavailableError';
}

/** Twilio auth tokens are 32 hex characters; anything shorter is a placeholder or a typo. */
const MIN_TOKEN_LENGTH = 8;

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
  client: SecretsClient = new SecretsManagerClient({}),
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
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new AuthTokenUnavailableError(
      `the secret ${secretArn} holds no Twilio auth token (set it with put-secret-value)`,
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
