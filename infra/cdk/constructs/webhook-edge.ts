import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import { acknowledge } from './nag.js';

export type WebhookEdgeProps = {
  /** The execute-api host of the webhook API. */
  apiDomain: string;
  /** The AWS WAF web ACL (us-east-1) that inspects every request. */
  webAclArn: string;
};

/**
 * CloudFront in front of the webhook API, so AWS WAF (which cannot attach to an HTTP API)
 * sees every request first. Nothing is cached; every header but Host, the query string and
 * the body reach the API as Twilio sent them, so signatures made for this URL still verify.
 */
export class WebhookEdge extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** `https://<id>.cloudfront.net`: the URL Twilio is given and signs against. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebhookEdgeProps) {
    super(scope, id);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Second opinion line webhooks (AWS WAF in front of API Gateway)',
      webAclId: props.webAclArn,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: new origins.HttpOrigin(props.apiDomain, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
    acknowledge(this.distribution, [
      {
        id: 'AwsSolutions-CFR1',
        reason:
          "Twilio sends webhooks from its own data centres, not the callers' countries; limiting countries would drop them. AWS WAF rate-limits per IP instead.",
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Every request that reaches the line is in the API access logs (ids, route, status, timings, no numbers); AWS WAF metrics count what is blocked. CloudFront logs would add source IPs to a bucket for nothing.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate cannot set a minimum TLS version; Twilio connects with TLS 1.2+. The origin side is TLS 1.2 only.',
      },
    ]);
  }
}
