import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RUNBOOK } from '../../infra/cdk/constructs/alarms.js';
import { LineDashboard } from '../../infra/cdk/constructs/dashboard.js';
import { UsageAlarms } from '../../infra/cdk/constructs/usage-alarms.js';
import { resourceNamed, type SynthesizedLine, synthLine } from './synth.js';

const TWILIO = { twilioAccountSid: `AC${'a'.repeat(32)}`, twilioFrom: '+14155550100' };

/** A dashboard body is a CloudFormation join of strings and tokens: flattened to text. */
function bodyText(body: unknown): string {
  return JSON.stringify(body).replace(/\\+"/g, '"');
}

let line: SynthesizedLine;
let body: string;

beforeAll(() => {
  line = synthLine({ ...TWILIO, alarmEmail: 'ops@example.org' });
  const [, dashboard] = resourceNamed(line.serviceTemplate, 'AWS::CloudWatch::Dashboard', 'Usage');
  expect(dashboard.Properties.DashboardName).toBe('SecondOpinionLine');
  body = bodyText(dashboard.Properties.DashboardBody);
});

describe('the usage dashboard', () => {
  it('graphs the usage metrics daily and hourly, from the one namespace', () => {
    for (const when of ['daily', 'hourly']) {
      for (const title of [
        'Texts, calls and people reached',
        'Texts by what they were understood as',
        'Topics read by text',
        'Texts by language',
        'Texts by region',
        'Calls by step reached',
        'Opt-ins by keyword',
        'Opt-outs by keyword',
        'Crisis replies and call endings',
        'Text-me-this by outcome',
        'Reminders by outcome',
        'Delivery statuses',
      ]) {
        expect(body).toContain(`"title":"${title} (${when})"`);
      }
    }
    expect(body).toContain(
      "SEARCH('{SecondOpinionLine,service,layer} MetricName=\"InboundText\"', 'Sum', 86400)",
    );
    expect(body).toContain(
      "SEARCH('{SecondOpinionLine,service,topic} MetricName=\"InboundText\"', 'Sum', 3600)",
    );
    expect(body).toContain('"SecondOpinionLine","FirstContact","service","second-opinion-line"');
    expect(body).toContain('"Erasures and exports (daily)"');
  });

  it('shows Lambda errors, throttles and p99 duration for each function, API 4xx/5xx and DLQ depth', () => {
    expect(body).toContain('"title":"Lambda errors"');
    expect(body).toContain('"title":"Lambda throttles"');
    expect(body).toContain('"stat":"p99"');
    for (const name of ['sms', 'smsStatus', 'voice', 'reminders'])
      expect(body).toContain(`"label":"${name}"`);
    expect(body).toContain('"AWS/ApiGateway","4xx"');
    expect(body).toContain('"AWS/ApiGateway","5xx"');
    expect(body).toContain('"AWS/SQS","ApproximateNumberOfMessagesVisible"');
    expect(body).toContain('"label":"Sweeper DLQ"');
  });

  it('takes another queue with one more entry (e.g. an intake dead-letter queue)', () => {
    const stack = new Stack(new App(), 'Bare');
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    const api = new apigw.HttpApi(stack, 'Api');
    const intake = new sqs.Queue(stack, 'IntakeDlq');
    new LineDashboard(stack, 'Usage', {
      name: 'TestLine',
      functions: { fn },
      api,
      queues: [{ label: 'Intake DLQ', queue: intake }],
    });
    new UsageAlarms(stack, 'UsageAlarms', { deadLetterQueues: [{ label: 'Intake', queue: intake }] });
    const template = Template.fromStack(stack);
    const [, dashboard] = resourceNamed(template, 'AWS::CloudWatch::Dashboard', 'Usage');
    expect(bodyText(dashboard.Properties.DashboardBody)).toContain('"label":"Intake DLQ"');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});

describe('the usage alarms', () => {
  const alarm = (id: string) =>
    resourceNamed(line.serviceTemplate, 'AWS::CloudWatch::Alarm', `UsageAlarms${id}`)[1];

  it('alarm on delivery failures, 20429/21610 spikes, sweep failures, text-me-this refusals and unplaced texts', () => {
    expect(alarm('DeliveryFailureRate').Properties).toMatchObject({ Threshold: 0.1, EvaluationPeriods: 1 });
    const rate = JSON.stringify(alarm('DeliveryFailureRate').Properties.Metrics);
    expect(rate).toContain('(failed + undelivered) / (ok + failed + undelivered)');
    for (const code of ['20429', '21610']) {
      const spike = alarm(`TwilioError${code}Spike`).Properties;
      expect(spike.Threshold).toBe(5);
      expect(JSON.stringify(spike.Metrics)).toContain(`{"Name":"errorCode","Value":"${code}"}`);
    }
    expect(JSON.stringify(alarm('SweepFailures').Properties.Metrics)).toContain('"Value":"dropped"');
    expect(alarm('TextMeThisRefusals').Properties).toMatchObject({
      MetricName: 'TextMeThis',
      Namespace: 'SecondOpinionLine',
      Threshold: 20,
      Dimensions: expect.arrayContaining([{ Name: 'outcome', Value: 'declined' }]),
    });
    const unplaced = alarm('CouldNotPlace').Properties;
    expect(unplaced.Threshold).toBe(0.25);
    expect(JSON.stringify(unplaced.Metrics)).toContain('"Period":86400');
    expect(JSON.stringify(unplaced.Metrics)).toContain('{"Name":"layer","Value":"fallback"}');
  });

  it('notify the alarm topic, like the line alarms', () => {
    const [topicId] = resourceNamed(line.serviceTemplate, 'AWS::SNS::Topic', 'AlarmsTopic');
    expect(alarm('CouldNotPlace').Properties.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('each names a runbook line that exists in docs/, and so does every other alarm', () => {
    const runbook = readFileSync(join(import.meta.dirname, '..', '..', RUNBOOK), 'utf8');
    const anchors = new Set([...runbook.matchAll(/^### (\S+)$/gm)].map((m) => m[1]));
    const alarms = Object.entries(line.serviceTemplate.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.filter(([id]) => id.startsWith('UsageAlarms'))).toHaveLength(6);
    // The line's alarms (errors and throttles per function, the API, the sweeper, the intake
    // queue and its DLQ) and the usage alarms alike.
    expect(alarms.length).toBeGreaterThan(6);
    for (const [id, resource] of alarms) {
      const anchor = /Runbook: docs\/runbook\.md#([a-z0-9]+)$/.exec(
        resource.Properties.AlarmDescription,
      )?.[1];
      expect(anchor, id).toBeDefined();
      expect(anchors, id).toContain(anchor);
    }
  });
});
