import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LAMBDA_ENTRIES,
  lambdaEsbuildOptions,
  WEBHOOK_BUNDLE_BUDGET_BYTES,
  WEBHOOK_LAMBDAS,
} from '../../infra/cdk/constructs/bundling.js';

/**
 * The CI check on cold-start weight: each webhook bundled exactly as CDK bundles it must stay
 * within its minified budget. On failure the message lists what takes the space.
 */
const outdir = mkdtempSync(join(tmpdir(), 'bundle-budget-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Output bytes per package (or app folder), largest first. */
function heaviest(metafile: Metafile, limit = 8): string {
  const output = Object.values(metafile.outputs).find((candidate) => candidate.entryPoint !== undefined);
  const byPackage = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const inPackage = path.split('node_modules/')[1];
    const name = inPackage
      ? inPackage
          .split('/')
          .slice(0, inPackage.startsWith('@') ? 2 : 1)
          .join('/')
      : path.split('/').slice(0, 2).join('/');
    byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput);
  }
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KB`)
    .join(', ');
}

describe('webhook bundle budget', () => {
  it.each(WEBHOOK_LAMBDAS)('%s bundles to at most 450 KB minified', async (name) => {
    const outfile = join(outdir, `${name}.mjs`);
    const result = await build(lambdaEsbuildOptions(LAMBDA_ENTRIES[name], outfile));
    const output = Object.values(result.metafile.outputs).find(
      (candidate) => candidate.entryPoint !== undefined,
    );
    const bytes = output?.bytes ?? Number.POSITIVE_INFINITY;
    expect(
      bytes,
      `${LAMBDA_ENTRIES[name]} is ${(bytes / 1024).toFixed(1)} KB; heaviest: ${heaviest(result.metafile)}`,
    ).toBeLessThanOrEqual(WEBHOOK_BUNDLE_BUDGET_BYTES);
    // TwiML is written by twiml-xml.ts; twilio's TwiML classes would bring xmlbuilder back.
    expect(
      Object.keys(result.metafile.inputs).filter((path) => /xmlbuilder|twilio\/lib\/twiml/.test(path)),
    ).toEqual([]);
  });

  it('bundles the AWS SDK with environment-only credentials (no SSO/STS/IMDS chain)', async () => {
    const result = await build(lambdaEsbuildOptions(LAMBDA_ENTRIES.sms, join(outdir, 'sms-check.mjs')));
    const inputs = Object.keys(
      Object.values(result.metafile.outputs).find((candidate) => candidate.entryPoint !== undefined)
        ?.inputs ?? {},
    );
    expect(inputs.some((path) => path.includes('@aws-sdk/client-dynamodb'))).toBe(true);
    expect(inputs.some((path) => path.includes('@aws-sdk/credential-provider-env'))).toBe(true);
    expect(
      inputs.filter((path) => /credential-provider-(sso|ini|imds|web-identity|process)/.test(path)),
    ).toEqual([]);
    expect(inputs.filter((path) => path.includes('twilio/lib/rest'))).toEqual([]);
    // The SDK parts the line's clients never run (bundling.ts LAMBDA_ALIASES), and the
    // libraries the handlers do without: only the build and the tests use them. Powertools
    // Metrics is bundled (the EMF writer); its Logger is not (adapters/logging.ts).
    expect(
      inputs.filter((path) =>
        /@smithy\/core\/dist-es\/submodules\/event-streams|mnemonist|node_modules\/zod\/|xmlbuilder|luxon|libphonenumber-js|powertools\/logger/.test(
          path,
        ),
      ),
    ).toEqual([]);
  });

  it('leaves the line content out of the status callback, which sends nothing', async () => {
    const result = await build(
      lambdaEsbuildOptions(LAMBDA_ENTRIES.smsStatus, join(outdir, 'status-content.mjs')),
    );
    const output = Object.values(result.metafile.outputs).find(
      (candidate) => candidate.entryPoint !== undefined,
    );
    const bundled = Object.entries(output?.inputs ?? {}).filter(([, input]) => input.bytesInOutput > 0);
    expect(bundled.length).toBeGreaterThan(0);
    expect(bundled.map(([path]) => path).filter((path) => path.startsWith('content/'))).toEqual([]);
  });
});
