import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localTableDefinition } from '../../functions/adapters/dynamodb/table.js';
import { createLogger, type Logger } from '../../functions/adapters/logging.js';
import type { Clock } from '../../functions/core/ports.js';
import { makeSmsHandler } from '../../functions/sms/handler.js';
import { buildHandlerDeps } from '../../functions/wiring.js';
import { handlerEnv, type LocalConfig } from './config.js';
import { localDynamoClientConfig } from './dynamodb-local.js';
import type { LocalRoute } from './http-adapter.js';
import { ensureTable, tableReachable } from './table-setup.js';

export type LocalAppOptions = {
  config: LocalConfig;
  dynamodbEndpoint: string;
  /** Tests pass a fixed clock or a quiet logger; the default is the real ones. */
  clock?: Clock;
  logger?: Logger;
};

export type LocalApp = { routes: LocalRoute[]; close: () => void };

/**
 * The deployed handlers, wired to DynamoDB Local, behind the routes of the local runtime
 * contract (shared/DESIGN.md). `npm start` and the integration tests both serve this.
 */
export async function createLocalApp(options: LocalAppOptions): Promise<LocalApp> {
  const { config, dynamodbEndpoint } = options;
  const clientConfig = localDynamoClientConfig(dynamodbEndpoint);
  const admin = new DynamoDBClient(clientConfig);
  await ensureTable(admin, localTableDefinition(config.TABLE_NAME));

  const deps = buildHandlerDeps(handlerEnv(config, dynamodbEndpoint), clientConfig);
  const logger = options.logger ?? createLogger('local');
  const clock = options.clock ?? deps.clock;
  const sms = makeSmsHandler({ ...deps, clock, logger });

  const routes: LocalRoute[] = [
    {
      method: 'GET',
      path: '/health',
      dev: async () => {
        const ok = await tableReachable(admin, config.TABLE_NAME);
        return {
          status: ok ? 200 : 503,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ status: ok ? 'ok' : 'table not reachable' }),
        };
      },
    },
    { method: 'POST', path: '/sms', handler: sms },
  ];
  return { routes, close: () => admin.destroy() };
}
