// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleWorkerSource, GENERATED_PATH, generatedModuleText } from '../../lib/render/build-worker-source';

describe('field worker source', () => {
  it('is up to date (regenerate with: npx tsx lib/render/build-worker-source.ts)', async () => {
    const expected = generatedModuleText(await bundleWorkerSource());
    // Compared as a boolean: the diff of two minified bundles is unreadable anyway.
    expect(readFileSync(GENERATED_PATH, 'utf8') === expected, 'worker-source.generated.ts is stale').toBe(true);
  });
});
