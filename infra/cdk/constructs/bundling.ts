import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BundlingOptions, LogLevel, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { DEPLOYED_BUNDLE_DEFINE } from '../../../functions/deployment.js';

/**
 * One set of esbuild settings for every Lambda bundle, used three ways so they cannot drift:
 * by `NodejsFunction` (CDK turns them into esbuild CLI flags), by the cold-start bench and by
 * the bundle-budget test (both call esbuild's API with {@link lambdaEsbuildOptions}).
 */

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Lambda's Node 22 runtime: newer syntax than this is not lowered. */
export const ESBUILD_TARGET = 'node22';

/**
 * ESM output has no `require`; CommonJS dependencies bundled into it (twilio's webhook and
 * TwiML modules, xmlbuilder) still call `require('crypto')` and friends, which esbuild turns
 * into a shim that throws unless a real `require` exists. This defines one.
 */
export const ESM_REQUIRE_BANNER =
  "import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);";

/** A module of this folder as esbuild's `alias` wants it: relative to the project root. */
const standIn = (file: string) =>
  `./${relative(PROJECT_ROOT, join(dirname(fileURLToPath(import.meta.url)), file))}`;

/**
 * Modules replaced in every Lambda bundle (the size budget). See lambda-env-credentials.ts:
 * Lambda only ever needs the environment credentials; lambda-no-event-streams.ts: neither
 * DynamoDB nor Secrets Manager streams events; lambda-no-endpoint-discovery.ts: no DynamoDB
 * command uses endpoint discovery's cache.
 */
export const LAMBDA_ALIASES = {
  '@aws-sdk/credential-provider-node': standIn('lambda-env-credentials.ts'),
  '@smithy/core/event-streams': standIn('lambda-no-event-streams.ts'),
  '@aws-sdk/middleware-endpoint-discovery': standIn('lambda-no-endpoint-discovery.ts'),
};

/**
 * A module a function loads only when it needs it, shipped as its own file beside index.mjs:
 * a cold start then neither parses nor runs it. The code imports it as `./<file>` (a `.mts`
 * source, so the same specifier works under tsx and vitest); every bundle keeps that import
 * as written (external) and the function's asset gets the file from build-chunks.ts.
 */
export type LazyChunk = { entry: string; file: string };

/** The topic search (MiniSearch, stemmers, prebuilt index): only free text loads it (topic-search-loader.ts). */
const TOPIC_SEARCH_CHUNK: LazyChunk = {
  entry: 'functions/adapters/topic-search.mts',
  file: 'topic-search.mjs',
};

/** chrono-node for the SMS function: only texts that may hold a date load it (date-parsers.ts). */
export const LAZY_CHUNKS: Partial<Record<LambdaName, readonly LazyChunk[]>> = {
  sms: [
    { entry: 'functions/adapters/chrono-parsers.mts', file: 'chrono-parsers.mjs' },
    TOPIC_SEARCH_CHUNK,
    // The intake queue's client: only a webhook that meets a store outage loads it.
    { entry: 'functions/adapters/sqs/sqs-client.mts', file: 'sqs-client.mjs' },
  ],
  voice: [TOPIC_SEARCH_CHUNK],
  // The consumer replays texts through the same conversation, free text included.
  intake: [
    { entry: 'functions/adapters/chrono-parsers.mts', file: 'chrono-parsers.mjs' },
    TOPIC_SEARCH_CHUNK,
    { entry: 'functions/adapters/sqs/sqs-client.mts', file: 'sqs-client.mjs' },
  ],
};

const ALL_CHUNK_FILES = [
  ...new Set(Object.values(LAZY_CHUNKS).flatMap((chunks) => chunks.map(({ file }) => `./${file}`))),
];

/**
 * The NodejsFunction bundling: minified ESM with source maps, the AWS SDK bundled rather than
 * taken from the runtime (ESM + tree shaking loads faster than the runtime's CommonJS copy and
 * pins the version we test with), always the local esbuild (no Docker), plus the function's
 * lazy chunks built into the same asset.
 */
export function lambdaBundling(name: LambdaName): BundlingOptions {
  const chunks = LAZY_CHUNKS[name] ?? [];
  return {
    format: OutputFormat.ESM,
    target: ESBUILD_TARGET,
    minify: true,
    sourceMap: true,
    // The map only has to turn positions into file:line; the sources themselves add megabytes.
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: ESM_REQUIRE_BANNER,
    // Marks the bundle as deployed: local-only overrides are ignored (functions/deployment.ts).
    define: DEPLOYED_BUNDLE_DEFINE,
    bundleAwsSDK: true,
    externalModules: [],
    forceDockerBundling: false,
    logLevel: LogLevel.ERROR,
    esbuildArgs: Object.fromEntries([
      ...Object.entries(LAMBDA_ALIASES).map(([from, to]) => [`--alias:${from}`, to]),
      ...ALL_CHUNK_FILES.map((file) => [`--external:${file}`, true]),
    ]),
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      // Local bundling runs this in a shell with the project as inputDir. The chunks are built
      // by build-chunks.ts with chunkEsbuildOptions, so they share the function's settings.
      afterBundling: (inputDir: string, outputDir: string) =>
        chunks.length === 0
          ? []
          : [
              `"${join(inputDir, 'node_modules', '.bin', 'tsx')}" "${join(inputDir, 'infra', 'cdk', 'constructs', 'build-chunks.ts')}" ${name} "${outputDir}"`,
            ],
    },
  };
}

/**
 * The same settings for esbuild's JavaScript API (bench and budget test). Kept as a plain
 * object so this module does not import esbuild at CDK synth time.
 */
export function lambdaEsbuildOptions(entry: string, outfile: string) {
  return {
    entryPoints: [entry],
    outfile,
    external: ALL_CHUNK_FILES,
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: 'node' as const,
    target: ESBUILD_TARGET,
    format: 'esm' as const,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    define: DEPLOYED_BUNDLE_DEFINE,
    alias: LAMBDA_ALIASES,
    metafile: true as const,
    logLevel: 'error' as const,
  };
}

/** The four Lambda entries, relative to the project root. */
export const LAMBDA_ENTRIES = {
  sms: 'functions/sms/lambda.ts',
  smsStatus: 'functions/sms/status-lambda.ts',
  voice: 'functions/voice/lambda.ts',
  reminders: 'functions/reminders/lambda.ts',
  intake: 'functions/intake/lambda.ts',
} as const;
export type LambdaName = keyof typeof LAMBDA_ENTRIES;

/** The webhook entries (what Twilio waits on); the sweeper is not latency-bound. */
export const WEBHOOK_LAMBDAS = ['sms', 'smsStatus', 'voice'] as const satisfies readonly LambdaName[];

/** Minified size budget for a webhook bundle: ~450 KB keeps cold starts near the floor. */
export const WEBHOOK_BUNDLE_BUDGET_BYTES = 450 * 1024;

/** esbuild API options for a lazy chunk written beside a bundle in `outdir` (bench, tests). */
export function chunkEsbuildOptions(chunk: LazyChunk, outdir: string) {
  const { external: _chunksOfChunks, ...options } = lambdaEsbuildOptions(
    chunk.entry,
    join(outdir, chunk.file),
  );
  return options;
}
