import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLineApp, type LineApp } from '../../infra/cdk/app.js';
import { resourceNamed, synthLine } from './synth.js';

/** Both shapes of the webhook front door: API Gateway alone, and CloudFront with AWS WAF. */

const findings = (scope: IConstruct) =>
  [new AwsSolutionsChecks(), new HIPAASecurityChecks()].flatMap((pack) =>
    pack.validateScope(scope).violations.map((violation) => ({
      rule: violation.ruleName,
      paths: violation.violatingResources.map((resource) => resource.constructPath),
    })),
  );

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };

describe('without waf (default)', () => {
  const line = synthLine();

  it('gives every webhook route its own throttle, STOP on /sms the most', () => {
    const [, stage] = resourceNamed(
      line.serviceTemplate,
      'AWS::ApiGatewayV2::Stage',
      'WebhooksDefaultStage',
    ) as [string, Resource];
    expect(stage.Properties.RouteSettings).toEqual({
      'POST /sms': { ThrottlingRateLimit: 25, ThrottlingBurstLimit: 50 },
      'POST /sms/status': { ThrottlingRateLimit: 25, ThrottlingBurstLimit: 50 },
      'POST /voice': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      'POST /voice/{proxy+}': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
    });
    // The routes exist before the stage names them.
    const routeIds = Object.keys(line.serviceTemplate.findResources('AWS::ApiGatewayV2::Route'));
    expect(routeIds).toHaveLength(4);
    expect(stage.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('routeThrottles overrides one route and keeps the others', () => {
    const tuned = synthLine({ routeThrottles: JSON.stringify({ voice: { rateLimit: 3, burstLimit: 6 } }) });
    const [, stage] = resourceNamed(
      tuned.serviceTemplate,
      'AWS::ApiGatewayV2::Stage',
      'WebhooksDefaultStage',
    ) as [string, Resource];
    expect(stage.Properties.RouteSettings).toMatchObject({
      'POST /sms': { ThrottlingRateLimit: 25 },
      'POST /voice': { ThrottlingRateLimit: 3, ThrottlingBurstLimit: 6 },
    });
  });

  it('passes the text-me-this limits to the functions', () => {
    const limited = synthLine({ textMeThisTopicsPerCall: '2', textMeThisPerNumberPerDay: '4' });
    const functions = limited.serviceTemplate.findResources('AWS::Lambda::Function') as Record<
      string,
      Resource
    >;
    const voice = Object.values(functions).find((fn) =>
      String(fn.Properties.Description ?? '').startsWith('POST /voice'),
    );
    expect(
      (voice?.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables,
    ).toMatchObject({
      TEXT_ME_THIS_TOPICS_PER_CALL: '2',
      TEXT_ME_THIS_PER_NUMBER_PER_DAY: '4',
    });
  });

  it('has no CloudFront or WAF, and no WAF stack', () => {
    line.serviceTemplate.resourceCountIs('AWS::CloudFront::Distribution', 0);
    expect(line.waf).toBeUndefined();
  });

  it('outputs the fallback URLs, where to turn on Geo Permissions and SMS Pumping Protection, and a stdin secret command', () => {
    const outputs = line.serviceTemplate.toJSON().Outputs as Record<
      string,
      { Value: unknown; Description: string }
    >;
    expect(JSON.stringify(outputs.TwilioFallbackUrls?.Value)).toContain('--sms-fallback-url');
    expect(JSON.stringify(outputs.TwilioFallbackUrls?.Value)).toContain('--voice-fallback-url');
    expect(outputs.TwilioGeoPermissions?.Description).toContain('United Kingdom, United States, Canada');
    expect(outputs.TwilioSmsPumpingProtection?.Description).toContain('SMS Pumping Protection');
    const command = JSON.stringify(outputs.SetAuthTokenCommand?.Value);
    expect(command).toContain('--secret-string file:///dev/stdin');
    expect(command).not.toContain('--secret-string \\"$TWILIO_AUTH_TOKEN');
  });
});

describe('with waf', () => {
  let line: LineApp;
  let service: Template;
  let waf: Template;
  const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  beforeAll(() => {
    process.env.CDK_DEFAULT_ACCOUNT = '123456789012';
    process.env.CDK_DEFAULT_REGION = 'eu-west-2';
    line = buildLineApp(
      {
        context: {
          'aws:cdk:bundling-stacks': [],
          supportContact: 'help@yourcharity.org.uk',
          waf: 'true',
          wafRateLimitPerIp: '1500',
        },
      },
      { nag: false },
    );
    line.app.synth();
    service = Template.fromStack(line.service);
    if (line.waf === undefined) throw new Error('no WAF stack');
    waf = Template.fromStack(line.waf);
  });
  afterAll(() => {
    for (const [name, value] of [
      ['CDK_DEFAULT_ACCOUNT', saved.account],
      ['CDK_DEFAULT_REGION', saved.region],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('puts a CLOUDFRONT web ACL in us-east-1 with managed rules and per-IP rate limits', () => {
    expect(line.waf?.region).toBe('us-east-1');
    const [, acl] = resourceNamed(waf, 'AWS::WAFv2::WebACL', 'WebhookAcl') as [string, Resource];
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    const rules = acl.Properties.Rules as {
      Name: string;
      Statement: Record<string, Record<string, unknown>>;
    }[];
    expect(rules.map((rule) => rule.Name)).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'UnsignedRequestsPerIp',
      'RequestsPerIp',
    ]);
    expect(rules[0]?.Statement.ManagedRuleGroupStatement).toMatchObject({ VendorName: 'AWS' });
    expect(rules[3]?.Statement.RateBasedStatement).toMatchObject({ Limit: 1500, AggregateKeyType: 'IP' });
    expect(rules[2]?.Statement.RateBasedStatement).toMatchObject({
      AggregateKeyType: 'IP',
      ScopeDownStatement: { NotStatement: expect.anything() },
    });
  });

  it('fronts the API with CloudFront under that ACL, uncached, Host not forwarded', () => {
    const [, distribution] = resourceNamed(service, 'AWS::CloudFront::Distribution', 'EdgeDistribution') as [
      string,
      Resource,
    ];
    const config = distribution.Properties.DistributionConfig as Record<string, unknown>;
    expect(config.WebACLId).toBeDefined();
    const behavior = config.DefaultCacheBehavior as Record<string, unknown>;
    expect(behavior.AllowedMethods).toContain('POST');
    expect(behavior.ViewerProtocolPolicy).toBe('https-only');
    // CACHING_DISABLED and ALL_VIEWER_EXCEPT_HOST_HEADER (AWS managed policy ids).
    expect(behavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(behavior.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
  });

  it('gives the functions and Twilio the CloudFront URL, which the signatures are made for', () => {
    const functions = service.findResources('AWS::Lambda::Function') as Record<string, Resource>;
    const publicUrls = Object.values(functions)
      .map(
        (fn) => (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables,
      )
      .filter((variables) => variables?.PUBLIC_URL !== undefined)
      .map((variables) => JSON.stringify(variables?.PUBLIC_URL));
    expect(publicUrls.length).toBeGreaterThanOrEqual(3);
    for (const url of publicUrls) expect(url).toContain('EdgeDistribution');
    expect(JSON.stringify(service.toJSON().Outputs.SmsWebhookUrl.Value)).toContain('EdgeDistribution');
  });

  it('keeps the per-route throttles behind CloudFront', () => {
    const [, stage] = resourceNamed(service, 'AWS::ApiGatewayV2::Stage', 'WebhooksDefaultStage') as [
      string,
      Resource,
    ];
    expect(Object.keys(stage.Properties.RouteSettings as object)).toHaveLength(4);
  });

  it('is cdk-nag clean (AwsSolutions and HIPAA.Security)', () => {
    expect(findings(line.app)).toEqual([]);
  });

  it('refuses waf with a custom domain on the API, and without an account and region', () => {
    expect(() =>
      buildLineApp({
        context: {
          'aws:cdk:bundling-stacks': [],
          supportContact: 'help@yourcharity.org.uk',
          waf: 'true',
          customDomainName: 'line.example.org',
          customDomainCertificateArn:
            'arn:aws:acm:eu-west-2:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
        },
      }),
    ).toThrow(/waf: waf puts the webhooks on a CloudFront domain/);
    delete process.env.CDK_DEFAULT_ACCOUNT;
    try {
      const context = {
        'aws:cdk:bundling-stacks': [],
        supportContact: 'help@yourcharity.org.uk',
        waf: 'true',
      };
      expect(() => buildLineApp({ context })).toThrow(/waf: needs the account and region/);
    } finally {
      process.env.CDK_DEFAULT_ACCOUNT = '123456789012';
    }
  });
});
