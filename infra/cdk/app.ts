import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Annotations, App, type AppProps, Validations } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { buildContent } from '../../content/build.js';
import { ContextError, type LineContext, readLineContext } from './config.js';
import { ServiceStack } from './service-stack.js';
import { StatefulStack } from './stateful-stack.js';
import { WafStack } from './waf-stack.js';

/** Stack names as they appear in CloudFormation. */
export const STACK_NAMES = {
  stateful: 'SecondOpinionLine-Data',
  service: 'SecondOpinionLine-Service',
  waf: 'SecondOpinionLine-Waf',
} as const;

export type LineApp = {
  app: App;
  config: LineContext;
  stateful: StatefulStack;
  service: ServiceStack;
  /** Only with the `waf` context. */
  waf?: WafStack;
};

/**
 * The whole line as a CDK app: the stateful stack (table, key, secret) and the service stack
 * (functions, API, schedule, alarms), with cdk-nag's AwsSolutions and HIPAA Security packs
 * run at synthesis, so any unacknowledged finding stops `cdk synth` and `cdk deploy`.
 * Tests build it with `appProps.context`, can skip bundling with
 * `aws:cdk:bundling-stacks: []`, and skip the packs (`nag: false`) where they run them
 * directly with `validateScope`.
 */
export function buildLineApp(appProps: AppProps = {}, options: { nag?: boolean } = {}): LineApp {
  const app = new App(appProps);
  const config = readLineContext((key) => app.node.tryGetContext(key));
  // Account and region come from the CLI's credentials at deploy time; without them
  // (offline synth, tests) the stacks are environment-agnostic.
  const env = {
    ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}),
    ...(process.env.CDK_DEFAULT_REGION ? { region: process.env.CDK_DEFAULT_REGION } : {}),
  };

  const stateful = new StatefulStack(app, STACK_NAMES.stateful, {
    env,
    description: 'Second opinion line: table, encryption key and Twilio auth token (retained on delete)',
    deletionProtection: config.deletionProtection,
  });
  const waf = config.waf ? wafStack(app, env, config) : undefined;
  const service = new ServiceStack(app, STACK_NAMES.service, {
    env,
    description: 'Second opinion line: webhook API, handlers, reminder schedule and alarms',
    config,
    table: stateful.table,
    key: stateful.key,
    authTokenSecret: stateful.authTokenSecret,
    ...(waf === undefined ? {} : { webAclArn: waf.webAclArn, crossRegionReferences: true }),
  });

  if (config.twilioAccountSid === undefined) {
    Annotations.of(service).addWarningV2(
      'line:no-twilio-account',
      'twilioAccountSid is not set: the line answers texts and calls but cannot send reminders or text-me-this messages. Deploy with -c twilioAccountSid=AC... -c twilioFrom=+1...',
    );
  }

  if (options.nag !== false) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  }
  return { app, config, stateful, service, ...(waf === undefined ? {} : { waf }) };
}

/**
 * The web ACL's stack: CloudFront takes only web ACLs from us-east-1, so it is pinned there
 * and the service stack reads its ARN across regions, which needs both stacks' account and
 * region (`cdk deploy` with credentials sets them).
 */
function wafStack(app: App, env: { account?: string; region?: string }, config: LineContext): WafStack {
  if (env.account === undefined || env.region === undefined) {
    throw new ContextError(
      'CDK context is not valid:\n  waf: needs the account and region (run cdk with AWS credentials, or set CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION)',
    );
  }
  return new WafStack(app, STACK_NAMES.waf, {
    env: { account: env.account, region: 'us-east-1' },
    crossRegionReferences: true,
    description: 'Second opinion line: AWS WAF web ACL for the webhooks (CloudFront scope, us-east-1)',
    rateLimitPerIp: config.wafRateLimitPerIp,
    logRetention: config.logRetentionDays as logs.RetentionDays,
  });
}

function isMain(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  // The handlers import content/dist/content.ts; build (and validate) it before bundling.
  buildContent();
  try {
    buildLineApp().app.synth();
  } catch (error) {
    // A setting the operator must fix (such as a missing support contact): say which, plainly.
    if (!(error instanceof ContextError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
