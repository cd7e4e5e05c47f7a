import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLineContext } from '../../infra/cdk/config.js';
import { sweeperTimeout } from '../../infra/cdk/service-stack.js';
import { resourceNamed, SUPPORT_CONTACT, type SynthesizedLine, synthLine } from './synth.js';

const CERTIFICATE = 'arn:aws:acm:eu-west-2:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

/** One synth with every setting changed from its default (strings, as `-c key=value` passes them). */
let line: SynthesizedLine;

beforeAll(() => {
  line = synthLine({
    alarmEmail: 'ops@example.org',
    customDomainName: 'line.example.org',
    customDomainCertificateArn: CERTIFICATE,
    sweepRateMinutes: '15',
    deletionProtection: 'false',
    logRetentionDays: '365',
    apiRateLimit: '10',
    apiBurstLimit: '20',
    webhookReservedConcurrency: '5',
    sweeperReservedConcurrency: '0',
    twilioAccountSid: `AC${'0'.repeat(32)}`,
    twilioMessagingServiceSid: `MG${'1'.repeat(32)}`,
    supportContact: 'call 0800 123 4567',
    defaultRegion: 'UK',
    supportLineUk: '+442079460750',
    reminderSettings: '{"REMINDER_MAX_MPS": 1, "QUIET_HOURS_START": "20:30"}',
  });
});

describe('deployment settings from context', () => {
  it('serves the webhooks on the custom domain and signs against it', () => {
    line.serviceTemplate.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'line.example.org',
      DomainNameConfigurations: [
        Match.objectLike({ CertificateArn: CERTIFICATE, SecurityPolicy: 'TLS_1_2' }),
      ],
    });
    line.serviceTemplate.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    line.serviceTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    const [, sms] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', 'SmsFunction');
    const variables = (sms.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.PUBLIC_URL).toBe('https://line.example.org');
    expect(line.serviceTemplate.toJSON().Outputs.SmsWebhookUrl.Value).toBe('https://line.example.org/sms');
    expect(line.serviceTemplate.toJSON().Outputs.CustomDomainTarget).toBeDefined();
  });

  it('passes the Twilio sender and line settings to every function', () => {
    for (const prefix of ['SmsFunction', 'SmsStatusFunction', 'VoiceFunction', 'RemindersFunction']) {
      const [, fn] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', prefix);
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
        TWILIO_MESSAGING_SERVICE_SID: `MG${'1'.repeat(32)}`,
        SUPPORT_CONTACT: 'call 0800 123 4567',
        DEFAULT_REGION: 'uk',
        SUPPORT_LINE_UK: '+442079460750',
        REMINDER_MAX_MPS: '1',
        QUIET_HOURS_START: '20:30',
      });
    }
  });

  it('sweeps at the configured rate, without a reservation when set to 0', () => {
    line.serviceTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 } }),
    });
    const [, sweeper] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', 'RemindersFunction');
    expect(sweeper.Properties.ReservedConcurrentExecutions).toBeUndefined();
    expect(sweeper.Properties.Timeout).toBe(300);
  });

  it.each([
    [{ sweepRateMinutes: 1 }, 125],
    [{ sweepRateMinutes: 5 }, 300],
    [{ sweepRateMinutes: 60 }, 300],
    [{ sweepRateMinutes: 5, reminderSettings: { REMINDER_LEASE_SECONDS: '600' } }, 665],
  ])('gives the sweeper time to work past its stop margin (lease + 5 s): %j -> %i s', (raw, seconds) => {
    expect(sweeperTimeout(parseLineContext({ supportContact: SUPPORT_CONTACT, ...raw })).toSeconds()).toBe(
      seconds,
    );
  });

  it('reserves the configured concurrency for each webhook', () => {
    for (const prefix of ['SmsFunction', 'SmsStatusFunction', 'VoiceFunction']) {
      const [, fn] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', prefix);
      expect(fn.Properties.ReservedConcurrentExecutions).toBe(5);
    }
  });

  it('can turn deletion protection off (the table is still retained)', () => {
    const [, table] = resourceNamed(line.statefulTemplate, 'AWS::DynamoDB::Table', 'Table');
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
    expect(table.DeletionPolicy).toBe('Retain');
  });

  it('applies log retention and API throttling', () => {
    for (const logGroup of Object.values(line.serviceTemplate.findResources('AWS::Logs::LogGroup'))) {
      expect(logGroup.Properties.RetentionInDays).toBe(365);
    }
    line.serviceTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
    });
  });

  it('notifies the alarm e-mail through an encrypted topic, on alarm and on recovery', () => {
    const [topicId, topic] = resourceNamed(line.serviceTemplate, 'AWS::SNS::Topic', 'AlarmsTopic');
    expect(topic.Properties.KmsMasterKeyId).toEqual(line.service.resolve(line.stateful.key.keyArn));
    line.serviceTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
      TopicArn: { Ref: topicId },
    });
    const alarms = Object.values(line.serviceTemplate.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(15 + 6);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
    }
  });
});

describe('a fresh clone (no context at all)', () => {
  let fresh: SynthesizedLine;
  beforeAll(() => {
    fresh = synthLine({});
  });

  it('deploys the sweep schedule switched off: without a Twilio account nothing can be sent', () => {
    fresh.serviceTemplate.hasResourceProperties('AWS::Scheduler::Schedule', { State: 'DISABLED' });
    const alarms = Object.values(fresh.serviceTemplate.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.map((alarm) => alarm.Properties.MetricName)).not.toContain('Invocations');
    expect(alarms).toHaveLength(14 + 6);
  });

  it('warns at synth that the Twilio account is missing', () => {
    const warnings = Annotations.fromStack(fresh.service).findWarning(
      '*',
      Match.stringLikeRegexp('twilioAccountSid'),
    );
    expect(warnings).toHaveLength(1);
  });
});
