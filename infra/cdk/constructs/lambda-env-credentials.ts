/**
 * Stand-in for `@aws-sdk/credential-provider-node` in Lambda bundles (see bundling.ts).
 *
 * The Lambda runtime always hands a function its role's credentials as AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, so the default chain's other links (SSO,
 * STS web identity, ini files, process, IMDS, the login flow) can never be reached there,
 * yet they make up about 130 KB of every bundle and are evaluated on every cold start.
 * Local runs and tests do not use the bundle and keep the full chain.
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
