import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import {
  JavaMissingError,
  localDynamoClientConfig,
  startDynamoDbLocal,
} from '../../infra/local/dynamodb-local.js';
import { createTestTable } from './dynamo-test-table.js';

const definition = {
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
  BillingMode: 'PAY_PER_REQUEST' as const,
};

describe('DynamoDB for the test run', () => {
  const endpoint = inject('dynamodbEndpoint');

  it('answers ListTables at the provided endpoint', async () => {
    const client = new DynamoDBClient(localDynamoClientConfig(endpoint));
    try {
      const output = await client.send(new ListTablesCommand({}));
      expect(Array.isArray(output.TableNames)).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it('creates uniquely named ACTIVE tables that store items', async () => {
    const first = await createTestTable(endpoint, definition);
    const second = await createTestTable(endpoint, definition);
    expect(first).not.toBe(second);

    const client = new DynamoDBClient(localDynamoClientConfig(endpoint));
    try {
      const described = await client.send(new DescribeTableCommand({ TableName: first }));
      expect(described.Table?.TableStatus).toBe('ACTIVE');
      await client.send(new PutItemCommand({ TableName: first, Item: { pk: { S: 'a' }, n: { N: '1' } } }));
      const got = await client.send(new GetItemCommand({ TableName: first, Key: { pk: { S: 'a' } } }));
      expect(got.Item?.n).toEqual({ N: '1' });
      const other = await client.send(new GetItemCommand({ TableName: second, Key: { pk: { S: 'a' } } }));
      expect(other.Item).toBeUndefined();
    } finally {
      client.destroy();
    }
  });
});

describe('startDynamoDbLocal', () => {
  it('rejects with JavaMissingError, explaining the fix, when Java cannot be run', async () => {
    const attempt = startDynamoDbLocal({ javaCommand: '/nonexistent/bin/java' });
    await expect(attempt).rejects.toBeInstanceOf(JavaMissingError);
    await expect(attempt).rejects.toThrow(/Java 17.*openjdk-17-jre-headless.*DYNAMODB_ENDPOINT=/s);
  });

  it('persists tables in dataDir across restarts and stops the process', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'dynamodb-local-'));
    const dataDir = join(parent, 'nested', 'data');
    try {
      const first = await startDynamoDbLocal({ dataDir });
      expect((await stat(dataDir)).isDirectory()).toBe(true);
      const table = await createTestTable(first.endpoint, definition);
      await first.stop();
      await expect(fetch(first.endpoint)).rejects.toThrow();

      const second = await startDynamoDbLocal({ dataDir });
      try {
        const client = new DynamoDBClient(localDynamoClientConfig(second.endpoint));
        const output = await client.send(new ListTablesCommand({}));
        client.destroy();
        expect(output.TableNames).toContain(table);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
