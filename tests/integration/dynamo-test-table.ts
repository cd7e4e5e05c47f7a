import { randomBytes } from 'node:crypto';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { localDynamoClientConfig } from '../../infra/local/dynamodb-local.js';

/** A table definition without its name: each test gets its own copy of the table. */
export type TestTableDefinition = Omit<CreateTableCommandInput, 'TableName'>;

/**
 * Creates a uniquely named table from `definition` and resolves with its name once it is ACTIVE.
 * Tests share one DynamoDB for the run and stay independent by never sharing a table.
 */
export async function createTestTable(endpoint: string, definition: TestTableDefinition): Promise<string> {
  const tableName = `test-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const client = new DynamoDBClient(localDynamoClientConfig(endpoint));
  try {
    await client.send(new CreateTableCommand({ ...definition, TableName: tableName }));
    // DynamoDB Local is ACTIVE at once; short delays keep a real endpoint from stalling tests for 20 s.
    await waitUntilTableExists(
      { client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
      { TableName: tableName },
    );
    return tableName;
  } finally {
    client.destroy();
  }
}

/** Deletes a table made by {@link createTestTable}; only needed against a persistent `DYNAMODB_ENDPOINT`. */
export async function deleteTestTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient(localDynamoClientConfig(endpoint));
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  } finally {
    client.destroy();
  }
}
