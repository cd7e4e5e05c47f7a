import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { DUE_INDEX, TABLE_KEYS } from '../../functions/adapters/dynamodb/table.js';
import { acknowledge } from './constructs/nag.js';

/**
 * The due-reminders index, named in table.ts so the local table and this one match: sparse
 * (only reminders a sweep has work for carry its keys), partitioned by due hour and shard so
 * one busy hour never lands on one hot partition.
 */
export const REMINDERS_INDEX = DUE_INDEX;

export type StatefulStackProps = StackProps & {
  /** DynamoDB deletion protection; on unless the operator means to tear the table down. */
  deletionProtection: boolean;
};

/**
 * What must outlive any deployment: the table (phone numbers, preferences, reminders), the
 * key that encrypts it, and the Twilio auth token. Everything here is retained when the
 * stack is deleted; the service stack can be destroyed and redeployed freely around it.
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  readonly key: kms.Key;
  readonly authTokenSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.key = new kms.Key(this, 'DataKey', {
      description: 'Second opinion line: table, auth token secret, logs, dead-letter queue and alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.allowServiceUse();

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      deletionProtection: props.deletionProtection,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: REMINDERS_INDEX.indexName,
      partitionKey: { name: REMINDERS_INDEX.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: REMINDERS_INDEX.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    acknowledge(this.table, [
      {
        id: 'HIPAA.Security-DynamoDBInBackupPlan',
        reason:
          'Point-in-time recovery (35 days, any second) is the backup; an AWS Backup plan would add a second copy and a vault to secure for no better recovery point.',
      },
    ]);

    this.authTokenSecret = new secretsmanager.Secret(this, 'TwilioAuthToken', {
      description:
        'Twilio auth token of the second opinion line (signature validation and REST calls). Set the value after the first deploy.',
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      // A random placeholder until the operator sets the real token: every webhook is then
      // refused (403) rather than accepted with a known value.
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
    });
    acknowledge(this.authTokenSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'Twilio issues the auth token; it is rotated in the Twilio console (secondary token, then promote) and then put here. No rotation Lambda can do that.',
      },
      {
        id: 'HIPAA.Security-SecretsManagerRotationEnabled',
        reason:
          'Twilio issues the auth token; it is rotated in the Twilio console (secondary token, then promote) and then put here. No rotation Lambda can do that.',
      },
    ]);

    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'TABLE_NAME for `npm run data -- export|erase <E.164>` (access and erasure requests)',
    });
  }

  /**
   * CloudWatch Logs (encrypted log groups) and CloudWatch alarms (publishing to the encrypted
   * alarm topic) act as services, not through the functions' roles, so the key policy must
   * name them. In a key policy, `*` means this key only.
   */
  private allowServiceUse(): void {
    const { region, account, partition } = this;
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncryptLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        // The statement CloudWatch Logs documents for encrypted log groups.
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*`,
          },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        // As CloudWatch documents it; the topic's own policy decides who may publish.
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
  }
}
