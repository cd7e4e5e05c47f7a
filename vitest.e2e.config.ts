import { defineConfig } from 'vitest/config';

/** `npm run test:e2e`: only the browser journeys, and a missing browser is a failure, not a skip. */
export default defineConfig({
  test: {
    globalSetup: ['tests/integration/global-setup.ts'],
    include: ['tests/e2e/**/*.test.ts'],
    env: { E2E_REQUIRE_BROWSER: '1' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
