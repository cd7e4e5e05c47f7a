import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../functions/core/ports.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { type Line, startLine } from '../integration/line-harness.js';
import {
  burst,
  drainAll,
  expectNothingLost,
  expectRedeliveryChangesNothing,
  numbers,
  until,
} from './burst.js';
import { startCommittedAcksProxy } from './committed-acks-proxy.js';

/** Afternoon in London, morning in Washington: replies are not held for quiet hours. */
const ANCHOR = Date.parse('2026-11-23T15:00:00Z');
const started = Date.now();
const clock: Clock = { now: () => new Date(ANCHOR + (Date.now() - started)) };

/** How long the store stays frozen: 30 s, twice Twilio's whole webhook wait (15 s). */
const FREEZE_MS = 30_000;
/** Texts sent with the store healthy before the fault: the rest of the burst meets it. */
const BEFORE_FAULT = 40;

/**
 * DynamoDB Local of its own (the suite's shared one must not freeze), keeping its data on
 * disk so it can be killed and restarted from it.
 */
describe('chaos: DynamoDB frozen or killed during a burst of texts', () => {
  let dataDir: string;
  let dynamo: DynamoDbLocal;
  let port: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sol-chaos-'));
    dynamo = await startDynamoDbLocal({ dataDir });
    port = Number(new URL(dynamo.endpoint).port);
  });
  afterAll(async () => {
    dynamo.signal?.('SIGCONT');
    await dynamo.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const healthy = (line: Line) => async () => (await line.dev('/health')).status === 200;

  async function subscribeAll(line: Line, phones: string[]) {
    await Promise.all(phones.map((phone) => line.text(phone, 'START')));
  }

  it('frozen (SIGSTOP) for 30 s: every webhook within the bound, every text applied once after replay', async () => {
    const line = await startLine({ endpoint: dynamo.endpoint, clock });
    try {
      const phones = numbers(11);
      await subscribeAll(line, phones);
      let frozenAt: number | undefined;
      const sent = await burst(line, phones, (count) => {
        if (count === BEFORE_FAULT) {
          dynamo.signal?.('SIGSTOP');
          frozenAt = Date.now();
        }
      });
      expect(frozenAt).toBeDefined();
      // The whole rest of the burst met the frozen store (it ends well inside the freeze).
      expect(Date.now() - (frozenAt ?? 0)).toBeLessThan(FREEZE_MS);
      expect(line.app.intake.depth()).toBeGreaterThanOrEqual(sent.length - BEFORE_FAULT - phones.length);
      // The freeze lasts its 30 s whatever the burst took: the outage is the scenario itself.
      await sleep(Math.max(0, FREEZE_MS - (Date.now() - (frozenAt ?? 0))));
      dynamo.signal?.('SIGCONT');
      await until(healthy(line), 30_000, 'DynamoDB Local answering after SIGCONT');
      await drainAll(line);
      await expectNothingLost(line, phones, sent);
      await expectRedeliveryChangesNothing(line, phones);
    } finally {
      dynamo.signal?.('SIGCONT');
      await line.close();
    }
  }, 150_000);

  // Through a proxy that acknowledges a transaction only once it is on disk, as DynamoDB
  // does: DynamoDB Local alone loses its last acknowledged transaction to a SIGKILL (see
  // committed-acks-proxy.ts), which would test DynamoDB Local rather than the line.
  it('killed mid-burst and restarted from its data directory: the same holds', async () => {
    const proxy = await startCommittedAcksProxy(dynamo.endpoint);
    const line = await startLine({ endpoint: proxy.endpoint, clock });
    try {
      const phones = numbers(22);
      await subscribeAll(line, phones);
      const sent = await burst(line, phones, async (count) => {
        if (count === BEFORE_FAULT) {
          dynamo.signal?.('SIGKILL');
          await dynamo.exited;
        }
      });
      expect(line.app.intake.depth()).toBeGreaterThanOrEqual(sent.length - BEFORE_FAULT - phones.length);
      dynamo = await startDynamoDbLocal({ dataDir, port });
      await until(healthy(line), 30_000, 'DynamoDB Local answering after the restart');
      await drainAll(line);
      await expectNothingLost(line, phones, sent);
      await expectRedeliveryChangesNothing(line, phones);
    } finally {
      await line.close();
      await proxy.close();
    }
  }, 150_000);
});
