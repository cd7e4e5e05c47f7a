import { type BaseIssue, custom, pipe, setGlobalMessage, transform, unknown } from 'valibot';

/**
 * valibot for code that runs in the Lambdas: `import * as v from '../validation.js'`. It
 * replaced zod/mini there for cold starts: loading, building and first parsing the env-config
 * and inbound-SMS schemas took ~11.5 ms in a fresh process with zod/mini against ~3.4 ms with
 * valibot, and each Lambda bundle is ~22 KB smaller (zod/mini took ~31 KB of it, valibot
 * takes 7-8 KB). Build-time code (content schemas, CDK and local config, tests) keeps classic
 * zod; infra/handler-rule.ts runs these schemas inside it.
 *
 * Importing this module also sets valibot's messages (below): English in zod's wording, and
 * never the value itself, which valibot's own messages quote ("... but received "AC12..."")
 * and which may be a secret or a caller's text.
 */
export * from 'valibot';

/** The kind of value received, as zod names it: never the value. */
function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && !Number.isFinite(input)) return String(input); // NaN, Infinity
  return typeof input;
}

/** True for the issue valibot raises on an object for a key that is missing or not allowed. */
const isKeyIssue = (issue: BaseIssue<unknown>) => issue.path?.at(-1)?.origin === 'key';

/** A message for an issue that has none of its own, saying what was expected and not what came. */
function englishMessage(issue: BaseIssue<unknown>): string {
  const { type, expected, input } = issue;
  switch (type) {
    case 'min_length':
    case 'max_length': {
      const units = typeof input === 'string' ? 'characters' : 'items';
      const size = type === 'min_length' ? 'Too small' : 'Too big';
      return `${size}: expected ${received(input)} to have ${expected} ${units}`;
    }
    case 'min_value':
    case 'max_value':
      return `${type === 'min_value' ? 'Too small' : 'Too big'}: expected ${received(input)} to be ${expected}`;
    case 'regex':
      return `Invalid string: must match pattern ${expected}`;
    case 'url':
      return 'Invalid URL';
    case 'integer':
    case 'safe_integer':
      return `Invalid input: expected int, received ${received(input)}`;
    case 'picklist': // valibot writes ("uk" | "us"), zod "uk"|"us"
      return `Invalid option: expected one of ${expected?.replace(/^\((.*)\)$/, '$1').replaceAll(' | ', '|')}`;
  }
  if (isKeyIssue(issue)) {
    // A key a strict object does not allow is "expected never"; a missing one, expected by name.
    return expected === 'never' ? 'Unrecognized key' : 'Required: expected a value, received undefined';
  }
  if (issue.kind === 'schema' && expected !== null && type !== 'union') {
    return `Invalid input: expected ${expected.toLowerCase()}, received ${received(input)}`;
  }
  return 'Invalid input';
}

setGlobalMessage(englishMessage);

/** An issue as valibot reports it or as any Standard Schema does (classic zod in infra/local). */
export type IssueLike = {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: unknown }> | undefined;
};

/** Where an issue is, e.g. `schedule.reminders.0.kind`; empty at the top. */
export function issuePath(issue: IssueLike): (string | number)[] {
  return (issue.path ?? []).map((item) => {
    const key = typeof item === 'object' && item !== null && 'key' in item ? item.key : item;
    return typeof key === 'number' ? key : String(key);
  });
}

/** Describes what is wrong with each field, one per line, without echoing the value. */
export function describeIssues(issues: readonly IssueLike[]): string {
  return issues
    .map((issue) => `  ${issuePath(issue).join('.') || '(environment)'}: ${issue.message}`)
    .join('\n');
}

/**
 * A number read from text (the environment, a form, a query string) as zod's
 * `z.coerce.number()` read it: `Number(value)`, so '' is 0 and ' 7 ' is 7. NaN and Infinity
 * are refused as the wrong type, which (unlike a failed rule) skips the rules that follow.
 */
export const CoercedNumber = pipe(
  unknown(),
  transform((value: unknown) => Number(value)),
  custom<number>(
    (value) => typeof value === 'number' && Number.isFinite(value),
    (issue) => `Invalid input: expected number, received ${received(issue.input)}`,
  ),
);
