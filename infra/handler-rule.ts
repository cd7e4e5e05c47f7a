import { z } from 'zod';
import * as v from '../functions/validation.js';

/**
 * The handlers' own rules (valibot schemas from functions/config.ts) inside the classic zod
 * schemas of the build-time settings (infra/cdk/config.ts, infra/local/config.ts), so a CDK
 * context value or a local variable is checked exactly as the Lambda will check it.
 */

/**
 * Copies valibot issues into a zod check, each with its path (below the current one) and
 * message. With `typeIssuesAbort`, a value of the wrong type stops the checks that follow (a
 * failed rule does not), as zod's own issues would; refinements' issues never do.
 */
export function addHandlerIssues(
  ctx: z.core.$RefinementCtx,
  issues: readonly v.BaseIssue<unknown>[],
  typeIssuesAbort = false,
): void {
  for (const issue of issues) {
    ctx.addIssue({
      code: 'custom',
      path: v.issuePath(issue),
      message: issue.message,
      continue: !(typeIssuesAbort && issue.kind === 'schema'),
    });
  }
}

/**
 * A classic zod schema that runs `schema`: the same accepted values, output and messages.
 * For an optional rule, pass the rule inside (`v.unwrap`) and add zod's `.optional()` or
 * `.default()`, so the key stays optional in the inferred type.
 */
export function handlerRule<S extends v.GenericSchema>(schema: S) {
  return z.unknown().transform((value, ctx): v.InferOutput<S> => {
    const result = v.safeParse(schema, value);
    if (result.success) return result.output;
    addHandlerIssues(ctx, result.issues, true);
    return z.NEVER;
  });
}
