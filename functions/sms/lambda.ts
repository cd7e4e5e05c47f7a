import { createLogger } from '../adapters/logging.js';
import { buildHandlerDeps } from '../wiring.js';
import { makeSmsHandler } from './handler.js';

/** Lambda entry point: dependencies are built once per cold start from the environment. */
export const handler = makeSmsHandler({ ...buildHandlerDeps(process.env), logger: createLogger('sms') });
