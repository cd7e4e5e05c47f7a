/**
 * Stand-in for `@aws-sdk/middleware-endpoint-discovery` in Lambda bundles (see bundling.ts).
 *
 * DynamoDB's legacy endpoint discovery: the client still resolves its settings and builds an
 * LRU endpoint cache (mnemonist, ~10 KB of every bundle), but none of the DynamoDB commands
 * of the SDK version we bundle adds the discovery middleware, so the cache is never read.
 * This resolves the same settings without the cache. It exports only what the DynamoDB client
 * imports: should a later SDK version use more, esbuild fails the bundle rather than guessing.
 */
type DiscoveryInput = {
  endpointDiscoveryEnabled?: boolean;
  endpointDiscoveryEnabledProvider: () => Promise<boolean | undefined>;
};

const ENV_ENDPOINT_DISCOVERY = ['AWS_ENABLE_ENDPOINT_DISCOVERY', 'AWS_ENDPOINT_DISCOVERY_ENABLED'];
const isFalsy = (value: string | undefined) => value === 'false' || value === '0';

/** As the SDK reads it (environment, then shared config file), so a bad value still fails the same way. */
export const NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS = {
  environmentVariableSelector: (env: Record<string, string | undefined>) => {
    for (const key of ENV_ENDPOINT_DISCOVERY) {
      if (key in env) {
        const value = env[key];
        if (value === '')
          throw Error(`Environment variable ${key} can't be empty of undefined, got "${value}"`);
        return !isFalsy(value);
      }
    }
    return undefined;
  },
  configFileSelector: (profile: Record<string, string | undefined>) => {
    if ('endpoint_discovery_enabled' in profile) {
      const value = profile.endpoint_discovery_enabled;
      if (value === undefined) {
        throw Error(`Shared config entry endpoint_discovery_enabled can't be undefined, got "${value}"`);
      }
      return !isFalsy(value);
    }
    return undefined;
  },
  default: undefined,
};

export const resolveEndpointDiscoveryConfig = <T extends DiscoveryInput>(
  input: T,
  { endpointDiscoveryCommandCtor }: { endpointDiscoveryCommandCtor: unknown },
) => {
  const { endpointDiscoveryEnabled, endpointDiscoveryEnabledProvider } = input;
  return Object.assign(input, {
    endpointDiscoveryCommandCtor,
    endpointDiscoveryEnabled:
      endpointDiscoveryEnabled !== undefined
        ? () => Promise.resolve(endpointDiscoveryEnabled)
        : endpointDiscoveryEnabledProvider,
    isClientEndpointDiscoveryEnabled: endpointDiscoveryEnabled !== undefined,
  });
};
