// Brings 'vitest' into the program so the ProvidedContext augmentation below has a module to extend.
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB endpoint shared by the whole run: `DYNAMODB_ENDPOINT`, or a DynamoDB Local started here. */
    dynamodbEndpoint: string;
  }
}

/**
 * Starts one in-memory DynamoDB Local for the whole test run (JVM start-up is the slow part,
 * so tests share it and isolate themselves with uniquely named tables). `DYNAMODB_ENDPOINT`
 * points the run at an already running DynamoDB instead.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configured = process.env.DYNAMODB_ENDPOINT;
  if (configured !== undefined && configured !== '') {
    project.provide('dynamodbEndpoint', configured);
    return async () => undefined;
  }
  const dynamo = await startDynamoDbLocal({ port: 0 });
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
