/**
 * `npm run bench`: every figure the issues set a target for, measured in process against
 * DynamoDB Local, written to bench/results/<name>.json and printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { benchColdStart } from './cold-start.js';
import { benchReminders } from './reminders.js';
import { benchSms } from './sms.js';
import { benchVoice } from './voice.js';

type Figures = Record<string, number | string>;
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');

function record(name: string, figures: Figures) {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(
    join(RESULTS, `${name}.json`),
    `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, ...figures }, null, 2)}\n`,
  );
  console.log(`\n${name}`);
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(28)} ${value}`);
}

async function main() {
  const only = process.argv.slice(2);
  const wanted = (name: string) => only.length === 0 || only.includes(name);
  const dynamo = await startDynamoDbLocal({});
  try {
    const benches: [string, () => Promise<Figures>][] = [
      ['sms', () => benchSms({ dynamodbEndpoint: dynamo.endpoint })],
      ['voice', () => benchVoice({ dynamodbEndpoint: dynamo.endpoint })],
      ['reminders', () => benchReminders({ dynamodbEndpoint: dynamo.endpoint })],
      ['cold-start', () => benchColdStart()],
    ];
    for (const [name, run] of benches) if (wanted(name)) record(name, await run());
  } finally {
    await dynamo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
