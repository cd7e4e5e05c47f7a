import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { localDynamoClientConfig } from '../../infra/local/dynamodb-local.js';

const BARRIER_TABLE = 'chaos-commit-barrier';

/**
 * Sits between the line and DynamoDB Local in the kill test, so that an acknowledged write
 * survives a SIGKILL as it does in DynamoDB.
 *
 * Why: DynamoDB Local acknowledges a TransactWriteItems before its data reaches disk, and
 * makes it durable only when the next write arrives. Measured here with 10 writers and a
 * SIGKILL: the last acknowledged transaction was missing after the restart in 6 of 8 kills
 * (all of it: the transaction stays atomic), and in 0 of 8 when each acknowledgement waited
 * for one more write. DynamoDB commits before it answers, and the line relies on that: a
 * text whose write was acknowledged is answered and not queued. So this proxy holds back the
 * answer to each transaction until a further write (to a table of its own) has completed; if
 * that write fails, the store died first, and the line sees the connection drop instead of an
 * acknowledgement, as it would if DynamoDB had died before committing.
 */
export async function startCommittedAcksProxy(
  target: string,
): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const client = new DynamoDBClient(localDynamoClientConfig(target));
  await client
    .send(
      new CreateTableCommand({
        TableName: BARRIER_TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    )
    .catch((error: unknown) => {
      if (!(error instanceof ResourceInUseException)) throw error;
    });
  const targetUrl = new URL(target);
  let barriers = 0;

  const server: Server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const forwarded = request({
      host: targetUrl.hostname,
      port: targetUrl.port,
      method: incoming.method,
      path: incoming.url,
      headers: incoming.headers,
    });
    forwarded.on('error', () => outgoing.destroy());
    forwarded.on('response', async (answer) => {
      const body: Buffer[] = [];
      try {
        for await (const chunk of answer) body.push(chunk as Buffer);
      } catch {
        outgoing.destroy();
        return;
      }
      const isTransaction = String(incoming.headers['x-amz-target'] ?? '').endsWith('.TransactWriteItems');
      if (isTransaction && answer.statusCode === 200) {
        try {
          await client.send(
            new PutItemCommand({ TableName: BARRIER_TABLE, Item: { pk: { S: `barrier-${barriers++}` } } }),
          );
        } catch {
          outgoing.destroy();
          return;
        }
      }
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      outgoing.end(Buffer.concat(body));
    });
    forwarded.end(Buffer.concat(chunks));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
