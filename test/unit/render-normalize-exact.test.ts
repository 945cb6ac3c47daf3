// @vitest-environment node
/**
 * The colour scale's 99th percentile is found with a coarse float-bits histogram and a select inside
 * one bin: it must be exactly the percentile a full sort gives, whatever the grid looks like
 * (plateaus of equal cells, a lone outlier, float residue, NaN, negative cells, values spanning many
 * orders of magnitude), with or without the maximum handed in.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { EMPTY_CELL_FRACTION, scaleMaximum, selectNth } from '@/lib/render/normalize';
import { PROPERTY_TEST_TIMEOUT_MS } from './fast-check-setup';

// Property runs take the time their work takes: no load-dependent timeout (test/unit/fast-check-setup.ts).
vi.setConfig({ testTimeout: PROPERTY_TEST_TIMEOUT_MS });

/** The quantile by the definition: sort the non-zero cells, take the one of rank ⌈q × n⌉. */
function sortedQuantile(values: Float32Array, quantile: number): number {
  let maximum = 0;
  for (const value of values) if (value > maximum) maximum = value;
  if (!(maximum > 0)) return 0;
  const floor = maximum * EMPTY_CELL_FRACTION;
  const nonZero = Array.from(values)
    .filter((value) => value > floor)
    .sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(quantile * nonZero.length));
  return nonZero[rank - 1]!;
}

const cell = fc.oneof(
  { weight: 6, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 9 }) },
  { weight: 3, arbitrary: fc.double({ min: 1e-6, max: 1e6, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom(1e-14, -3, -1e-16, Number.NaN, 5e4, 3.5) },
);

describe('scaleMaximum (exact quantile)', () => {
  it('equals the sorted quantile of the non-zero cells', () => {
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: 0, maxLength: 3000 }),
        fc.constantFrom(0.99, 0.5, 0.9, 1, 0, 0.999),
        fc.boolean(),
        (cells, quantile, handMaximum) => {
          const values = Float32Array.from(cells);
          const expected = sortedQuantile(values, quantile);
          let maximum = 0;
          for (const value of values) if (value > maximum) maximum = value;
          expect(scaleMaximum(values, quantile, handMaximum ? maximum : undefined)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('picks the exact rank among distinct values', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 2000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 3000 }),
        (distinct, quantile, zeros) => {
          // Spread over a few orders of magnitude so several coarse bins are in play.
          const values = Float32Array.from([...distinct.map((value) => value * (value % 7 === 0 ? 1000 : 0.01)), ...new Array<number>(zeros).fill(0)]);
          expect(scaleMaximum(values, quantile)).toBe(sortedQuantile(values, quantile));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('handles a plateau that puts most of a big grid in one bin', () => {
    const values = new Float32Array(200_000).fill(2.5);
    for (let index = 0; index < 1000; index++) values[index * 200] = 2.5 + index / 1000;
    expect(scaleMaximum(values)).toBe(sortedQuantile(values, 0.99));
    expect(scaleMaximum(values)).toBe(2.5);
  });

  it('ignores an outlier above the 99th percentile on a page-sized grid', () => {
    const values = new Float32Array(240 * 1667);
    for (let index = 0; index < values.length; index++) values[index] = ((index * 2654435761) >>> 0) / 2 ** 32;
    values[12_345] = 1e7;
    expect(scaleMaximum(values, 0.99, 1e7)).toBe(sortedQuantile(values, 0.99));
  });
});

describe('selectNth', () => {
  it('returns the nth smallest, duplicates and all', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 400 }), fc.nat(), (numbers, pick) => {
        const nth = pick % numbers.length;
        const sorted = [...numbers].sort((a, b) => a - b);
        expect(selectNth(Float32Array.from(numbers), nth)).toBe(sorted[nth]);
      }),
      { numRuns: 300 },
    );
  });
});
