import { build } from 'esbuild';
import { chunkEsbuildOptions, LAMBDA_ENTRIES, LAZY_CHUNKS, type LambdaName } from './bundling.js';

/**
 * Builds a function's lazy chunks into its asset folder, with the same esbuild settings as the
 * function itself (chunkEsbuildOptions). NodejsFunction runs it after bundling (lambdaBundling's
 * afterBundling hook): `tsx infra/cdk/constructs/build-chunks.ts <function> <asset folder>`.
 */
const [name, outdir] = process.argv.slice(2);
if (name === undefined || !(name in LAMBDA_ENTRIES) || outdir === undefined) {
  console.error(`usage: build-chunks.ts <${Object.keys(LAMBDA_ENTRIES).join('|')}> <asset folder>`);
  process.exit(2);
}
for (const chunk of LAZY_CHUNKS[name as LambdaName] ?? []) {
  await build(chunkEsbuildOptions(chunk, outdir));
}
