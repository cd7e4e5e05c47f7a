import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { localTableDefinition } from '../../functions/adapters/dynamodb/table.js';
import type { Logger } from '../../functions/adapters/logging.js';
import type { Clock } from '../../functions/core/ports.js';
import type { Metrics } from '../../functions/core/usage-metrics.js';
import { LocalEnvSchema } from '../../infra/local/config.js';
import { DEV_AUTH_TOKEN, DEV_LINE_NUMBER } from '../../infra/local/dev-defaults.js';
import { createLocalServer, listen } from '../../infra/local/http-adapter.js';
import { createLocalApp, type LocalApp } from '../../infra/local/local-app.js';
import { parseTwimlMessages, postSignedForm, smsParams } from '../../infra/local/twilio-signing.js';
import { createTestTable } from './dynamo-test-table.js';

/** The public URL the line is configured with: signatures are checked against it, not the Host. */
export const PUBLIC_URL = 'https://line.example.org';

export const quietLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export type Line = Awaited<ReturnType<typeof startLine>>;

/**
 * The line as `npm start` serves it (same app, same routes), on a random port, with its own
 * table in the shared DynamoDB Local. Requests are signed like Twilio's against PUBLIC_URL.
 */
export async function startLine(
  options: {
    clock?: Clock;
    logger?: Logger;
    env?: Record<string, string>;
    endpoint?: string;
    metrics?: Metrics;
  } = {},
) {
  const endpoint = options.endpoint ?? inject('dynamodbEndpoint');
  const { TableName: _, ...definition } = localTableDefinition('unused');
  const tableName = await createTestTable(endpoint, definition);
  const config = LocalEnvSchema.parse({ TABLE_NAME: tableName, PUBLIC_URL, PORT: '0', ...options.env });
  const app: LocalApp = await createLocalApp({
    config,
    dynamodbEndpoint: endpoint,
    clock: options.clock,
    logger: options.logger ?? quietLogger,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  });
  const server = createLocalServer(app.routes, { allowHost: app.allowHost });
  const port = await listen(server, 0);
  const baseUrl = `http://127.0.0.1:${port}`;

  /** Posts signed params to a route; the signature covers PUBLIC_URL + path. */
  const post = (
    path: string,
    params: Record<string, string>,
    opts: Parameters<typeof postSignedForm>[3] = {},
  ) =>
    postSignedForm(`${baseUrl}${path}`, params, DEV_AUTH_TOKEN, {
      signatureUrl: `${PUBLIC_URL}${path}`,
      ...opts,
    });

  /** Texts the line as `from` and returns the replies. */
  const text = async (from: string, body: string, messageSid?: string) => {
    const response = await post('/sms', smsParams({ from, to: DEV_LINE_NUMBER, body, messageSid }));
    if (response.status !== 200) throw new Error(`POST /sms answered ${response.status}: ${response.body}`);
    return parseTwimlMessages(response.body);
  };

  /** Every raw item stored for a number (its whole partition), sorted by sort key. */
  const items = async (phone: string) => {
    const output = await app.documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `PHONE#${phone}` },
        ConsistentRead: true,
      }),
    );
    return (output.Items ?? []) as Record<string, unknown>[];
  };

  /** A dev-only route, with the run's dev token as `npm run text` and the simulator send it. */
  const dev = (path: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), 'x-dev-token': config.DEV_TOKEN },
    });

  /** The texts the line sent on its own initiative (GET /dev/outbox). */
  const outbox = async () =>
    (await (await dev('/dev/outbox')).json()) as { to: string; body: string; at: string }[];

  return {
    app,
    baseUrl,
    tableName,
    config,
    post,
    text,
    items,
    dev,
    outbox,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      app.close();
    },
  };
}
