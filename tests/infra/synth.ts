import { Template } from 'aws-cdk-lib/assertions';
import { buildLineApp, type LineApp } from '../../infra/cdk/app.js';

/** A deploy needs a real support contact (it is in every HELP reply); the tests' stand-in. */
export const SUPPORT_CONTACT = 'help@second-opinion-line.org.uk';

/**
 * Synthesizes the app without bundling (`aws:cdk:bundling-stacks: []`): the assertions are
 * about the templates, and bundling four functions would add seconds per synth. Real
 * bundling is covered by the bundle-budget test and `npm run bench`.
 *
 * CDK's own CloudFormation schema validation (a WebAssembly linter, ~1.5 s per synth) runs
 * only where a test asks for it (`validate: true`, as `cdk synth` does with cdk.json), with
 * its findings turned into errors.
 */
export function synthLine(
  context: Record<string, unknown> = {},
  options: { nag?: boolean; validate?: boolean } = {},
) {
  process.env.CDK_VALIDATION = options.validate ? 'true' : 'false';
  const line: LineApp = buildLineApp(
    {
      context: {
        'aws:cdk:bundling-stacks': [],
        '@aws-cdk/core:validateAgainstDefaultRules': true,
        supportContact: SUPPORT_CONTACT,
        ...context,
      },
    },
    { nag: options.nag ?? false },
  );
  line.app.synth();
  return {
    ...line,
    statefulTemplate: Template.fromStack(line.stateful),
    serviceTemplate: Template.fromStack(line.service),
  };
}
export type SynthesizedLine = ReturnType<typeof synthLine>;

type CfnResource = { Type: string; Properties: Record<string, unknown>; [key: string]: unknown };

/** The one resource of `type` whose logical id starts with `prefix` (construct ids are readable). */
export function resourceNamed(template: Template, type: string, prefix: string): [string, CfnResource] {
  const matches = Object.entries(template.findResources(type) as Record<string, CfnResource>).filter(([id]) =>
    id.startsWith(prefix),
  );
  if (matches.length !== 1) {
    throw new Error(
      `expected one ${type} starting with ${prefix}, found ${matches.map(([id]) => id).join(', ')}`,
    );
  }
  const [match] = matches;
  if (match === undefined) throw new Error('unreachable');
  return match;
}

export type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown };

/** The statements of every managed policy attached to the role with logical id `roleId`. */
export function statementsOfRole(template: Template, roleId: string): Statement[] {
  const policies = Object.values(
    template.findResources('AWS::IAM::ManagedPolicy') as Record<string, CfnResource>,
  );
  const attached = policies.filter((policy) =>
    JSON.stringify(policy.Properties.Roles ?? []).includes(`"Ref":"${roleId}"`),
  );
  return attached.flatMap((policy) => {
    const document = policy.Properties.PolicyDocument as { Statement: Statement[] };
    return document.Statement;
  });
}

/** Inline policies (AWS::IAM::Policy) naming the role: there should be none. */
export function inlinePoliciesOfRole(template: Template, roleId: string): string[] {
  const policies = template.findResources('AWS::IAM::Policy') as Record<string, CfnResource>;
  return Object.entries(policies)
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles ?? []).includes(`"Ref":"${roleId}"`))
    .map(([id]) => id);
}
