/**
 * `npm run bench`: every figure the issues set a target for, measured in process against
 * DynamoDB Local, written to bench/results/<name>.json and printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { benchColdStart } from './cold-start.js';
import { benchIntake } from './intake.js';
import { benchReminders } from './reminders.js';
import { benchSms } from './sms.js';
import { benchUnderstanding } from './understanding.js';
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
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(32)} ${value}`);
}

/** Every bench, in the order `npm run bench` runs them; each gets the DynamoDB Local endpoint. */
const BENCHES: [string, (dynamodbEndpoint: string) => Promise<Figures>][] = [
  ['sms', (dynamodbEndpoint) => benchSms({ dynamodbEndpoint })],
  ['understanding', () => benchUnderstanding()],
  ['voice', (dynamodbEndpoint) => benchVoice({ dynamodbEndpoint })],
  ['reminders', (dynamodbEndpoint) => benchReminders({ dynamodbEndpoint })],
  ['intake', (dynamodbEndpoint) => benchIntake({ dynamodbEndpoint })],
  ['cold-start', () => benchColdStart()],
];

async function main() {
  const only = process.argv.slice(2);
  const names = BENCHES.map(([name]) => name);
  // A misspelt name would otherwise start DynamoDB Local, run nothing and succeed.
  const unknown = only.filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    console.error(`No bench called ${unknown.join(', ')}. The benches: ${names.join(', ')}.`);
    console.error('Usage: npm run bench [-- <name>...] (every bench unless named)');
    process.exitCode = 2;
    return;
  }
  const wanted = (name: string) => only.length === 0 || only.includes(name);
  const dynamo = await startDynamoDbLocal({});
  try {
    for (const [name, run] of BENCHES) if (wanted(name)) record(name, await run(dynamo.endpoint));
  } finally {
    await dynamo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
