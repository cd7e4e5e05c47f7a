import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { localTableDefinition } from '../functions/adapters/dynamodb/table.js';
import { buildHandlerDeps } from '../functions/wiring.js';
import { handlerEnv, LocalEnvSchema } from '../infra/local/config.js';
import { DEV_AUTH_TOKEN } from '../infra/local/dev-defaults.js';
import { localDynamoClientConfig } from '../infra/local/dynamodb-local.js';
import { ensureTable } from '../infra/local/table-setup.js';
import { signTwilioRequest } from '../infra/local/twilio-signing.js';

export const BENCH_PUBLIC_URL = 'https://bench.example.org';

/** A fresh table in the given DynamoDB and the local config that points at it. */
export async function benchConfig(endpoint: string) {
  const tableName = `bench-${randomBytes(4).toString('hex')}`;
  const admin = new DynamoDBClient(localDynamoClientConfig(endpoint));
  await ensureTable(admin, localTableDefinition(tableName));
  admin.destroy();
  return LocalEnvSchema.parse({ TABLE_NAME: tableName, PUBLIC_URL: BENCH_PUBLIC_URL, PORT: '0' });
}

/** The event API Gateway HTTP API would deliver for a signed Twilio form POST. */
export function signedEvent(
  path: string,
  params: Record<string, string>,
  query = '',
  authToken = DEV_AUTH_TOKEN,
): APIGatewayProxyEventV2 {
  const url = `${BENCH_PUBLIC_URL}${path}${query ? `?${query}` : ''}`;
  return {
    version: '2.0',
    routeKey: `POST ${path}`,
    rawPath: path,
    rawQueryString: query,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(authToken, url, params),
    },
    requestContext: {
      accountId: 'bench',
      apiId: 'bench',
      domainName: 'bench.example.org',
      domainPrefix: 'bench',
      http: {
        method: 'POST',
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'TwilioProxy/1.1',
      },
      requestId: randomBytes(8).toString('hex'),
      routeKey: `POST ${path}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    body: Buffer.from(new URLSearchParams(params).toString()).toString('base64'),
    isBase64Encoded: true,
  };
}

export const benchContext = {
  functionName: 'bench',
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export const quietLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * Handler dependencies against a fresh table in DynamoDB Local, with a counter of the
 * DynamoDB requests the handlers make (read `requests.count`, reset it between phases).
 */
export async function benchDeps(endpoint: string) {
  const config = await benchConfig(endpoint);
  const deps = buildHandlerDeps(handlerEnv(config, endpoint), localDynamoClientConfig(endpoint));
  const requests = { count: 0 };
  deps.documentClient.middlewareStack.add(
    (next) => async (args) => {
      requests.count += 1;
      return next(args);
    },
    { step: 'initialize' },
  );
  return { deps, requests };
}
