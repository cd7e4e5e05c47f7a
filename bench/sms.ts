import { performance } from 'node:perf_hooks';
import { makeSmsHandler } from '../functions/sms/handler.js';
import { DEV_LINE_NUMBER } from '../infra/local/dev-defaults.js';
import { smsParams } from '../infra/local/twilio-signing.js';
import { benchContext, benchDeps, percentile, quietLogger, round, signedEvent } from './harness.js';

/**
 * The SMS handler in process against DynamoDB Local: a realistic mix of messages from many
 * people, one at a time (latency) after a warm-up. Target: p99 under 25 ms.
 */
export async function benchSms(options: { dynamodbEndpoint: string; messages?: number }) {
  const total = options.messages ?? 2000;
  const { deps, requests } = await benchDeps(options.dynamodbEndpoint);
  const handler = makeSmsHandler({ ...deps, logger: quietLogger });
  const script = [
    'START',
    'MENU',
    '1',
    'MORE',
    'RECORDS',
    'how do i ask my doctor for a 2nd opinion',
    'HELP',
    'ASK',
    'MORE',
    'what?',
  ];
  const people = 200;
  const send = (index: number) => {
    const from = `+1202555${String(1000 + (index % people)).padStart(4, '0')}`;
    const body = script[Math.floor(index / people) % script.length] ?? 'MENU';
    return handler(signedEvent('/sms', smsParams({ from, to: DEV_LINE_NUMBER, body })), benchContext);
  };

  for (let i = 0; i < people; i++) await send(i); // warm-up: every person opted in
  requests.count = 0;
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = people; i < people + total; i++) {
    const t0 = performance.now();
    await send(i);
    latencies.push(performance.now() - t0);
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  deps.documentClient.destroy();
  return {
    messages: total,
    messagesPerSecond: round(total / elapsed, 1),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    dynamoRequestsPerMessage: round(requests.count / total, 2),
    targetP99Ms: 25,
  };
}
