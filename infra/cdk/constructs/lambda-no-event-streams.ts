/**
 * Stand-in for `@smithy/core/event-streams` in Lambda bundles (see bundling.ts).
 *
 * The SDK's HTTP protocol loads event-stream support with a dynamic `import()` the first time
 * an operation streams events (Bedrock, Kinesis SubscribeToShard, S3 SelectObjectContent,
 * ...). DynamoDB and Secrets Manager have no such operation, so it is never loaded here, yet
 * esbuild bundles it (~15 KB of every bundle). Should a future client need it, this fails
 * loudly instead of misbehaving. Local runs and tests do not use the bundle.
 */
const unavailable = () => {
  throw new Error('event streams are not bundled into the line functions (infra/cdk/constructs/bundling.ts)');
};

export class EventStreamSerde {
  constructor() {
    unavailable();
  }
}

export const eventStreamSerdeProvider = unavailable;
