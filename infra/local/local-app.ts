import { timingSafeEqual } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { buildReport } from '../../content/report.js';
import { loadDateParsers } from '../../functions/adapters/date-parsers.js';
import { makeDynamoReplayMarks } from '../../functions/adapters/dynamodb/replay-marks.js';
import { localTableDefinition } from '../../functions/adapters/dynamodb/table.js';
import { createLogger, type Logger } from '../../functions/adapters/logging.js';
import { countingMessenger } from '../../functions/adapters/metrics/counting-messenger.js';
import { type MemoryMetrics, memoryMetrics } from '../../functions/adapters/metrics/memory-metrics.js';
import { makeOutboxMessenger } from '../../functions/adapters/outbox-messenger.js';
import { loadTopicSearch } from '../../functions/adapters/topic-search-loader.js';
import type { Clock, Messenger } from '../../functions/core/ports.js';
import type { Metrics } from '../../functions/core/usage-metrics.js';
import { consumeIntakeMessage } from '../../functions/intake/consume.js';
import type { SweepSummary } from '../../functions/reminders/sweep.js';
import { makeSmsHandler } from '../../functions/sms/handler.js';
import { makeVoiceHandler } from '../../functions/voice/handler.js';
import { buildHandlerDeps, buildTwilioMessenger } from '../../functions/wiring.js';
import { handlerEnv, isLoopbackName, type LocalConfig, sendsRealTexts } from './config.js';
import { DEV_LINE_NUMBER } from './dev-defaults.js';
import { localDynamoClientConfig } from './dynamodb-local.js';
import type { LocalRequest, LocalResponse, LocalRoute, LocalServerOptions } from './http-adapter.js';
import { type LocalIntake, makeLocalIntake } from './local-intake.js';
import { makeLocalReminders } from './reminder-routes.js';
import { simulatorRoutes } from './simulator-routes.js';
import { ensureTable, tableReachable } from './table-setup.js';

export type LocalAppOptions = {
  config: LocalConfig;
  dynamodbEndpoint: string;
  /** Tests pass a fixed clock or a quiet logger; the default is the real ones. */
  clock?: Clock;
  logger?: Logger;
  /** Groups the local intake queue replays at once (the bench raises it). */
  intakeConcurrency?: number;
  /** Also told every count (tests pass the EMF writer to see what a Lambda would publish). */
  metrics?: Metrics;
};

export type LocalApp = {
  routes: LocalRoute[];
  /** The server's Host rule (see hostPolicy); pass it to createLocalServer. */
  allowHost: NonNullable<LocalServerOptions['allowHost']>;
  /** False when texts would reach real phones: then no /dev/* route (nor the simulator) is served. */
  devRoutes: boolean;
  /** Where outbound texts go: Twilio (or TWILIO_API_BASE_URL) with an account, else the outbox. */
  messenger: Messenger;
  /** The usage metrics the handlers counted (GET /dev/metrics, the simulator's panel). */
  metrics: MemoryMetrics;
  /** The handlers' DynamoDB client: tests count its requests with a middleware. */
  documentClient: DynamoDBDocumentClient;
  /** One reminder sweep as of `at` (default now): what POST /dev/sweep and `npm start`'s interval run. */
  sweep: (at?: Date) => Promise<SweepSummary>;
  /** The intake queue: texts the store could not take, replayed by `drain` (POST /dev/intake/drain). */
  intake: LocalIntake;
  close: () => void;
};

/**
 * The deployed handlers, wired to DynamoDB Local, behind the routes of the local runtime
 * (listed in docs/running-locally.md#local-routes). `npm start` and the integration tests
 * both serve this.
 */
export async function createLocalApp(options: LocalAppOptions): Promise<LocalApp> {
  const { config, dynamodbEndpoint } = options;
  const clientConfig = localDynamoClientConfig(dynamodbEndpoint);
  const admin = new DynamoDBClient(clientConfig);
  await ensureTable(admin, localTableDefinition(config.TABLE_NAME));

  const deps = buildHandlerDeps(handlerEnv(config, dynamodbEndpoint), clientConfig);
  const logger = options.logger ?? createLogger('local');
  const clock = options.clock ?? deps.clock;
  const memory = memoryMetrics(() => clock.now());
  const also = options.metrics;
  const metrics: MemoryMetrics =
    also === undefined
      ? memory
      : {
          ...memory,
          count: (point) => {
            memory.count(point);
            also.count(point);
          },
        };
  // With no Twilio account configured, outbound texts land in the outbox (GET /dev/outbox).
  const outbox = makeOutboxMessenger(config.TWILIO_FROM ?? DEV_LINE_NUMBER, () => clock.now());
  const messenger = deps.messenger ?? outbox.messenger;
  // Texts the store cannot take wait here; draining replays them as the consumer Lambda does.
  const intake: LocalIntake = makeLocalIntake({
    consume: (message) =>
      consumeIntakeMessage(
        {
          ...deps,
          loadDates: loadDateParsers,
          loadSearch: loadTopicSearch,
          clock,
          logger,
          metrics,
          messenger,
          intake: intake.intake,
          marks: makeDynamoReplayMarks(deps.documentClient, config.TABLE_NAME),
        },
        message,
      ),
    logger,
    now: () => clock.now().getTime(),
    ...(options.intakeConcurrency === undefined ? {} : { concurrency: options.intakeConcurrency }),
  });
  const sms = makeSmsHandler({ ...deps, clock, logger, metrics, intake: intake.intake });
  // The voice line's own messenger gives up at the caller's wait, as deployed (buildVoiceDeps);
  // built here on the shared client's deps so tests count the voice handler's requests too.
  const voiceMessenger =
    buildTwilioMessenger(deps.config, deps.authToken, { timeoutMs: deps.voice.textTimeoutMs }) ??
    outbox.messenger;
  const voice = makeVoiceHandler({
    ...deps,
    clock,
    logger,
    metrics,
    messenger: countingMessenger(voiceMessenger, metrics),
  });
  const reminders = makeLocalReminders({
    env: handlerEnv(config, dynamodbEndpoint),
    clientConfig,
    documentClient: deps.documentClient,
    tableName: config.TABLE_NAME,
    publicUrl: deps.publicUrl,
    authToken: deps.authToken,
    outbox: deps.messenger ? undefined : outbox.messenger,
    clock,
    logger,
    metrics,
  });

  const devRoutes = !sendsRealTexts(config);
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
    { method: 'POST', path: '/voice', handler: voice },
    { method: 'POST', path: '/voice/*', handler: voice },
    {
      method: 'GET',
      path: '/content',
      dev: async () => {
        try {
          return {
            status: 200,
            headers: { 'Content-Type': 'text/html; charset=utf-8' },
            body: buildReport(),
          };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return { status: 422, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: message };
        }
      },
    },
    {
      method: 'GET',
      path: '/dev/outbox',
      dev: async () => ({
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(outbox.entries().map(({ to, from, body, at }) => ({ to, from, body, at }))),
      }),
    },
    {
      method: 'GET',
      path: '/dev/metrics',
      // Counts only (names, labels, numbers): the same series the Lambdas publish as EMF.
      dev: async () => ({
        status: 200,
        headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
        body: JSON.stringify({ totals: metrics.totals(), samples: metrics.samples() }),
      }),
    },
    ...reminders.routes,
    {
      method: 'GET',
      path: '/dev/intake',
      dev: async () => json({ waiting: intake.depth(), deadLetters: intake.deadLetters().length }),
    },
    { method: 'POST', path: '/dev/intake/drain', dev: async () => json(await intake.drain()) },
    // The phone simulator at / and its relay: they sign like Twilio and call the routes above.
    ...simulatorRoutes({
      publicUrl: config.PUBLIC_URL,
      authToken: config.TWILIO_AUTH_TOKEN,
      devToken: config.DEV_TOKEN,
      lineNumber: config.TWILIO_FROM ?? DEV_LINE_NUMBER,
      routes: () => routes,
    }),
  ];
  // Texts to real phones: nothing that signs on request or shows what was sent.
  if (!devRoutes) {
    const kept = routes.filter(
      (route) => 'handler' in route || route.path === '/health' || route.path === '/content',
    );
    routes.splice(0, routes.length, ...kept);
  }
  for (const [index, route] of routes.entries()) {
    if ('dev' in route && route.path.startsWith('/dev/')) {
      routes[index] = { ...route, dev: requireDevToken(config.DEV_TOKEN, route.dev) };
    }
  }
  return {
    routes,
    allowHost: hostPolicy(config.PUBLIC_URL),
    devRoutes,
    messenger,
    metrics,
    documentClient: deps.documentClient,
    sweep: reminders.sweep,
    intake,
    close: () => admin.destroy(),
  };
}

const json = (body: unknown): LocalResponse => ({
  status: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/** Wraps a /dev/* route: without the run's token in X-Dev-Token it answers 401 and does nothing. */
export function requireDevToken(
  token: string,
  route: (req: LocalRequest) => Promise<LocalResponse>,
): (req: LocalRequest) => Promise<LocalResponse> {
  const expected = Buffer.from(token);
  return async (req) => {
    const given = Buffer.from(req.headers['x-dev-token'] ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return {
        status: 401,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          message: 'dev routes need the X-Dev-Token header: the token npm start printed (or DEV_TOKEN)',
        }),
      };
    }
    return route(req);
  };
}

/**
 * Which Host headers the local server answers: a loopback name with the port it listens on
 * (so a rebinding page on another name gets nothing), and, for Twilio's webhooks only, the
 * host of PUBLIC_URL, for a tunnel that passes the public host through (signatures are
 * checked on those routes anyway).
 */
export function hostPolicy(publicUrl: string): NonNullable<LocalServerOptions['allowHost']> {
  const publicHost = new URL(publicUrl).host.toLowerCase();
  return (host, localPort, route) => {
    if (host === undefined || !URL.canParse(`http://${host}`)) return false;
    const url = new URL(`http://${host}`);
    const port = url.port === '' ? 80 : Number(url.port);
    if (isLoopbackName(url.hostname) && port === localPort) return true;
    return 'handler' in route && host.toLowerCase() === publicHost;
  };
}
