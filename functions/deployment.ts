/**
 * Whether this code runs from a Lambda bundle built for deployment. The CDK bundling (and
 * every esbuild build made with its options) defines `__LINE_DEPLOYED_BUNDLE__` as true; tsx,
 * the tests and the local runtime leave it undefined.
 *
 * A deployed function must never be pointed elsewhere by its environment: TWILIO_API_BASE_URL
 * (which could send texts and the auth token to any host) and DYNAMODB_ENDPOINT are ignored
 * there, and only a real Twilio auth token (32 hex characters) is accepted.
 */
declare const __LINE_DEPLOYED_BUNDLE__: boolean | undefined;

export function isDeployedBundle(): boolean {
  return typeof __LINE_DEPLOYED_BUNDLE__ !== 'undefined' && __LINE_DEPLOYED_BUNDLE__ === true;
}

/** The esbuild `define` that marks a deployed bundle. */
export const DEPLOYED_BUNDLE_DEFINE = { __LINE_DEPLOYED_BUNDLE__: 'true' } as const;

/** A Twilio auth token as Twilio issues them: 32 hexadecimal characters. */
export const TWILIO_AUTH_TOKEN_PATTERN = /^[0-9a-fA-F]{32}$/;
