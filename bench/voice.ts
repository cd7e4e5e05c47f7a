import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { makeOutboxMessenger } from '../functions/adapters/outbox-messenger.js';
import { makeVoiceHandler } from '../functions/voice/handler.js';
import { callParams } from '../infra/local/call-simulator.js';
import { DEV_LINE_NUMBER } from '../infra/local/dev-defaults.js';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { benchContext, benchDeps, percentile, quietLogger, round, signedEvent } from './harness.js';

const WARM_UP = 60;
const ITERATIONS = 300;

type VoiceStep = {
  name: string;
  path: string;
  query: string;
  answer: Record<string, string>;
};

/** One of each kind of step a call makes; the ones that write use a new number each time. */
const STEPS: VoiceStep[] = [
  { name: 'answer', path: '/voice', query: '', answer: {} },
  { name: 'openGroup', path: '/voice/menu', query: 'lang=en&misses=0&turns=0', answer: { Digits: '2' } },
  {
    name: 'startTopic',
    path: '/voice/group',
    query: 'lang=en&misses=0&turns=1&group=1',
    answer: { Digits: '2' },
  },
  {
    name: 'sayTopic',
    path: '/voice/menu',
    query: 'lang=en&misses=0&turns=1',
    answer: { SpeechResult: 'how do I ask my doctor', Confidence: '0.9' },
  },
  {
    name: 'nextPart',
    path: '/voice/topic',
    query: 'lang=en&misses=0&turns=2&topic=records&part=0',
    answer: { Digits: '2' },
  },
  {
    name: 'askForText',
    path: '/voice/topic',
    query: 'lang=en&misses=0&turns=3&topic=records&part=1',
    answer: { Digits: '3' },
  },
  {
    name: 'confirmTextAndSend',
    path: '/voice/confirm',
    query: 'lang=en&misses=0&turns=4&topic=records&part=1',
    answer: { Digits: '1' },
  },
  { name: 'silenceReprompt', path: '/voice/menu', query: 'lang=en&misses=1&turns=5', answer: {} },
  { name: 'talkToPerson', path: '/voice/menu', query: 'lang=en&misses=0&turns=6', answer: { Digits: '0' } },
];

/**
 * The voice handler in process against DynamoDB Local, step by step: each kind of call step
 * run ITERATIONS times after a warm-up, with signed events exactly as API Gateway delivers
 * them. Target: p99 under 25 ms per step, at most one DynamoDB request per step.
 */
export async function benchVoice(options: {
  dynamodbEndpoint: string;
}): Promise<Record<string, number | string>> {
  const { deps, requests } = await benchDeps(options.dynamodbEndpoint);
  const outbox = makeOutboxMessenger(DEV_LINE_NUMBER);
  const handler = makeVoiceHandler({ ...deps, messenger: outbox.messenger, logger: quietLogger });

  let caller = 0;
  const run = async (step: VoiceStep) => {
    caller += 1;
    const from = `+1202555${String(caller % 10_000).padStart(4, '0')}`;
    const callSid = `CA${caller.toString(16).padStart(32, '0')}`;
    const params = { ...callParams(callSid, from, DEV_LINE_NUMBER), ...step.answer };
    const result = await handler(signedEvent(step.path, params, step.query), benchContext);
    if (typeof result !== 'object' || result.statusCode !== 200) {
      throw new Error(`${step.name} answered ${JSON.stringify(result)}`);
    }
  };

  const figures: Record<string, number | string> = { iterationsPerStep: ITERATIONS };
  let worstP99 = 0;
  let mostRequests = 0;
  // Warm every path first (Node's and DynamoDB Local's JIT), so no step pays for the others.
  for (let i = 0; i < WARM_UP; i++) for (const step of STEPS) await run(step);
  for (const step of STEPS) {
    requests.count = 0;
    const latencies: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const t0 = performance.now();
      await run(step);
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    const p99 = round(percentile(latencies, 99));
    figures[`${step.name}.p50Ms`] = round(percentile(latencies, 50));
    figures[`${step.name}.p99Ms`] = p99;
    figures[`${step.name}.dynamoRequests`] = round(requests.count / ITERATIONS, 2);
    worstP99 = Math.max(worstP99, p99);
    mostRequests = Math.max(mostRequests, requests.count / ITERATIONS);
  }
  deps.documentClient.destroy();
  return { ...figures, worstP99Ms: worstP99, maxDynamoRequestsPerStep: mostRequests, targetP99Ms: 25 };
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const dynamo = await startDynamoDbLocal({});
  try {
    const figures = await benchVoice({ dynamodbEndpoint: dynamo.endpoint });
    for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(34)} ${value}`);
  } finally {
    await dynamo.stop();
  }
}
