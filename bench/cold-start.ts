/**
 * Cold start, per Lambda handler: the bundle CDK would deploy (same esbuild
 * settings), its size from esbuild's metafile, and the median time for a fresh `node`
 * process to import it and answer one signed request, beside a baseline that also imports
 * the `twilio` package root, as Twilio's samples do.
 *
 * I/O is stubbed, not skipped: a local HTTPS server answers the DynamoDB and Secrets Manager
 * calls (the SDK is pointed at it with AWS_ENDPOINT_URL_*), so the measured path is the
 * deployed one: SDK clients built, the token read from "Secrets Manager", the signature
 * checked, the table read and written, TwiML rendered. HTTPS, as AWS's endpoints are: an
 * http:// stub makes the SDK import node:http, and on Node 22 building that module's ESM
 * facade loads undici (~20 ms) in every process, a cost no deployed function pays.
 *
 * `tsx bench/cold-start.ts` prints the figures; bench/run.ts can call benchColdStart().
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import {
  chunkEsbuildOptions,
  LAMBDA_ENTRIES,
  LAZY_CHUNKS,
  type LambdaName,
  lambdaEsbuildOptions,
  PROJECT_ROOT,
  WEBHOOK_BUNDLE_BUDGET_BYTES,
  WEBHOOK_LAMBDAS,
} from '../infra/cdk/constructs/bundling.js';
import { smsParams } from '../infra/local/twilio-signing.js';
import { BENCH_PUBLIC_URL, signedEvent } from './harness.js';

/** Fresh processes per figure, the bundle and its baseline alternating (as REFERENCE.md measured). */
const RUNS = 30;
// A real token's shape (32 hex characters): a deployed bundle refuses any other, and answers 500.
const TOKEN = '0123456789abcdef0123456789abcdef';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:bench-token-AbCdEf';
/** A webhook's load-and-first-request time at most this share of the baseline's. */
const MAX_RATIO = 0.4;

type Request = { path: string; params: Record<string, string> };

/** One representative request per handler (what Twilio would post first). */
const REQUESTS: Record<LambdaName, Request | undefined> = {
  sms: { path: '/sms', params: smsParams({ from: '+447400123456', to: '+15005550006', body: 'HELP' }) },
  smsStatus: {
    path: '/sms/status',
    params: {
      MessageSid: `SM${'0'.repeat(32)}`,
      MessageStatus: 'delivered',
      AccountSid: `AC${'0'.repeat(32)}`,
      To: '+447400123456',
      From: '+15005550006',
      ApiVersion: '2010-04-01',
    },
  },
  voice: {
    path: '/voice',
    params: {
      CallSid: `CA${'0'.repeat(32)}`,
      AccountSid: `AC${'0'.repeat(32)}`,
      From: '+447400123456',
      To: '+15005550006',
      CallStatus: 'ringing',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
    },
  },
  // The sweeper is not a webhook and nobody waits on its cold start; it is sized, not timed.
  reminders: undefined,
  intake: undefined,
};

/**
 * A free-text question as a first text: it loads the topic-search chunk (MiniSearch and the
 * prebuilt index) beside the bundle, so its cold start is reported too (`sms.freeText.*`).
 */
const FREE_TEXT: Partial<Record<LambdaName, Request>> = {
  sms: {
    path: '/sms',
    params: smsParams({
      from: '+447400123456',
      to: '+15005550006',
      body: 'how do i ask my doctor for a 2nd opinion',
    }),
  },
};

/** The harness each fresh process runs: import the bundle, answer one event, report timings. */
const HARNESS = `
const t0 = performance.now();
const { handler } = await import(process.argv[2]);
const t1 = performance.now();
const event = JSON.parse(process.env.BENCH_EVENT);
const context = { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => 10000 };
const result = await handler(event, context);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, firstRequestMs: t2 - t1, totalMs: t2 - t0, status: result?.statusCode }) + '\\n');
process.exit(0);
`;

type Run = { loadMs: number; firstRequestMs: number; totalMs: number; status: number | undefined };

type Tls = { key: string; cert: string };

/**
 * A throwaway self-signed certificate for 127.0.0.1 (openssl, as on every machine of this
 * kind); each timed process trusts it through NODE_EXTRA_CA_CERTS.
 */
function selfSignedCertificate(dir: string): Tls {
  const tls = { key: join(dir, 'stub-key.pem'), cert: join(dir, 'stub-cert.pem') };
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
        .concat(['-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1'])
        .concat(['-keyout', tls.key, '-out', tls.cert]),
      { stdio: 'ignore' },
    );
  } catch (error) {
    throw new Error(`the cold-start bench needs openssl for its HTTPS stub: ${String(error)}`);
  }
  return tls;
}

/** Answers the AWS JSON protocols the handlers use, with empty but valid results. */
function startAwsStub(tls: Tls): Promise<https.Server> {
  const server = https.createServer(
    { key: readFileSync(tls.key), cert: readFileSync(tls.cert) },
    (req, res) => {
      const target = String(req.headers['x-amz-target'] ?? '');
      req.resume();
      req.on('end', () => {
        let body: unknown = {};
        if (target === 'secretsmanager.GetSecretValue') {
          body = { ARN: SECRET_ARN, Name: 'bench-token', SecretString: TOKEN, VersionId: 'v1' };
        } else if (target.endsWith('.Query')) {
          body = { Items: [], Count: 0, ScannedCount: 0 };
        }
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(body));
      });
    },
  );
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

type Bundle = { file: string; bytes: number };

async function bundle(entry: string, outfile: string, importTwilioRoot: boolean): Promise<Bundle> {
  const options = lambdaEsbuildOptions(entry, outfile);
  const result = importTwilioRoot
    ? await build({
        ...options,
        entryPoints: undefined,
        // The same handler, plus the package root a Twilio sample starts with.
        stdin: {
          contents: `import 'twilio';\nexport { handler } from './${entry}';\n`,
          resolveDir: PROJECT_ROOT,
          sourcefile: 'baseline.ts',
          loader: 'ts',
        },
      })
    : await build(options);
  return { file: outfile, bytes: outputBytes(result.metafile, outfile) };
}

function outputBytes(metafile: Metafile, outfile: string): number {
  const output = Object.entries(metafile.outputs).find(([path]) =>
    outfile.endsWith(path.replace(/^(\.\.\/)+/, '')),
  );
  if (output === undefined) throw new Error(`esbuild metafile has no output ${outfile}`);
  return output[1].bytes;
}

function runOnce(bundleFile: string, harness: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Plain `node`, as deployed: the functions do not set --enable-source-maps (line-function.ts).
    const child = spawn(process.execPath, [harness, bundleFile], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      // The handler's own logs also go to stdout; the figures are the last line.
      const last = stdout.trim().split('\n').at(-1) ?? '';
      try {
        const run = JSON.parse(last) as Run;
        if (code !== 0 || typeof run.totalMs !== 'number') throw new Error(`exit ${code}`);
        resolve(run);
      } catch {
        reject(new Error(`harness failed (exit ${code}): ${stderr.slice(-2000) || stdout.slice(-2000)}`));
      }
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
const ms = (value: number) => Math.round(value * 10) / 10;

type Timing = { totalMs: number; loadMs: number; firstRequestMs: number; status: string };

function summarize(runs: Run[]): Timing {
  return {
    totalMs: median(runs.map((run) => run.totalMs)),
    loadMs: median(runs.map((run) => run.loadMs)),
    firstRequestMs: median(runs.map((run) => run.firstRequestMs)),
    status: [...new Set(runs.map((run) => run.status))].join('/'),
  };
}

/**
 * Runs the bundle and its baseline alternately, so both see the same machine load (a busy
 * machine slows every process; timing them in separate blocks would skew the ratio).
 */
async function timePair(own: string, baseline: string, harness: string, env: NodeJS.ProcessEnv) {
  const ownRuns: Run[] = [];
  const baselineRuns: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    ownRuns.push(await runOnce(own, harness, env));
    baselineRuns.push(await runOnce(baseline, harness, env));
  }
  return { own: summarize(ownRuns), baseline: summarize(baselineRuns) };
}

/** Bundles every handler that exists, times the webhooks against their baselines. */
export async function benchColdStart(): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'cold-start-'));
  const tls = selfSignedCertificate(dir);
  const stub = await startAwsStub(tls);
  const endpoint = `https://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  const harness = join(dir, 'harness.mjs');
  writeFileSync(harness, HARNESS);
  const figures: Record<string, number | string> = {
    runsPerFigure: RUNS,
    budgetKB: kb(WEBHOOK_BUNDLE_BUDGET_BYTES),
  };
  try {
    for (const [name, entry] of Object.entries(LAMBDA_ENTRIES) as [LambdaName, string][]) {
      if (!existsSync(join(PROJECT_ROOT, entry))) {
        figures[`${name}.missing`] = entry;
        continue;
      }
      const own = await bundle(entry, join(dir, `${name}.mjs`), false);
      figures[`${name}.bundleKB`] = kb(own.bytes);
      // Lazy chunks sit beside the bundle as in the deployed asset; a cold start does not load them.
      for (const chunk of LAZY_CHUNKS[name] ?? []) {
        const result = await build(chunkEsbuildOptions(chunk, dir));
        figures[`${name}.lazy.${chunk.file}.KB`] = kb(outputBytes(result.metafile, join(dir, chunk.file)));
      }
      const request = REQUESTS[name];
      if (request === undefined || !(WEBHOOK_LAMBDAS as readonly string[]).includes(name)) continue;

      figures[`${name}.withinSizeBudget`] = own.bytes <= WEBHOOK_BUNDLE_BUDGET_BYTES ? 'yes' : 'NO';
      const baseline = await bundle(entry, join(dir, `${name}-baseline.mjs`), true);
      figures[`${name}.baselineBundleKB`] = kb(baseline.bytes);

      const timed: [string, Request][] = [[name, request]];
      const freeText = FREE_TEXT[name];
      if (freeText !== undefined) timed.push([`${name}.freeText`, freeText]);
      for (const [label, timedRequest] of timed) {
        const env: NodeJS.ProcessEnv = {
          PATH: process.env.PATH,
          NODE_EXTRA_CA_CERTS: tls.cert,
          AWS_REGION: 'eu-west-2',
          AWS_ACCESS_KEY_ID: 'bench',
          AWS_SECRET_ACCESS_KEY: 'bench',
          AWS_SESSION_TOKEN: 'bench',
          AWS_ENDPOINT_URL_DYNAMODB: endpoint,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
          TABLE_NAME: 'bench',
          PUBLIC_URL: BENCH_PUBLIC_URL,
          TWILIO_AUTH_TOKEN_SECRET_ARN: SECRET_ARN,
          POWERTOOLS_LOG_LEVEL: 'WARN',
          // The SDK warns once per process on Node < 22 (a stack capture and a write to stderr).
          // Lambda runs Node 22, where it never fires; Node 20 here would add it to every run.
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          BENCH_EVENT: JSON.stringify(signedEvent(timedRequest.path, timedRequest.params, '', TOKEN)),
        };
        const { own: ownTime, baseline: baseTime } = await timePair(own.file, baseline.file, harness, env);
        figures[`${label}.coldMedianMs`] = ms(ownTime.totalMs);
        figures[`${label}.coldLoadMedianMs`] = ms(ownTime.loadMs);
        figures[`${label}.coldFirstRequestMedianMs`] = ms(ownTime.firstRequestMs);
        figures[`${label}.baselineColdMedianMs`] = ms(baseTime.totalMs);
        figures[`${label}.ratioToBaseline`] = Math.round((ownTime.totalMs / baseTime.totalMs) * 100) / 100;
        figures[`${label}.withinTimeBudget`] = ownTime.totalMs <= MAX_RATIO * baseTime.totalMs ? 'yes' : 'NO';
        figures[`${label}.httpStatus`] = `${ownTime.status} (baseline ${baseTime.status})`;
      }
    }
  } finally {
    stub.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  benchColdStart().then(
    (figures) => {
      for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(36)} ${value}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
