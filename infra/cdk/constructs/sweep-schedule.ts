import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './nag.js';

/**
 * The sweeper's dead-letter queue: Lambda puts an event here when an asynchronous invocation
 * failed after its retries, and Scheduler does when it could not invoke the function at all.
 * Created before the function, which names it in its own configuration.
 */
export function createSweepDeadLetterQueue(scope: Construct, id: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    // SQS-managed encryption: the messages are schedule events (no phone numbers or text),
    // and neither Lambda nor Scheduler needs a key grant to write them.
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // Two weeks to notice (the depth alarm) and replay a failed sweep.
    retentionPeriod: Duration.days(14),
  });
  acknowledge(queue, [
    {
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the sweeper (Lambda async failures and Scheduler delivery failures); it is alarmed on depth and needs no queue of its own.',
    },
  ]);
  return queue;
}

export type SweepScheduleProps = {
  sweeper: lambda.IFunction;
  rate: Duration;
  deadLetterQueue: sqs.IQueue;
  /** A disabled schedule is deployed but never fires. */
  enabled: boolean;
  /** The event the sweeper receives (Scheduler context attributes such as `<aws.scheduler.scheduled-time>` allowed). */
  input: Record<string, string>;
};

/**
 * EventBridge Scheduler invoking the reminder sweeper every `rate`.
 *
 * Written with the L1 `CfnSchedule` and an explicit role because the L2 Lambda target grants
 * `lambda:InvokeFunction` on `<function>:*` too (every version and alias); this role may
 * invoke the one function ARN and write to the dead-letter queue, nothing else.
 */
export class SweepSchedule extends Construct {
  readonly schedule: scheduler.CfnSchedule;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: SweepScheduleProps) {
    super(scope, id);

    this.role = new iam.Role(this, 'InvokeRole', {
      description: 'EventBridge Scheduler invoking the reminder sweeper',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        // Only schedules in this account may use the role (confused-deputy guard).
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    const policy = new iam.ManagedPolicy(this, 'InvokePermissions', {
      description: 'EventBridge Scheduler: invoke the reminder sweeper, dead-letter failed deliveries',
      roles: [this.role],
    });
    policy.addStatements(
      new iam.PolicyStatement({
        sid: 'InvokeSweeper',
        actions: ['lambda:InvokeFunction'],
        resources: [props.sweeper.functionArn],
      }),
      new iam.PolicyStatement({
        sid: 'DeadLetter',
        actions: ['sqs:SendMessage'],
        resources: [props.deadLetterQueue.queueArn],
      }),
    );

    const minutes = props.rate.toMinutes();
    // Scheduler checks it may assume the role and use it when the schedule is created.
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: 'Sends due reminders',
      scheduleExpression: `rate(${minutes} ${minutes === 1 ? 'minute' : 'minutes'})`,
      flexibleTimeWindow: { mode: 'OFF' },
      state: props.enabled ? 'ENABLED' : 'DISABLED',
      target: {
        arn: props.sweeper.functionArn,
        roleArn: this.role.roleArn,
        input: JSON.stringify(props.input),
        deadLetterConfig: { arn: props.deadLetterQueue.queueArn },
        // Scheduler retries only failed deliveries; a sweep older than one period is
        // superseded by the next one, so it is not delivered late.
        retryPolicy: {
          maximumRetryAttempts: 2,
          maximumEventAgeInSeconds: Math.max(60, props.rate.toSeconds()),
        },
      },
    });
    this.schedule.node.addDependency(policy);
  }
}
