import { beforeAll, describe, expect, it } from 'vitest';
import {
  inlinePoliciesOfRole,
  resourceNamed,
  type Statement,
  type SynthesizedLine,
  statementsOfRole,
  synthLine,
} from './synth.js';

let line: SynthesizedLine;
/** Tokens as they appear in the service template (cross-stack imports of the stateful stack). */
let tableArn: unknown;
let keyArn: unknown;
let secretArn: unknown;

beforeAll(() => {
  line = synthLine({ twilioAccountSid: `AC${'a'.repeat(32)}`, twilioFrom: '+14155550100' });
  tableArn = line.service.resolve(line.stateful.table.tableArn);
  keyArn = line.service.resolve(line.stateful.key.keyArn);
  secretArn = line.service.resolve(line.stateful.authTokenSecret.secretArn);
});

/** Role logical id of a function, from the function's Role property. */
function roleOf(functionPrefix: string): string {
  const [, fn] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', functionPrefix);
  const role = fn.Properties.Role as { 'Fn::GetAtt': [string, string] };
  return role['Fn::GetAtt'][0];
}

/** Statements keyed by Sid, actions sorted, so expectations read like a policy. */
function policyOf(roleId: string): Record<string, { actions: string[]; resources: unknown[] }> {
  const statements = statementsOfRole(line.serviceTemplate, roleId);
  const bySid: Record<string, { actions: string[]; resources: unknown[] }> = {};
  for (const statement of statements) {
    expect(statement.Effect).toBe('Allow');
    if (statement.Sid === undefined) throw new Error(`statement without Sid: ${JSON.stringify(statement)}`);
    bySid[statement.Sid] = {
      actions: [statement.Action].flat().sort(),
      resources: [statement.Resource].flat(),
    };
  }
  return bySid;
}

function logGroupArnOf(functionPrefix: string): unknown {
  const [, fn] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', functionPrefix);
  const logGroupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
  return { 'Fn::GetAtt': [logGroupId, 'Arn'] };
}

function intakeQueueArn(): unknown {
  const [queueId] = resourceNamed(line.serviceTemplate, 'AWS::SQS::Queue', 'IntakeQueue');
  return { 'Fn::GetAtt': [queueId, 'Arn'] };
}

const KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];

describe('least privilege per function', () => {
  it('SMS: GetItem, PutItem and DeleteItem (a booking transaction rewrites reminder rows), SendMessage to the intake queue', () => {
    expect(policyOf(roleOf('SmsFunction'))).toEqual({
      SendToIntakeQueue: { actions: ['sqs:SendMessage'], resources: [intakeQueueArn()] },
      WriteOwnLogs: {
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroupArnOf('SmsFunction')],
      },
      TableItems: {
        actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [tableArn],
      },
      TableKey: { actions: KEY_ACTIONS, resources: [keyArn] },
      ReadTwilioAuthToken: { actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] },
    });
  });

  it('SMS status: UpdateItem only', () => {
    expect(policyOf(roleOf('SmsStatusFunction'))).toEqual({
      WriteOwnLogs: {
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroupArnOf('SmsStatusFunction')],
      },
      TableItems: { actions: ['dynamodb:UpdateItem'], resources: [tableArn] },
      TableKey: { actions: KEY_ACTIONS, resources: [keyArn] },
      ReadTwilioAuthToken: { actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] },
    });
  });

  it('voice: UpdateItem only (caller records)', () => {
    expect(policyOf(roleOf('VoiceFunction'))).toEqual({
      WriteOwnLogs: {
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroupArnOf('VoiceFunction')],
      },
      TableItems: { actions: ['dynamodb:UpdateItem'], resources: [tableArn] },
      TableKey: { actions: KEY_ACTIONS, resources: [keyArn] },
      ReadTwilioAuthToken: { actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] },
    });
  });

  it('sweeper: Query on the due index only, BatchGetItem and UpdateItem, its dead-letter queue', () => {
    const [queueId] = resourceNamed(line.serviceTemplate, 'AWS::SQS::Queue', 'SweeperDeadLetterQueue');
    expect(policyOf(roleOf('RemindersFunction'))).toEqual({
      WriteOwnLogs: {
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroupArnOf('RemindersFunction')],
      },
      DeadLetter: { actions: ['sqs:SendMessage'], resources: [{ 'Fn::GetAtt': [queueId, 'Arn'] }] },
      TableItems: {
        actions: ['dynamodb:BatchGetItem', 'dynamodb:UpdateItem'],
        resources: [tableArn],
      },
      QueryIndex: {
        actions: ['dynamodb:Query'],
        resources: [{ 'Fn::Join': ['', [tableArn, '/index/gsi1']] }],
      },
      TableKey: { actions: KEY_ACTIONS, resources: [keyArn] },
      ReadTwilioAuthToken: { actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] },
    });
  });

  it('intake consumer: the SMS turn and replay marks, its queue (consume and requeue replies), the token', () => {
    expect(policyOf(roleOf('IntakeConsumerFunction'))).toEqual({
      WriteOwnLogs: {
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroupArnOf('IntakeConsumerFunction')],
      },
      TableItems: {
        actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [tableArn],
      },
      TableKey: { actions: KEY_ACTIONS, resources: [keyArn] },
      ConsumeIntakeQueue: {
        actions: [
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:ReceiveMessage',
          'sqs:SendMessage',
        ],
        resources: [intakeQueueArn()],
      },
      ReadTwilioAuthToken: { actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] },
    });
  });

  it('only the SMS webhook and the consumer may touch the intake queue, and nobody its DLQ', () => {
    const [dlqId] = resourceNamed(line.serviceTemplate, 'AWS::SQS::Queue', 'IntakeDeadLetters');
    const roles = Object.keys(line.serviceTemplate.findResources('AWS::IAM::Role'));
    const touching = roles.filter((roleId) =>
      JSON.stringify(statementsOfRole(line.serviceTemplate, roleId)).includes(
        JSON.stringify(intakeQueueArn()),
      ),
    );
    expect(touching.sort()).toEqual([roleOf('IntakeConsumerFunction'), roleOf('SmsFunction')].sort());
    for (const roleId of roles) {
      expect(JSON.stringify(statementsOfRole(line.serviceTemplate, roleId))).not.toContain(`"${dlqId}"`);
    }
  });

  it('scheduler: invokes the sweeper function ARN (no versions or aliases) and dead-letters', () => {
    const [sweeperId] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', 'RemindersFunction');
    const [queueId] = resourceNamed(line.serviceTemplate, 'AWS::SQS::Queue', 'SweeperDeadLetterQueue');
    const [roleId, role] = resourceNamed(line.serviceTemplate, 'AWS::IAM::Role', 'SweepScheduleInvokeRole');
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('scheduler.amazonaws.com');
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('aws:SourceAccount');
    expect(policyOf(roleId)).toEqual({
      InvokeSweeper: {
        actions: ['lambda:InvokeFunction'],
        resources: [{ 'Fn::GetAtt': [sweeperId, 'Arn'] }],
      },
      DeadLetter: { actions: ['sqs:SendMessage'], resources: [{ 'Fn::GetAtt': [queueId, 'Arn'] }] },
    });
  });

  it('no role has an inline policy, an AWS managed policy, a wildcard action or a "*" resource', () => {
    const roles = line.serviceTemplate.findResources('AWS::IAM::Role');
    expect(Object.keys(roles)).toHaveLength(6);
    for (const [roleId, role] of Object.entries(roles)) {
      expect(inlinePoliciesOfRole(line.serviceTemplate, roleId)).toEqual([]);
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
      const statements: Statement[] = statementsOfRole(line.serviceTemplate, roleId);
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        for (const action of [statement.Action].flat()) expect(action).not.toMatch(/\*/);
        for (const resource of [statement.Resource].flat()) expect(resource).not.toBe('*');
      }
    }
  });
});
