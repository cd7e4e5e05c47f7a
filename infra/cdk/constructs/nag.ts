import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** A cdk-nag finding accepted on purpose, with the reason a reviewer can check. */
export type Acknowledgment = { id: string; reason: string };

/**
 * Accepts cdk-nag findings on one construct (and its children). cdk-nag 3 reads CDK's own
 * acknowledgement metadata; a finding with a bracketed part (`AwsSolutions-IAM5[Resource::…]`)
 * must be named exactly, so an acknowledgement never covers more than it says.
 */
export function acknowledge(scope: IConstruct, acknowledgments: readonly Acknowledgment[]): void {
  for (const { id, reason } of acknowledgments) {
    if (reason.trim().length < 20) throw new Error(`cdk-nag acknowledgement ${id} needs a real reason`);
  }
  Validations.of(scope).acknowledge(...acknowledgments);
}
