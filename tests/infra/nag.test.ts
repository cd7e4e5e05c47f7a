import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthLine } from './synth.js';

/** Every option that adds resources, so their findings are checked too. */
const EVERYTHING_ON = {
  alarmEmail: 'ops@example.org',
  customDomainName: 'line.example.org',
  customDomainCertificateArn:
    'arn:aws:acm:eu-west-2:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
  webhookReservedConcurrency: 5,
  twilioAccountSid: `AC${'a'.repeat(32)}`,
  twilioFrom: '+14155550100',
};

type Finding = { pack: string; rule: string; severity: string; paths: string[] };

function findings(scope: IConstruct): Finding[] {
  return [new AwsSolutionsChecks(), new HIPAASecurityChecks()].flatMap((pack) =>
    pack.validateScope(scope).violations.map((violation) => ({
      pack: pack.name,
      rule: violation.ruleName,
      severity: violation.severity ?? 'error',
      paths: violation.violatingResources.map((resource) => resource.constructPath ?? '(unknown)'),
    })),
  );
}

/** Every acknowledgement recorded in the tree: id and reason, with the construct it sits on. */
function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions and HIPAA.Security', () => {
  let defaults: ReturnType<typeof synthLine>;
  let everything: ReturnType<typeof synthLine>;

  beforeAll(() => {
    // The default app synthesizes as `cdk synth` does (packs registered, CloudFormation
    // schema validation with errors on): an unacknowledged finding would make this throw.
    defaults = synthLine({}, { nag: true, validate: true });
    everything = synthLine(EVERYTHING_ON);
  });

  it('finds nothing unacknowledged in the default deployment (errors or warnings)', () => {
    expect(findings(defaults.app)).toEqual([]);
  });

  it('finds nothing unacknowledged with every option on (topic, domain, reserved concurrency)', () => {
    expect(findings(everything.app)).toEqual([]);
  });

  it('leaves no error or warning annotation from the packs on either stack', () => {
    for (const stack of [defaults.stateful, defaults.service] as Stack[]) {
      const annotations = Annotations.fromStack(stack);
      annotations.hasNoError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
      annotations.hasNoError('*', Match.stringLikeRegexp('HIPAA\\.Security-.*'));
      annotations.hasNoWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
      annotations.hasNoWarning('*', Match.stringLikeRegexp('HIPAA\\.Security-.*'));
    }
  });

  it('acknowledges only named rules, each with a specific reason, on specific constructs', () => {
    const acknowledged = [...acknowledgements(defaults.app), ...acknowledgements(everything.app)];
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledged) {
      expect(id, path).toMatch(/^(Annotation::)?(AwsSolutions|HIPAA\.Security)-[A-Za-z0-9]+(\[.+\])?$/);
      expect(reason.length, `${id} on ${path}`).toBeGreaterThan(60);
      // Never on a whole stack or the app: an acknowledgement must name what it excuses.
      expect(path.split('/').length, `${id} on ${path}`).toBeGreaterThan(1);
    }
  });

  it('still catches a real problem (the packs are live, not muted)', () => {
    const stack = new Stack(new App(), 'Probe');
    // An unencrypted queue without TLS enforcement: AwsSolutions-SQS2/SQS4 must fire.
    new sqs.Queue(stack, 'Plain', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const rules = findings(stack).map((finding) => finding.rule);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS2', 'AwsSolutions-SQS4']));
  });
});
