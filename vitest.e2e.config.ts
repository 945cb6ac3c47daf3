import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    // One browser at a time on the machine, taken once for the whole run (test/e2e/browser-lock-setup.ts).
    globalSetup: ['test/e2e/browser-lock-setup.ts'],
    include: ['test/e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
