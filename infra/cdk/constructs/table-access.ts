import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/**
 * Least-privilege statements written out by hand. CDK's `table.grant*` helpers add every
 * index (`<table>/index/*`) and action families a handler never uses; here each function
 * names exactly the item actions it calls, on the table, and the one index it queries.
 */

/** The DynamoDB item actions the handlers use; nothing table-level, no scans. */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:Query';

export type TableGrant = {
  tableArn: string;
  /** Item actions on the table itself (not its indexes). */
  actions: readonly TableAction[];
  /** Query on one index, by name: `<tableArn>/index/<name>`. */
  queryIndex?: string;
  /** The table's customer-managed key: DynamoDB needs the caller to be allowed to use it. */
  key: kms.IKey;
};

/** The KMS actions DynamoDB calls on the caller's behalf to read and write an encrypted table. */
export const TABLE_KEY_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'];

/** Adds the table, index and key statements to one function's policy. */
export function grantTableAccess(policy: iam.ManagedPolicy, grant: TableGrant): void {
  if (grant.actions.length > 0) {
    policy.addStatements(
      new iam.PolicyStatement({
        sid: 'TableItems',
        actions: [...grant.actions],
        resources: [grant.tableArn],
      }),
    );
  }
  if (grant.queryIndex !== undefined) {
    policy.addStatements(
      new iam.PolicyStatement({
        sid: 'QueryIndex',
        actions: ['dynamodb:Query'],
        resources: [`${grant.tableArn}/index/${grant.queryIndex}`],
      }),
    );
  }
  policy.addStatements(
    new iam.PolicyStatement({
      sid: 'TableKey',
      actions: TABLE_KEY_ACTIONS,
      resources: [grant.key.keyArn],
    }),
  );
}

/**
 * Reading the Twilio auth token: GetSecretValue on that one secret. The secret is encrypted
 * with the same key as the table, so the key statement from {@link grantTableAccess} covers
 * the decrypt.
 */
export function grantAuthTokenRead(policy: iam.ManagedPolicy, secret: secretsmanager.ISecret): void {
  policy.addStatements(
    new iam.PolicyStatement({
      sid: 'ReadTwilioAuthToken',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [secret.secretArn],
    }),
  );
}
