/**
 * The SQS client, as its own lazy chunk of the SMS function (bundling.ts LAZY_CHUNKS): only a
 * webhook that meets a store outage loads it.
 */
export { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
