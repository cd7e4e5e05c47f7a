import { beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_MAX_RECEIVES } from '../../functions/intake/handler.js';
import { resourceNamed, type SynthesizedLine, synthLine } from './synth.js';

let line: SynthesizedLine;
beforeAll(() => {
  line = synthLine({ twilioAccountSid: `AC${'a'.repeat(32)}`, twilioFrom: '+14155550100' });
});

describe('durable intake in the service stack', () => {
  it('is a FIFO queue encrypted with the table key, deduplicated per MessageSid, with its own FIFO DLQ', () => {
    const keyArn = line.service.resolve(line.stateful.key.keyArn);
    const [dlqId, dlq] = resourceNamed(line.serviceTemplate, 'AWS::SQS::Queue', 'IntakeDeadLetters');
    const [, queue] = resourceNamed(line.serviceTemplate, 'AWS::SQS::Queue', 'IntakeQueue');
    expect(queue.Properties).toMatchObject({
      FifoQueue: true,
      ContentBasedDeduplication: false,
      KmsMasterKeyId: keyArn,
      MessageRetentionPeriod: 14 * 86_400,
      VisibilityTimeout: 360,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
        maxReceiveCount: INTAKE_MAX_RECEIVES,
      },
    });
    expect(dlq.Properties).toMatchObject({
      FifoQueue: true,
      KmsMasterKeyId: keyArn,
      MessageRetentionPeriod: 14 * 86_400,
    });
  });

  it('feeds the consumer in batches that report their failures one by one', () => {
    const [queueId] = resourceNamed(line.serviceTemplate, 'AWS::SQS::Queue', 'IntakeQueue');
    const [consumerId] = resourceNamed(
      line.serviceTemplate,
      'AWS::Lambda::Function',
      'IntakeConsumerFunction',
    );
    line.serviceTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: consumerId },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('tells the SMS webhook and the consumer the queue URL, and no other function', () => {
    const [queueId] = resourceNamed(line.serviceTemplate, 'AWS::SQS::Queue', 'IntakeQueue');
    const functions = line.serviceTemplate.findResources('AWS::Lambda::Function');
    const withQueue = Object.entries(functions)
      .filter(([, fn]) => fn.Properties.Environment?.Variables?.INTAKE_QUEUE_URL !== undefined)
      .map(([id]) => id);
    expect(withQueue).toHaveLength(2);
    for (const id of withQueue) {
      expect(id).toMatch(/^(Sms|IntakeConsumer)Function/);
      expect(functions[id]?.Properties.Environment.Variables.INTAKE_QUEUE_URL).toEqual({ Ref: queueId });
    }
  });

  it('alarms on any dead letter and on texts waiting over 15 minutes', () => {
    const [dlqId] = resourceNamed(line.serviceTemplate, 'AWS::SQS::Queue', 'IntakeDeadLetters');
    const [queueId] = resourceNamed(line.serviceTemplate, 'AWS::SQS::Queue', 'IntakeQueue');
    line.serviceTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 1,
    });
    line.serviceTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 900,
    });
  });
});
