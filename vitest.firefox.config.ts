import { defineConfig } from 'vitest/config';

// The spine in Firefox (npm run test:firefox): its own config, so `npm run test:e2e` stays Chromium.
export default defineConfig({
  test: {
    environment: 'node',
    // One browser at a time on the machine, taken once for the whole run (test/e2e/browser-lock-setup.ts).
    globalSetup: ['test/e2e/browser-lock-setup.ts'],
    include: ['test/e2e-firefox/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    // Includes waiting for the one-browser lock while other end-to-end runs hold it.
    hookTimeout: 600_000,
  },
});
