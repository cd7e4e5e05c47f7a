import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { HandlerEnvSchema, parseEnv } from '../../functions/config.js';
import { sweepSettingsOf } from '../../functions/reminders/settings.js';
import { DEFAULT_ROUTE_THROTTLES, type LineContext } from './config.js';
import { LineAlarms } from './constructs/alarms.js';
import { LineDashboard } from './constructs/dashboard.js';
import { IntakeQueue } from './constructs/intake-queue.js';
import { LineFunction } from './constructs/line-function.js';
import { type Acknowledgment, acknowledge } from './constructs/nag.js';
import { createSweepDeadLetterQueue, SweepSchedule } from './constructs/sweep-schedule.js';
import { grantAuthTokenRead, grantTableAccess } from './constructs/table-access.js';
import { UsageAlarms } from './constructs/usage-alarms.js';
import { WebhookApi } from './constructs/webhook-api.js';
import { WebhookEdge } from './constructs/webhook-edge.js';
import { REMINDERS_INDEX } from './stateful-stack.js';

export type ServiceStackProps = StackProps & {
  config: LineContext;
  /** From the stateful stack: the service stack can be replaced without touching them. */
  table: dynamodb.ITable;
  key: kms.IKey;
  authTokenSecret: secretsmanager.ISecret;
  /** The AWS WAF web ACL (us-east-1, WafStack) to put in front of the webhooks; `waf` context. */
  webAclArn?: string;
};

/**
 * Why the webhook functions have no reserved concurrency by default:
 * - the API stage's throttle (apiRateLimit/apiBurstLimit) already caps how fast Twilio can
 *   drive them, at the edge, where a refusal is a 429 Twilio retries;
 * - Lambda keeps 10 units of the account's concurrency unreserved, so on a new account
 *   (quota 10) any reservation fails the deployment;
 * - a reservation also caps the function, turning a burst of texts into throttles instead
 *   of answers. In an account shared with other workloads, set `webhookReservedConcurrency`
 *   so they cannot starve the line.
 */
const NO_WEBHOOK_RESERVATION: Acknowledgment = {
  id: 'HIPAA.Security-LambdaConcurrency',
  reason:
    'Webhook concurrency is bounded by the API stage throttle; a reservation would fail on accounts with the default quota of 10 and turn bursts into throttles (set webhookReservedConcurrency in shared accounts).',
};

const NO_SWEEPER_RESERVATION: Acknowledgment = {
  id: 'HIPAA.Security-LambdaConcurrency',
  reason:
    'sweeperReservedConcurrency=0 was chosen for this deployment (an account with the default concurrency quota of 10 cannot reserve any); sweeps are safe to overlap, only their combined send rate may exceed REMINDER_MAX_MPS.',
};

const NOT_IN_VPC: Acknowledgment = {
  id: 'HIPAA.Security-LambdaInsideVPC',
  reason:
    'The functions reach only DynamoDB, Secrets Manager and api.twilio.com over TLS with IAM/auth-token authentication; a VPC would need a NAT gateway (about $33/month) for Twilio and adds no control over these public endpoints.',
};

const PINNED_RUNTIME: Acknowledgment = {
  id: 'AwsSolutions-L1',
  reason:
    'Pinned to nodejs22.x on purpose: the bundles target node22 and are tested on it; a runtime upgrade is a tested change of its own, not something a CDK release should decide.',
};

const SYNC_NO_DLQ: Acknowledgment = {
  id: 'HIPAA.Security-LambdaDLQ',
  reason:
    'Invoked synchronously by API Gateway: a failure returns 5xx to Twilio (which retries once) and raises the API 5xx alarm; Lambda never queues these events, so a dead-letter queue would stay empty.',
};

/**
 * The stateless part: the four handlers, the webhook API, the sweep schedule and the alarms.
 * It holds no data, so it can be destroyed and redeployed at will.
 */
export class ServiceStack extends Stack {
  readonly webhookApi: WebhookApi;
  /** CloudFront with AWS WAF in front of the API (`waf` context). */
  readonly edge?: WebhookEdge;
  readonly functions: Record<'sms' | 'smsStatus' | 'voice' | 'reminders' | 'intake', LineFunction>;
  /** Durable intake: texts the store could not take, replayed by the intake function. */
  readonly intake: IntakeQueue;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config, table, key, authTokenSecret } = props;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    // The API comes first, without routes: the functions need its URL, and the routes need
    // the functions (see WebhookApi.publicUrl for why this order has no cycle).
    this.webhookApi = new WebhookApi(this, 'Webhooks', {
      rateLimit: config.apiRateLimit,
      burstLimit: config.apiBurstLimit,
      routeThrottles: {
        sms: config.routeThrottles?.sms ?? DEFAULT_ROUTE_THROTTLES.sms,
        smsStatus: config.routeThrottles?.smsStatus ?? DEFAULT_ROUTE_THROTTLES.smsStatus,
        voice: config.routeThrottles?.voice ?? DEFAULT_ROUTE_THROTTLES.voice,
      },
      logKey: key,
      logRetention,
      ...(config.customDomainName && config.customDomainCertificateArn
        ? {
            customDomain: {
              domainName: config.customDomainName,
              certificateArn: config.customDomainCertificateArn,
            },
          }
        : {}),
    });

    // With `waf`, Twilio calls CloudFront (AWS WAF in front), and signs for that URL.
    if (props.webAclArn !== undefined) {
      this.edge = new WebhookEdge(this, 'Edge', {
        apiDomain: this.webhookApi.executeApiDomain,
        webAclArn: props.webAclArn,
      });
      this.webhookApi.frontWith(this.edge.url);
    }

    const environment: Record<string, string> = {
      TABLE_NAME: table.tableName,
      PUBLIC_URL: this.webhookApi.publicUrl,
      TWILIO_AUTH_TOKEN_SECRET_ARN: authTokenSecret.secretArn,
      DEFAULT_REGION: config.defaultRegion,
      SUPPORT_CONTACT: config.supportContact,
      ...optional('TWILIO_ACCOUNT_SID', config.twilioAccountSid),
      ...optional('TWILIO_FROM', config.twilioFrom),
      ...optional('TWILIO_MESSAGING_SERVICE_SID', config.twilioMessagingServiceSid),
      ...optional('SUPPORT_LINE_UK', config.supportLineUk),
      ...optional('SUPPORT_LINE_US', config.supportLineUs),
      ...optional('SUPPORT_LINE_CA', config.supportLineCa),
      ...optional('TEXT_ME_THIS_TOPICS_PER_CALL', config.textMeThisTopicsPerCall?.toString()),
      ...optional('TEXT_ME_THIS_PER_NUMBER_PER_DAY', config.textMeThisPerNumberPerDay?.toString()),
      ...config.reminderSettings,
    };
    const common = { environment, logKey: key, logRetention };
    const webhookReservation =
      config.webhookReservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: config.webhookReservedConcurrency };

    const intakeTimeout = Duration.seconds(60);
    this.intake = new IntakeQueue(this, 'Intake', { key, consumerTimeout: intakeTimeout });
    const intakeEnvironment = { ...environment, INTAKE_QUEUE_URL: this.intake.queue.queueUrl };

    const sms = new LineFunction(this, 'Sms', {
      ...common,
      environment: intakeEnvironment,
      ...webhookReservation,
      name: 'sms',
      description: 'POST /sms: inbound texts (Twilio messaging webhook)',
      // Memory buys CPU, and CPU is most of a cold start; Twilio waits at most 15 s.
      memorySize: 1024,
      timeout: Duration.seconds(10),
    });
    const smsStatus = new LineFunction(this, 'SmsStatus', {
      ...common,
      ...webhookReservation,
      name: 'smsStatus',
      description: 'POST /sms/status: delivery status callbacks of texts the line sent',
      // Nobody waits on a status callback; half the memory halves its cost.
      memorySize: 512,
      timeout: Duration.seconds(10),
    });
    const voice = new LineFunction(this, 'Voice', {
      ...common,
      ...webhookReservation,
      name: 'voice',
      description: 'POST /voice and /voice/*: the call menu (Twilio voice webhook)',
      // A caller hears every millisecond of a cold start.
      memorySize: 1024,
      timeout: Duration.seconds(10),
    });

    const deadLetterQueue = createSweepDeadLetterQueue(this, 'SweeperDeadLetterQueue');
    const sweepRate = Duration.minutes(config.sweepRateMinutes);
    const reminders = new LineFunction(this, 'Reminders', {
      ...common,
      name: 'reminders',
      description: 'Reminder sweeper: sends due reminders (EventBridge Scheduler)',
      memorySize: 512,
      timeout: sweeperTimeout(config),
      // One sweep at a time: sweeps are safe to overlap (claims are conditional), but each
      // paces itself to REMINDER_MAX_MPS, so two at once would send twice as fast as the
      // sender allows.
      ...(config.sweeperReservedConcurrency > 0
        ? { reservedConcurrentExecutions: config.sweeperReservedConcurrency }
        : {}),
      deadLetterQueue,
      retryAttempts: 2,
      maxEventAge: Duration.minutes(Math.max(1, Math.min(config.sweepRateMinutes, 360))),
    });
    const intake = new LineFunction(this, 'IntakeConsumer', {
      ...common,
      environment: intakeEnvironment,
      name: 'intake',
      description: 'Replays texts queued while the table was out of reach (SQS FIFO consumer)',
      memorySize: 512,
      timeout: intakeTimeout,
    });
    this.functions = { sms, smsStatus, voice, reminders, intake };

    // Least privilege, per function: the item actions each handler's adapters call
    // (functions/adapters/dynamodb/*), nothing else. Revisit when a handler's store changes.
    grantTableAccess(sms.policy, {
      tableArn: table.tableArn,
      key,
      // subscriber-store: GetItem, then PutItem, or TransactWriteItems that puts the person
      // and puts or deletes their reminder rows (IAM checks each item action in it).
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    });
    grantTableAccess(smsStatus.policy, {
      tableArn: table.tableArn,
      key,
      // message-status-store: one conditional UpdateItem per callback.
      actions: ['dynamodb:UpdateItem'],
    });
    grantTableAccess(voice.policy, {
      tableArn: table.tableArn,
      key,
      // caller-records: UpdateItem only (what was heard, consent to be texted).
      actions: ['dynamodb:UpdateItem'],
    });
    grantTableAccess(reminders.policy, {
      tableArn: table.tableArn,
      key,
      // reminder-store: Query on the due index, UpdateItem to claim/settle/defer/release;
      // subscriber-store: BatchGetItem of the people due, UpdateItem for opt-out/undeliverable marks.
      actions: ['dynamodb:BatchGetItem', 'dynamodb:UpdateItem'],
      queryIndex: REMINDERS_INDEX.indexName,
    });
    grantTableAccess(intake.policy, {
      tableArn: table.tableArn,
      key,
      // The SMS function's turn (subscriber-store) plus the replay marks (replay-marks.ts):
      // a conditional PutItem, and DeleteItem when a send is to be tried again.
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    });
    // The SMS webhook may only put texts on the queue; the consumer works it.
    this.intake.grantSend(sms.policy);
    this.intake.attachConsumer(intake.function, intake.policy);
    for (const fn of [sms, smsStatus, voice, reminders, intake])
      grantAuthTokenRead(fn.policy, authTokenSecret);

    this.webhookApi.addWebhook('sms', sms.function);
    this.webhookApi.addWebhook('smsStatus', smsStatus.function);
    this.webhookApi.addWebhook('voice', voice.function);

    // Without a Twilio account the sweeper cannot send (it refuses to start), so the
    // schedule stays off until one is configured rather than failing every period.
    const canSend = config.twilioAccountSid !== undefined;
    new SweepSchedule(this, 'SweepSchedule', {
      sweeper: reminders.function,
      rate: sweepRate,
      deadLetterQueue,
      enabled: canSend,
      // The sweeper sweeps as of "now" when the event names no time (functions/reminders/handler.ts).
      input: {},
    });

    const lineAlarms = new LineAlarms(this, 'Alarms', {
      functions: {
        sms: sms.function,
        smsStatus: smsStatus.function,
        voice: voice.function,
        reminders: reminders.function,
        intake: intake.function,
      },
      intake: this.intake,
      sweeper: canSend ? reminders.function : undefined,
      sweepRate,
      deadLetterQueue,
      api: this.webhookApi.api,
      topicKey: key,
      ...(config.alarmEmail === undefined ? {} : { email: config.alarmEmail }),
    });

    // Usage: the dashboard (named after the line) and the alarms on what it counts.
    const handlers = {
      sms: sms.function,
      smsStatus: smsStatus.function,
      voice: voice.function,
      reminders: reminders.function,
      intake: intake.function,
    };
    new LineDashboard(this, 'Usage', {
      name: id.replace(/-Service$/, ''),
      functions: handlers,
      api: this.webhookApi.api,
      queues: [
        { label: 'Sweeper DLQ', queue: deadLetterQueue },
        { label: 'Intake DLQ', queue: this.intake.deadLetterQueue },
        { label: 'Intake backlog', queue: this.intake.queue },
      ],
    });
    new UsageAlarms(this, 'UsageAlarms', { ...(lineAlarms.topic ? { topic: lineAlarms.topic } : {}) });

    for (const fn of [sms, smsStatus, voice]) {
      const reservation = config.webhookReservedConcurrency === undefined ? [NO_WEBHOOK_RESERVATION] : [];
      acknowledge(fn.function, [PINNED_RUNTIME, SYNC_NO_DLQ, NOT_IN_VPC, ...reservation]);
    }
    acknowledge(intake.function, [
      PINNED_RUNTIME,
      NOT_IN_VPC,
      {
        id: 'HIPAA.Security-LambdaConcurrency',
        reason:
          'The intake consumer is bounded by its FIFO queue: at most one invocation per message group (phone number) at a time; a reservation would fail on accounts with the default quota of 10.',
      },
      {
        id: 'HIPAA.Security-LambdaDLQ',
        reason:
          'Invoked by an SQS event source mapping: failed messages go back to the intake queue and, after their tries, to its own dead-letter queue (alarmed); a function DLQ is never used for such invocations.',
      },
    ]);
    acknowledge(reminders.function, [
      PINNED_RUNTIME,
      NOT_IN_VPC,
      ...(config.sweeperReservedConcurrency > 0 ? [] : [NO_SWEEPER_RESERVATION]),
    ]);

    this.addOutputs(config, authTokenSecret);
  }

  private addOutputs(config: LineContext, authTokenSecret: secretsmanager.ISecret): void {
    const api = this.webhookApi;
    const smsUrl = api.url('/sms');
    const voiceUrl = api.url('/voice');
    const statusUrl = api.url('/sms/status');
    new CfnOutput(this, 'SmsWebhookUrl', {
      value: smsUrl,
      description: 'Twilio number: A message comes in (POST)',
    });
    new CfnOutput(this, 'VoiceWebhookUrl', {
      value: voiceUrl,
      description: 'Twilio number: A call comes in (POST)',
    });
    new CfnOutput(this, 'SmsStatusCallbackUrl', {
      value: statusUrl,
      description:
        'Delivery status callback. The line asks for it on every reminder it sends (StatusCallback), so the number needs no setting for it.',
    });
    const number = config.twilioFrom?.startsWith('+')
      ? config.twilioFrom
      : '<your Twilio number, e.g. +14155550100>';
    new CfnOutput(this, 'TwilioNumberCommand', {
      description: 'Points the Twilio number at the webhooks (Twilio CLI, logged in to the same account)',
      value: `twilio phone-numbers:update "${number}" --sms-url="${smsUrl}" --sms-method=POST --voice-url="${voiceUrl}" --voice-method=POST`,
    });
    new CfnOutput(this, 'SetAuthTokenCommand', {
      description:
        'Stores the Twilio auth token: read without echo and passed on stdin, so it is never in shell history or any process list',
      value: `read -rs TWILIO_AUTH_TOKEN && printf %s "$TWILIO_AUTH_TOKEN" | aws secretsmanager put-secret-value --secret-id "${authTokenSecret.secretArn}" --secret-string file:///dev/stdin; unset TWILIO_AUTH_TOKEN`,
    });
    new CfnOutput(this, 'TwilioFallbackUrls', {
      description:
        'Twilio number: the "primary handler fails" URLs. Same handlers, so a retried request is answered once (MessageSid / CallSid).',
      value: `twilio phone-numbers:update "${number}" --sms-fallback-url="${smsUrl}" --sms-fallback-method=POST --voice-fallback-url="${voiceUrl}" --voice-fallback-method=POST`,
    });
    new CfnOutput(this, 'TwilioGeoPermissions', {
      description:
        'Turn on: Messaging > Settings > Geo permissions: allow only United Kingdom, United States, Canada (and Voice geo permissions for transfers)',
      value: 'https://console.twilio.com/us1/develop/sms/settings/geo-permissions',
    });
    new CfnOutput(this, 'TwilioSmsPumpingProtection', {
      description:
        'Turn on: Messaging > Settings > General > SMS Pumping Protection (blocks texts to numbers showing pumping)',
      value: 'https://console.twilio.com/us1/develop/sms/settings/general',
    });
    if (api.domainName) {
      new CfnOutput(this, 'CustomDomainTarget', {
        description: `CNAME ${config.customDomainName} to this host`,
        value: api.domainName.regionalDomainName,
      });
    }
  }
}

/** The sweeper's default claim lease (REMINDER_LEASE_SECONDS in functions/config.ts). */
/**
 * Long enough to do work: a sweep stops taking reminders once less than stopBeforeMs remains
 * (a lease plus 5 s: functions/reminders/settings.ts, read from the same settings the function
 * gets), so the timeout leaves at least a minute beyond that. Otherwise one sweep period, up to
 * 5 minutes; with reserved concurrency 1 a sweep that outlasts its period delays the next one
 * rather than running beside it.
 */
export function sweeperTimeout(config: LineContext): Duration {
  const { stopBeforeMs } = sweepSettingsOf(
    parseEnv(HandlerEnvSchema, {
      TABLE_NAME: 'sweeper',
      PUBLIC_URL: 'https://sweeper.invalid',
      ...config.reminderSettings,
    }),
  );
  const floor = Math.ceil(stopBeforeMs / 1000) + 60;
  const seconds = Math.max(floor, Math.min(config.sweepRateMinutes * 60, 300));
  return Duration.seconds(Math.min(seconds, 900));
}

function optional(name: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [name]: value };
}
