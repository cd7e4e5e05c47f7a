import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INTAKE_MAX_RECEIVES } from '../../../functions/intake/handler.js';
import { acknowledge } from './nag.js';

export type IntakeQueueProps = {
  /** The table's key: the queue holds the same personal data (numbers and texts). */
  key: kms.IKey;
  /** The consumer's timeout: SQS hides a message six times that while it is being worked on. */
  consumerTimeout: Duration;
};

/** Two weeks, SQS's longest: time to notice, fix and redrive. */
const RETENTION = Duration.days(14);

/**
 * Durable intake: the SQS FIFO queue texts go to when the store cannot take them, grouped
 * per number (MessageGroupId) and deduplicated per MessageSid, encrypted with the table's
 * key; and its own FIFO dead-letter queue, where a message lands after INTAKE_MAX_RECEIVES
 * failed tries (about a day of backing off: functions/intake/handler.ts), never dropped.
 */
export class IntakeQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: IntakeQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      fifo: true,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: RETENTION,
    });
    acknowledge(this.deadLetterQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself the dead-letter queue of the intake queue; it is alarmed on depth and drained by the operator (docs/runbook.md#intakedeadletters).',
      },
    ]);
    this.queue = new sqs.Queue(this, 'Queue', {
      fifo: true,
      // Deduplicated by MessageSid (the sender sets it), not by body.
      contentBasedDeduplication: false,
      // Ordering per number only: lets SQS spread groups over partitions (high-throughput FIFO).
      deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      // One data key per five minutes instead of a KMS call per message.
      dataKeyReuse: Duration.minutes(5),
      enforceSSL: true,
      retentionPeriod: RETENTION,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: INTAKE_MAX_RECEIVES },
    });
  }

  /** The only thing a webhook may do with the queue: put a text on it. */
  grantSend(policy: iam.ManagedPolicy): void {
    policy.addStatements(
      new iam.PolicyStatement({
        sid: 'SendToIntakeQueue',
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
      }),
    );
  }

  /**
   * The consumer: receive, delete and delay (ChangeMessageVisibility) messages from the
   * queue, as its event source mapping does on its behalf, and send replies back to it.
   */
  attachConsumer(fn: lambda.IFunction, policy: iam.ManagedPolicy): lambda.EventSourceMapping {
    policy.addStatements(
      new iam.PolicyStatement({
        sid: 'ConsumeIntakeQueue',
        actions: [
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:ReceiveMessage',
          'sqs:SendMessage',
        ],
        resources: [this.queue.queueArn],
      }),
    );
    // The L1-like mapping, not SqsEventSource: that one grants through an inline policy.
    const mapping = new lambda.EventSourceMapping(this, 'Consumer', {
      target: fn,
      eventSourceArn: this.queue.queueArn,
      batchSize: 10,
      reportBatchItemFailures: true,
    });
    mapping.node.addDependency(policy);
    return mapping;
  }
}
