import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SUPPORT_CONTACT, synthLine } from './synth.js';

/**
 * Every HELP reply shows the support contact, so a deploy without a real one must not
 * happen: `cdk synth` (and so `cdk deploy`) stops with a message saying what to set.
 */
describe('a deploy without a real support contact', () => {
  const out = mkdtempSync(join(tmpdir(), 'synth-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  /** The CDK app as `cdk synth` runs it (the CLI passes context in CDK_CONTEXT_JSON). */
  const synth = (context: Record<string, unknown>) =>
    spawnSync(join('node_modules', '.bin', 'tsx'), ['infra/cdk/app.ts'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_OUTDIR: out,
        CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [], ...context }),
      },
      timeout: 120_000,
    });

  it.each([
    ['is not set', {}, "supportContact: set the line's real support contact"],
    ['is a placeholder', { supportContact: 'help@example.org' }, 'supportContact: is a placeholder'],
  ])('fails at synth when it %s, with a clear message and no stack trace', (_, context, message) => {
    const result = synth(context);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CDK context is not valid:');
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('synthesizes with one', () => {
    expect(synthLine({ supportContact: SUPPORT_CONTACT }).config.supportContact).toBe(SUPPORT_CONTACT);
  });
});
