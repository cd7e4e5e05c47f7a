import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DYNAMODB_TIMEOUTS, sdkTimeouts } from '../time-budget.js';

/**
 * One document client per cold start; `endpoint` points it at DynamoDB Local. Connection and
 * request timeouts and a small retry budget by default (see time-budget.ts): without them a
 * hung DynamoDB hangs the webhook past Twilio's 15 s.
 */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ ...sdkTimeouts(DYNAMODB_TIMEOUTS), ...config }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
