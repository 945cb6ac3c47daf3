import { describe, expect, it } from 'vitest';
import { packedSpotsSchema } from '@/lib/messaging/protocol';

const valid = { relativeX: [0.1, 0.5], y: [16, 3200], count: [1, 7], fixed: [false, true] };

describe('packedSpotsSchema columns', () => {
  it('accepts finite numbers and booleans of equal length', () => {
    expect(packedSpotsSchema.safeParse(valid).success).toBe(true);
  });

  it('is as strict as arrays of z.number() / z.boolean()', () => {
    for (const bad of [
      { ...valid, relativeX: [0.1, Number.NaN] },
      { ...valid, y: [16, Number.POSITIVE_INFINITY] },
      { ...valid, count: [1, '7'] },
      { ...valid, count: [1, null] },
      // eslint-disable-next-line no-sparse-arrays
      { ...valid, y: [16, , 3] },
      { ...valid, fixed: [false, 1] },
      { ...valid, fixed: 'false,true' },
      { ...valid, relativeX: { length: 2, 0: 0.1, 1: 0.5 } },
      { ...valid, y: [16] },
    ]) {
      expect(packedSpotsSchema.safeParse(bad).success).toBe(false);
    }
  });
});
