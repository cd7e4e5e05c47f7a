import { ArnFormat, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

export type WafStackProps = StackProps & {
  /** Requests one IP may make in any 5 minutes before WAF blocks it. */
  rateLimitPerIp: number;
  logRetention: logs.RetentionDays;
};

/** Requests one IP may make in 5 minutes without X-Twilio-Signature before it is blocked. */
export const UNSIGNED_RATE_LIMIT = 100;

/**
 * The web ACL in front of the webhooks (`waf` context). CloudFront takes only web ACLs in
 * us-east-1, so this stack lives there, whatever the line's region; the service stack's
 * distribution refers to it across regions.
 *
 * Rules, in order:
 * 1. AWS's IP reputation list (known bots and attack sources): blocked.
 * 2. AWS's known bad inputs (Log4Shell, exploit paths): blocked.
 * 3. Requests without an X-Twilio-Signature header: Twilio signs every webhook, so these are
 *    never Twilio; each IP gets a few (a person checking the URL), then is blocked.
 * 4. Every request, per IP: a flood from one address is blocked before it reaches API
 *    Gateway's throttles, so it cannot use up the capacity STOP needs. Twilio sends from many
 *    addresses; raise `wafRateLimitPerIp` for a very busy line (the WAF metrics show counts).
 */
export class WafStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: WafStackProps) {
    super(scope, id, props);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: false,
      metricName,
    });
    const managed = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      overrideAction: { none: {} },
      visibilityConfig: visibility(name),
    });
    const unsigned: wafv2.CfnWebACL.StatementProperty = {
      notStatement: {
        statement: {
          sizeConstraintStatement: {
            fieldToMatch: { singleHeader: { Name: 'x-twilio-signature' } },
            comparisonOperator: 'GT',
            size: 0,
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
      },
    };
    const acl = new wafv2.CfnWebACL(this, 'WebhookAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      description: 'Second opinion line webhooks: managed rules and per-IP rate limits',
      visibilityConfig: visibility('SecondOpinionLineWebhooks'),
      rules: [
        managed('AWSManagedRulesAmazonIpReputationList', 0),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 1),
        {
          name: 'UnsignedRequestsPerIp',
          priority: 2,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: UNSIGNED_RATE_LIMIT,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
              scopeDownStatement: unsigned,
            },
          },
          visibilityConfig: visibility('UnsignedRequestsPerIp'),
        },
        {
          name: 'RequestsPerIp',
          priority: 3,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: props.rateLimitPerIp,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
            },
          },
          visibilityConfig: visibility('RequestsPerIp'),
        },
      ],
    });
    this.webAclArn = acl.attrArn;

    // Blocked requests only: who was refused and by which rule, without the signature header.
    // WAF never logs bodies, so no number or message reaches these logs.
    const logGroupName = 'aws-waf-logs-second-opinion-line';
    const logKey = new kms.Key(this, 'LogKey', {
      description: 'Encrypts the AWS WAF logs of the second opinion line',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    logKey.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`));
    const logGroup = new logs.LogGroup(this, 'BlockedRequests', {
      logGroupName,
      encryptionKey: logKey,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: acl.attrArn,
      // WAF wants the log group's ARN without the ":*" CloudFormation gives it.
      logDestinationConfigs: [
        this.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: [{ singleHeader: { Name: 'x-twilio-signature' } }],
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [
          {
            Behavior: 'KEEP',
            Requirement: 'MEETS_ANY',
            Conditions: [{ ActionCondition: { Action: 'BLOCK' } }],
          },
        ],
      },
    });
    logging.node.addDependency(logGroup);
    new CfnOutput(this, 'WebAclArn', {
      value: acl.attrArn,
      description: 'AWS WAF web ACL in front of the webhooks',
    });
  }
}
