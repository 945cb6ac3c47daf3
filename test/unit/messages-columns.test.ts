import { describe, expect, it } from 'vitest';
import { packedSpotsSchema } from '@/lib/messaging/protocol';
import { fixedColumn, numberColumn } from '@/lib/messaging/checks';

const valid = () => ({ relativeX: Float64Array.of(0.1, 0.5), y: Uint16Array.of(16, 3200), count: Uint8Array.of(1, 7), fixed: Uint8Array.of(0, 1) });

describe('packedSpotsSchema columns', () => {
  it('accepts typed arrays of finite numbers (any width decoding gives) and a fixed Uint8Array of 0/1, of equal length', () => {
    expect(packedSpotsSchema.safeParse(valid()).success).toBe(true);
    expect(packedSpotsSchema.safeParse({ ...valid(), y: Uint32Array.of(16, 70_000 * 16), count: Float64Array.of(0.5, 2) }).success).toBe(true);
    const columns = valid();
    // Not copied: the schema hands back the very arrays it was given.
    expect(packedSpotsSchema.parse(columns).y).toBe(columns.y);
  });

  it('is as strict as arrays of z.number() / z.boolean() were, and refuses plain lists (typed once)', () => {
    for (const bad of [
      { ...valid(), relativeX: Float64Array.of(0.1, Number.NaN) },
      { ...valid(), y: Float64Array.of(16, Number.POSITIVE_INFINITY) },
      { ...valid(), count: [1, 7] },
      { ...valid(), count: Int16Array.of(1, 7) },
      { ...valid(), count: BigUint64Array.of(1n, 7n) },
      { ...valid(), count: new DataView(new ArrayBuffer(2)) },
      { ...valid(), fixed: [false, true] },
      { ...valid(), fixed: Uint8Array.of(0, 2) },
      { ...valid(), fixed: Uint16Array.of(0, 1) },
      { ...valid(), fixed: 'false,true' },
      { ...valid(), relativeX: { length: 2, 0: 0.1, 1: 0.5 } },
      { ...valid(), y: Uint16Array.of(16) },
    ]) {
      expect(packedSpotsSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('the content script’s checks are the same predicates', () => {
    expect(numberColumn(Uint16Array.of(1, 2), 'y')).toBeNull();
    expect(numberColumn([1, 2], 'y')).toMatch(/column of finite numbers/);
    expect(fixedColumn(Uint8Array.of(0, 1), 'fixed')).toBeNull();
    expect(fixedColumn(Uint8Array.of(3), 'fixed')).toMatch(/0 and 1/);
  });
});
