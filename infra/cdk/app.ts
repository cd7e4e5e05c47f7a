import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Annotations, App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { buildContent } from '../../content/build.js';
import { ContextError, type LineContext, readLineContext } from './config.js';
import { ServiceStack } from './service-stack.js';
import { StatefulStack } from './stateful-stack.js';

/** Stack names as they appear in CloudFormation. */
export const STACK_NAMES = {
  stateful: 'SecondOpinionLine-Data',
  service: 'SecondOpinionLine-Service',
} as const;

export type LineApp = { app: App; config: LineContext; stateful: StatefulStack; service: ServiceStack };

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
  const service = new ServiceStack(app, STACK_NAMES.service, {
    env,
    description: 'Second opinion line: webhook API, handlers, reminder schedule and alarms',
    config,
    table: stateful.table,
    key: stateful.key,
    authTokenSecret: stateful.authTokenSecret,
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
  return { app, config, stateful, service };
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
