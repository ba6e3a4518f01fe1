import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: 'forks',
    // Two test files at a time even on 2 cores (vitest's default is cores - 1): much of an e2e file's time is spent
    // waiting on a server or a browser, so the suite takes ~7.5 min instead of ~10 on this machine.
    maxWorkers: 2,
    // Ends every process group a test recorded (test/processRegistry.ts), however the test ended.
    globalSetup: ['test/globalSetup.ts'],
  },
});
