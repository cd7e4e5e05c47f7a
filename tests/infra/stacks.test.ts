import { beforeAll, describe, expect, it } from 'vitest';
import { localTableDefinition } from '../../functions/adapters/dynamodb/table.js';
import { ACCESS_LOG_FIELDS } from '../../infra/cdk/constructs/webhook-api.js';
import { resourceNamed, type SynthesizedLine, synthLine } from './synth.js';

/** A real deployment names its Twilio account and sender; everything else is default. */
const TWILIO = { twilioAccountSid: `AC${'a'.repeat(32)}`, twilioFrom: '+14155550100' };

let line: SynthesizedLine;

beforeAll(() => {
  line = synthLine(TWILIO);
});

describe('stateful stack', () => {
  it('keeps the table: on-demand, PITR, customer-managed key, TTL, deletion protection, retained', () => {
    const [, table] = resourceNamed(line.statefulTemplate, 'AWS::DynamoDB::Table', 'Table');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    const [keyId] = resourceNamed(line.statefulTemplate, 'AWS::KMS::Key', 'DataKey');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it('has the sparse reminders index on gsi1pk/gsi1sk and no other index', () => {
    const [, table] = resourceNamed(line.statefulTemplate, 'AWS::DynamoDB::Table', 'Table');
    expect(table.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'gsi1',
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
    expect(table.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ]),
    );
  });

  it('matches the local table definition (DynamoDB Local and tests), so they cannot drift apart', () => {
    const [, table] = resourceNamed(line.statefulTemplate, 'AWS::DynamoDB::Table', 'Table');
    const local = localTableDefinition('unused');
    const sortByName = (list: unknown) =>
      [...(list as { AttributeName: string }[])].sort((a, b) =>
        a.AttributeName.localeCompare(b.AttributeName),
      );
    expect(sortByName(table.Properties.AttributeDefinitions)).toEqual(sortByName(local.AttributeDefinitions));
    expect(table.Properties.KeySchema).toEqual(local.KeySchema);
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
  });

  it('rotates the key yearly and retains it', () => {
    const [, key] = resourceNamed(line.statefulTemplate, 'AWS::KMS::Key', 'DataKey');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });

  it('lets CloudWatch Logs use the key only for this account’s log groups', () => {
    const [, key] = resourceNamed(line.statefulTemplate, 'AWS::KMS::Key', 'DataKey');
    const statements = (key.Properties.KeyPolicy as { Statement: Record<string, unknown>[] }).Statement;
    const logs = statements.find((statement) => statement.Sid === 'CloudWatchLogsEncryptLogGroups');
    expect(JSON.stringify(logs?.Condition)).toContain(':log-group:*');
    expect(JSON.stringify(logs?.Principal)).toContain('.amazonaws.com');
  });

  it('keeps the Twilio auth token in Secrets Manager, encrypted with the key, retained', () => {
    const [keyId] = resourceNamed(line.statefulTemplate, 'AWS::KMS::Key', 'DataKey');
    const [, secret] = resourceNamed(line.statefulTemplate, 'AWS::SecretsManager::Secret', 'TwilioAuthToken');
    expect(secret.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(secret.DeletionPolicy).toBe('Retain');
    // A random placeholder until the operator sets the real token: nothing known is deployed.
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(secret.Properties.GenerateSecretString).toBeDefined();
  });
});

const FUNCTIONS = [
  { prefix: 'SmsFunction', memory: 1024, timeout: 10 },
  { prefix: 'SmsStatusFunction', memory: 512, timeout: 10 },
  { prefix: 'VoiceFunction', memory: 1024, timeout: 10 },
  { prefix: 'RemindersFunction', memory: 512, timeout: 300 },
  { prefix: 'IntakeConsumerFunction', memory: 512, timeout: 60 },
] as const;

describe('service stack: functions', () => {
  it('has exactly the five handlers', () => {
    line.serviceTemplate.resourceCountIs('AWS::Lambda::Function', 5);
  });

  it.each(FUNCTIONS)(
    '$prefix: nodejs22.x on arm64, $memory MB, $timeout s',
    ({ prefix, memory, timeout }) => {
      const [, fn] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', prefix);
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: memory,
        Timeout: timeout,
        Handler: 'index.handler',
      });
    },
  );

  it.each(FUNCTIONS)('$prefix: the token comes from the secret, never an environment value', ({ prefix }) => {
    const [, fn] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', prefix);
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.TWILIO_AUTH_TOKEN).toBeUndefined();
    expect(variables.TWILIO_AUTH_TOKEN_SECRET_ARN).toEqual(
      line.service.resolve(line.stateful.authTokenSecret.secretArn),
    );
    expect(variables.TABLE_NAME).toEqual(line.service.resolve(line.stateful.table.tableName));
  });

  it.each(FUNCTIONS)('$prefix: logs to its own encrypted log group with 90-day retention', ({ prefix }) => {
    const [, fn] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', prefix);
    const logGroupRef = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    const logGroup = line.serviceTemplate.toJSON().Resources[logGroupRef];
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup.Properties.RetentionInDays).toBe(90);
    expect(logGroup.Properties.KmsKeyId).toEqual(line.service.resolve(line.stateful.key.keyArn));
  });

  it('builds PUBLIC_URL from the API id alone, so the routes can reference the functions without a cycle', () => {
    const [apiId] = resourceNamed(line.serviceTemplate, 'AWS::ApiGatewayV2::Api', 'WebhooksApi');
    const [, sms] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', 'SmsFunction');
    const publicUrl = (sms.Properties.Environment as { Variables: Record<string, unknown> }).Variables
      .PUBLIC_URL;
    expect(publicUrl).toEqual({
      'Fn::Join': [
        '',
        ['https://', { Ref: apiId }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }],
      ],
    });
    // Nothing in the URL refers to a route, integration or stage.
    expect(JSON.stringify(publicUrl)).not.toMatch(/Route|Integration|Stage/);
  });

  it('reserves one concurrent sweep and none for the webhooks (documented in the service stack)', () => {
    const reserved = Object.fromEntries(
      FUNCTIONS.map(({ prefix }) => [
        prefix,
        resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', prefix)[1].Properties
          ?.ReservedConcurrentExecutions,
      ]),
    );
    expect(reserved).toEqual({
      SmsFunction: undefined,
      SmsStatusFunction: undefined,
      VoiceFunction: undefined,
      RemindersFunction: 1,
    });
  });

  it('gives the asynchronously invoked sweeper an encrypted dead-letter queue and bounded retries', () => {
    const [queueId, queue] = resourceNamed(line.serviceTemplate, 'AWS::SQS::Queue', 'SweeperDeadLetterQueue');
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const [, sweeper] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', 'RemindersFunction');
    expect(sweeper.Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    line.serviceTemplate.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 300,
    });
    for (const { prefix } of FUNCTIONS.slice(0, 3)) {
      const [, webhook] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', prefix);
      expect(webhook.Properties.DeadLetterConfig).toBeUndefined();
    }
  });
});

describe('service stack: webhook API', () => {
  it('routes exactly the four webhook routes, each to its handler', () => {
    const routes = line.serviceTemplate.findResources('AWS::ApiGatewayV2::Route');
    const integrations = line.serviceTemplate.findResources('AWS::ApiGatewayV2::Integration');
    // biome-ignore lint/suspicious/noExplicitAny: CloudFormation resources are untyped JSON.
    const target = (route: any) => {
      const join = JSON.stringify(route.Properties.Target);
      const integrationId = Object.keys(integrations).find((id) => join.includes(`"Ref":"${id}"`));
      const uri = JSON.stringify(
        integrationId ? integrations[integrationId]?.Properties.IntegrationUri : null,
      );
      return /"(SmsStatusFunction|SmsFunction|VoiceFunction)[0-9A-F]{8}"/.exec(uri)?.[1];
    };
    const byKey = Object.fromEntries(
      Object.values(routes).map((route) => [route.Properties.RouteKey, target(route)]),
    );
    expect(byKey).toEqual({
      'POST /sms': 'SmsFunction',
      'POST /sms/status': 'SmsStatusFunction',
      'POST /voice': 'VoiceFunction',
      'POST /voice/{proxy+}': 'VoiceFunction',
    });
  });

  it('uses payload format 2.0 (what the handlers parse)', () => {
    const integrations = Object.values(line.serviceTemplate.findResources('AWS::ApiGatewayV2::Integration'));
    expect(integrations.length).toBe(3);
    for (const integration of integrations) {
      expect(integration.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
      });
    }
  });

  it('throttles the stage and writes access logs without bodies, IPs or query strings', () => {
    const [, stage] = resourceNamed(line.serviceTemplate, 'AWS::ApiGatewayV2::Stage', 'WebhooksDefaultStage');
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 25, ThrottlingBurstLimit: 50 },
    });
    const settings = stage.Properties.AccessLogSettings as { Format: string; DestinationArn: unknown };
    expect(JSON.parse(settings.Format)).toEqual(ACCESS_LOG_FIELDS);
    expect(settings.Format).not.toMatch(/body|sourceIp|userAgent|querystring|path/i);
  });

  it('lets API Gateway invoke each webhook function only from this API', () => {
    const permissions = Object.values(line.serviceTemplate.findResources('AWS::Lambda::Permission'));
    expect(permissions.length).toBe(4);
    for (const permission of permissions) {
      expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
      expect(JSON.stringify(permission.Properties.SourceArn)).toMatch(/execute-api/);
    }
  });
});

describe('service stack: sweep schedule', () => {
  it('invokes the sweeper every 5 minutes with a dead-letter queue and bounded retries', () => {
    const [sweeperId] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', 'RemindersFunction');
    const [queueId] = resourceNamed(line.serviceTemplate, 'AWS::SQS::Queue', 'SweeperDeadLetterQueue');
    line.serviceTemplate.resourceCountIs('AWS::Scheduler::Schedule', 1);
    line.serviceTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::GetAtt': [sweeperId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 },
        // The sweeper sweeps as of "now" when the event names no time.
        Input: '{}',
      },
    });
  });
});

describe('service stack: alarms', () => {
  const alarms = () => Object.values(line.serviceTemplate.findResources('AWS::CloudWatch::Alarm'));

  it.each(['Errors', 'Throttles'])('alarms on %s of every function', (metricName) => {
    const alarmed = alarms()
      .filter(
        (alarm) => alarm.Properties.MetricName === metricName && alarm.Properties.Namespace === 'AWS/Lambda',
      )
      .map((alarm) => JSON.stringify(alarm.Properties.Dimensions));
    expect(alarmed).toHaveLength(5);
    for (const { prefix } of FUNCTIONS) {
      const [id] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', prefix);
      expect(alarmed.filter((dimensions) => dimensions.includes(`"Ref":"${id}"`))).toHaveLength(1);
    }
  });

  it('alarms on API 5xx, a sweeper that stopped running, and dead letters', () => {
    const [apiId] = resourceNamed(line.serviceTemplate, 'AWS::ApiGatewayV2::Api', 'WebhooksApi');
    line.serviceTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    line.serviceTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Invocations',
      Period: 600,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    line.serviceTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    // Per function: errors and throttles (10); the API, the sweeper, its DLQ, the intake DLQ and
    // backlog; then the six usage alarms (usage-alarms.ts).
    expect(alarms()).toHaveLength(15 + 6);
  });

  it('creates no SNS topic when no alarm e-mail is configured', () => {
    line.serviceTemplate.resourceCountIs('AWS::SNS::Topic', 0);
  });
});

describe('service stack: outputs', () => {
  it('gives the webhook URLs and the exact twilio phone-numbers:update command', () => {
    const outputs = line.serviceTemplate.toJSON().Outputs;
    const text = (name: string) => JSON.stringify(outputs[name].Value);
    expect(text('SmsWebhookUrl')).toContain('/sms');
    expect(text('VoiceWebhookUrl')).toContain('/voice');
    expect(text('SmsStatusCallbackUrl')).toContain('/sms/status');
    const command = text('TwilioNumberCommand');
    expect(command).toMatch(/twilio phone-numbers:update/);
    expect(command).toMatch(
      /--sms-url=.*\/sms.*--sms-method=POST --voice-url=.*\/voice.*--voice-method=POST/,
    );
    expect(text('SetAuthTokenCommand')).toMatch(/put-secret-value/);
  });
});
