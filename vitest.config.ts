import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: 'forks',
    // Ends every process group a test recorded (test/processRegistry.ts), however the test ended.
    globalSetup: ['test/globalSetup.ts'],
  },
});
