import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  type FakeTwilioOptions,
  type FakeTwilioStats,
  STATS_PATH,
  startFakeTwilio,
} from './fake-twilio-api.js';

/**
 * The fake Twilio API in a process of its own, so a benchmark measures the sender's memory
 * and event loop, not the fake's. Options cross as JSON (so no `fault` function); what the
 * fake saw is read back from GET /__fake/stats.
 */
export type FakeTwilioProcess = {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  stats(): Promise<FakeTwilioStats>;
  close(): Promise<void>;
};

type ProcessOptions = Omit<FakeTwilioOptions, 'fault'>;

export async function startFakeTwilioProcess(options: ProcessOptions = {}): Promise<FakeTwilioProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, FAKE_TWILIO_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<{ baseUrl: string; accountSid: string; authToken: string }>(
    (resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const line = output.split('\n').find((text) => text.startsWith('READY '));
        if (line !== undefined) resolve(JSON.parse(line.slice('READY '.length)));
      });
      child.once('exit', (code) => reject(new Error(`fake Twilio process exited early (${code})`)));
    },
  );
  return {
    ...ready,
    async stats() {
      const response = await fetch(`${ready.baseUrl}${STATS_PATH}`);
      return (await response.json()) as FakeTwilioStats;
    },
    async close() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = JSON.parse(process.env.FAKE_TWILIO_OPTIONS ?? '{}') as ProcessOptions;
  const fake = await startFakeTwilio(options);
  process.on('SIGTERM', () => {
    void fake.close().then(() => process.exit(0));
  });
  console.log(
    `READY ${JSON.stringify({ baseUrl: fake.baseUrl, accountSid: fake.accountSid, authToken: fake.authToken })}`,
  );
}
