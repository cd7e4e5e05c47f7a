import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['tests/integration/global-setup.ts'],
    include: ['tests/**/*.test.ts'],
    // The browser journeys run once, alone, in `npm run test:e2e` (CI runs both): inside the
    // parallel suite they compete with every other file for two cores and time out.
    exclude: [...configDefaults.exclude, 'tests/e2e/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
