import { Aws, Fn, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from './nag.js';

/** Steady requests per second and burst, for one route. */
export type Throttle = { rateLimit: number; burstLimit: number };

export type WebhookApiProps = {
  /** The stage default, for any route without its own. */
  rateLimit: number;
  burstLimit: number;
  /**
   * Each webhook's own limits. API Gateway keeps a separate bucket per route, so a flood on
   * one (forged calls to /voice) cannot use up the capacity STOP needs on /sms.
   */
  routeThrottles: Record<WebhookName, Throttle>;
  /**
   * The public URL Twilio calls, when something fronts the API (CloudFront with WAF): the
   * signatures are made for it. Default: the custom domain or execute-api URL.
   */
  publicUrl?: string;
  logKey: kms.IKey;
  logRetention: logs.RetentionDays;
  /** Serve the webhooks on this host (an ACM certificate in the same region) instead of execute-api. */
  customDomain?: { domainName: string; certificateArn: string };
};

/**
 * What API Gateway writes per request: ids, route, status and timings. Deliberately no
 * source IP, user agent, query string or body: Twilio's requests carry phone numbers and
 * message text in the body, and the route key says which webhook without any of it.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
} as const;

/** The webhook routes, exactly: nothing else is reachable through the API. */
export const WEBHOOK_ROUTES = {
  sms: ['/sms'],
  smsStatus: ['/sms/status'],
  voice: ['/voice', '/voice/{proxy+}'],
} as const;
export type WebhookName = keyof typeof WEBHOOK_ROUTES;

/**
 * The HTTP API Twilio calls. Routes are added after the functions exist, because the
 * functions need {@link publicUrl} first (see there).
 */
export class WebhookApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly domainName?: apigw.DomainName;
  /**
   * The base URL Twilio signs requests against, without a trailing slash.
   *
   * It must not depend on the routes: the functions read it from their environment and the
   * routes' integrations reference the functions, so `route → function → url → route` would
   * be a cycle. `api.url`/`stage.url` are avoided for the same reason; the URL is joined
   * from the API id (a Ref to the API resource alone), the region and the URL suffix, which
   * is exactly how execute-api names the `$default` stage. With a custom domain it is a
   * plain string and depends on nothing.
   */
  publicUrl: string;

  constructor(scope: Construct, id: string, props: WebhookApiProps) {
    super(scope, id);

    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Twilio webhooks of the second opinion line (SMS, SMS status, voice)',
      createDefaultStage: false,
      // With a custom domain, only that host is the line's URL: Twilio signatures made for
      // it would fail on the execute-api host anyway, so that host is switched off.
      disableExecuteApiEndpoint: props.customDomain !== undefined,
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    // HttpStage has no per-route settings; CloudFormation's RouteSettings does.
    (this.stage.node.defaultChild as apigw.CfnStage).routeSettings = Object.fromEntries(
      (Object.keys(WEBHOOK_ROUTES) as WebhookName[]).flatMap((name) =>
        WEBHOOK_ROUTES[name].map((path) => [
          `POST ${path}`,
          {
            // A free-form map in CloudFormation: its keys are written as CloudFormation spells them.
            ThrottlingRateLimit: props.routeThrottles[name].rateLimit,
            ThrottlingBurstLimit: props.routeThrottles[name].burstLimit,
          },
        ]),
      ),
    );

    if (props.customDomain) {
      this.domainName = new apigw.DomainName(this, 'Domain', {
        domainName: props.customDomain.domainName,
        certificate: acm.Certificate.fromCertificateArn(
          this,
          'Certificate',
          props.customDomain.certificateArn,
        ),
        securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      });
      new apigw.ApiMapping(this, 'Mapping', {
        api: this.api,
        domainName: this.domainName,
        stage: this.stage,
      });
      this.publicUrl = `https://${props.customDomain.domainName}`;
    } else if (props.publicUrl !== undefined) {
      this.publicUrl = props.publicUrl;
    } else {
      this.publicUrl = Fn.join('', [
        'https://',
        this.api.apiId,
        '.execute-api.',
        Aws.REGION,
        '.',
        Aws.URL_SUFFIX,
      ]);
    }
  }

  /** Routes POSTs on the webhook's paths to `fn` (payload format 2.0, as the handlers expect). */
  addWebhook(name: WebhookName, fn: lambda.IFunction): void {
    const integration = new HttpLambdaIntegration(`${name}Integration`, fn, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    for (const path of WEBHOOK_ROUTES[name]) {
      const routes = this.api.addRoutes({ path, methods: [apigw.HttpMethod.POST], integration });
      for (const route of routes) {
        // The stage's RouteSettings name these routes: CloudFormation must create them first.
        this.stage.node.addDependency(route);
        acknowledge(route, [
          {
            id: 'AwsSolutions-APIG4',
            reason:
              'Twilio cannot send IAM, JWT or Lambda-authorizer credentials; every handler rejects requests without a valid X-Twilio-Signature (HMAC of URL and parameters with the auth token) before reading or writing anything.',
          },
        ]);
      }
    }
  }

  /**
   * Serves the webhooks through something in front (CloudFront with WAF) at `url`: the URL
   * the functions check signatures against and the outputs give Twilio. Call before the
   * functions read `publicUrl`.
   */
  frontWith(url: string): void {
    this.publicUrl = url;
  }

  /** The execute-api host (what a CloudFront distribution in front of the API forwards to). */
  get executeApiDomain(): string {
    return Fn.join('', [this.api.apiId, '.execute-api.', Aws.REGION, '.', Aws.URL_SUFFIX]);
  }

  /** Where each webhook is reachable. */
  url(path: string): string {
    return `${this.publicUrl}${path}`;
  }
}
