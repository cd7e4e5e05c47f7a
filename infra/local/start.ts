/**
 * `npm start`: the whole line on this machine. DynamoDB Local (unless DYNAMODB_ENDPOINT),
 * the table, and the deployed handlers behind a local API Gateway on PORT.
 */
import { ConfigError, parseEnv } from '../../functions/config.js';
import { LocalEnvSchema } from './config.js';
import { DEV_AUTH_TOKEN } from './dev-defaults.js';
import { JavaMissingError, startDynamoDbLocal } from './dynamodb-local.js';
import { createLocalServer, listen } from './http-adapter.js';
import { createLocalApp } from './local-app.js';
import { LOCAL_DRAIN_INTERVAL_MS, startDraining } from './local-intake.js';
import { LOCAL_SWEEP_INTERVAL_MS, startSweeping } from './reminder-routes.js';

async function main(): Promise<void> {
  const config = parseEnv(LocalEnvSchema, process.env);
  const dynamo = config.DYNAMODB_ENDPOINT
    ? { endpoint: config.DYNAMODB_ENDPOINT, stop: async () => {} }
    : await startDynamoDbLocal({ dataDir: config.DATA_DIR });
  const app = await createLocalApp({ config, dynamodbEndpoint: dynamo.endpoint });
  const server = createLocalServer(app.routes, {
    onError: (error) => console.error('handler failed:', error instanceof Error ? error.message : error),
    allowHost: app.allowHost,
  });
  // This machine only by default: the dev routes sign whatever they are asked to.
  const port = await listen(server, config.PORT, config.HOST);
  // Reminders go out as the scheduled Lambda would send them (POST /dev/sweep runs one now).
  const stopSweeping = startSweeping(() => app.sweep(), LOCAL_SWEEP_INTERVAL_MS, console.log);
  // Texts queued while the store was out of reach are replayed once it answers again.
  const stopDraining = startDraining(app.intake, LOCAL_DRAIN_INTERVAL_MS, console.log);

  const shutdown = async () => {
    stopSweeping();
    stopDraining();
    server.close();
    app.close();
    await dynamo.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const storage = config.DYNAMODB_ENDPOINT
    ? `DynamoDB at ${config.DYNAMODB_ENDPOINT}`
    : `DynamoDB Local at ${dynamo.endpoint} (${config.DATA_DIR ? `data in ${config.DATA_DIR}` : 'in memory'})`;
  console.log(`
Second Opinion Line is running locally.
  URL:            http://localhost:${port}   (listening on ${config.HOST})
  Public URL:     ${config.PUBLIC_URL}   (webhook signatures are checked against this)
  Auth token:     ${config.TWILIO_AUTH_TOKEN === DEV_AUTH_TOKEN ? `${DEV_AUTH_TOKEN}   (public dev token: local use only)` : '(from TWILIO_AUTH_TOKEN)'}
  Dev token:      ${app.devRoutes ? `${config.DEV_TOKEN}   (X-Dev-Token for /dev/*; set DEV_TOKEN to choose it)` : 'none: /dev/* and the simulator are off, texts go to the real Twilio API'}
  Storage:        ${storage}, table ${config.TABLE_NAME}

Try it:  npm run text -- +447400123456 START
   or:   open http://localhost:${port}/ (the phone simulator)
Stop:    Ctrl+C
`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof JavaMissingError) {
    console.error(`\n${error.message}\n`);
  } else {
    console.error('\nThe line could not start:', error instanceof Error ? error.message : error, '\n');
  }
  process.exit(1);
});
