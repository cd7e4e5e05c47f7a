import { join } from 'node:path';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LAMBDA_ENTRIES, type LambdaName, lambdaBundling, PROJECT_ROOT } from './bundling.js';

export type LineFunctionProps = {
  /** Which handler: decides the entry file (functions/.../lambda.ts). */
  name: LambdaName;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  /** Encrypts the function's log group (the key policy must allow CloudWatch Logs). */
  logKey: kms.IKey;
  logRetention: logs.RetentionDays;
  /** Undefined: no reservation (the caller documents why). */
  reservedConcurrentExecutions?: number;
  /** For asynchronously invoked functions: where events land after Lambda's retries. */
  deadLetterQueue?: sqs.IQueue;
  retryAttempts?: number;
  maxEventAge?: Duration;
};

/**
 * One Lambda handler as deployed: Node 22 on arm64 (about 20% cheaper per GB-second than
 * x86 and as fast for this I/O-bound code), bundled by the shared esbuild settings, with its
 * own encrypted log group and its own role. The role's one policy allows writing to that
 * log group (and its dead-letter queue, if any) plus what the caller adds (table-access.ts);
 * no AWS managed policy, so no `logs:*` on `*`.
 */
export class LineFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly policy: iam.ManagedPolicy;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: LineFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.logKey,
      // Logs of a torn-down line may still be needed to answer a question about a message.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.name} handler of the second opinion line`,
    });
    // A customer-managed policy rather than the role's inline one: it can be reviewed and
    // audited on its own (HIPAA.Security-IAMNoInlinePolicy), and it belongs to this role only.
    this.policy = new iam.ManagedPolicy(this, 'Permissions', {
      description: `What the ${props.name} handler of the second opinion line may do`,
      roles: [this.role],
    });
    this.policy.addStatements(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        // The log group exists (created above), so no logs:CreateLogGroup. Its Arn attribute
        // already ends in ":*", which covers the log streams inside it.
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    if (props.deadLetterQueue !== undefined) {
      this.policy.addStatements(
        new iam.PolicyStatement({
          sid: 'DeadLetter',
          actions: ['sqs:SendMessage'],
          resources: [props.deadLetterQueue.queueArn],
        }),
      );
    }

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(PROJECT_ROOT, LAMBDA_ENTRIES[props.name]),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        ...props.environment,
        // No NODE_OPTIONS=--enable-source-maps: Node then parses the whole map while loading
        // the bundle, which measured here as +80-170 ms on every cold start. The maps ship
        // in the asset; set the option on a function while debugging to get mapped traces.
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      bundling: lambdaBundling(props.name),
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      ...(props.retryAttempts === undefined ? {} : { retryAttempts: props.retryAttempts }),
      ...(props.maxEventAge === undefined ? {} : { maxEventAge: props.maxEventAge }),
    });
    // Lambda checks the role's permissions when the function is created (the dead-letter
    // queue in particular), and the policy is a separate resource: create it first.
    this.function.node.addDependency(this.policy);
    if (props.deadLetterQueue !== undefined) {
      // Set on the L1 resource: the L2 `deadLetterQueue` prop would grant SendMessage through
      // an inline policy on the role; the statement above already allows it.
      const cfn = this.function.node.defaultChild as lambda.CfnFunction;
      cfn.deadLetterConfig = { targetArn: props.deadLetterQueue.queueArn };
    }
  }
}
