import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { fieldWorkerSourcePlugin } from './lib/render/field-worker-build';

export default defineConfig({
  plugins: [WxtVitest(), fieldWorkerSourcePlugin()],
  test: {
    environment: 'happy-dom',
    include: ['test/unit/**/*.test.{ts,tsx}'],
    testTimeout: 20_000,
    // Fixes fast-check's seed for every property test (see the file).
    setupFiles: ['test/unit/fast-check-setup.ts'],
  },
});
