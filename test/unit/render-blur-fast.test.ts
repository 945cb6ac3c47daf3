// @vitest-environment node
/**
 * The blur's speed-ups (rows in pairs through the horizontal pass, two rows per accumulator sweep in
 * the vertical one, the maximum taken by the last pass) must not change a single bit of the result:
 * compared here with a plain one-row-at-a-time blur written out below, on random grids, shapes and
 * sigmas, sliced and unsliced.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { blurGrid, blurGridSteps, boxWidthsForGaussian, createBlurScratch, horizontalBoxPass } from '@/lib/render/blur';
import { PROPERTY_TEST_TIMEOUT_MS } from './fast-check-setup';

// Property runs take the time their work takes: no load-dependent timeout (test/unit/fast-check-setup.ts).
vi.setConfig({ testTimeout: PROPERTY_TEST_TIMEOUT_MS });

/** The classic separable box blur, one row and one pass at a time, the arithmetic spelt out. */
function referenceBlur(input: Float32Array, columns: number, rows: number, sigma: number): Float32Array {
  const values = input.slice();
  const other = new Float32Array(values.length);
  for (const width of boxWidthsForGaussian(sigma)) {
    if (width <= 1) continue;
    const half = (width - 1) / 2;
    const scale = 1 / width;
    for (let row = 0; row < rows; row++) {
      const base = row * columns;
      let sum = 0;
      for (let column = 0; column <= Math.min(half, columns - 1); column++) sum += values[base + column]!;
      for (let column = 0; column < columns; column++) {
        other[base + column] = sum * scale;
        const entering = column + half + 1;
        const leaving = column - half;
        // The same grouping as the pass: (entering − leaving) in the bounds-free middle, one at a time at the edges.
        if (entering < columns && leaving >= 0 && column >= half && column < columns - half - 1) sum += values[base + entering]! - values[base + leaving]!;
        else {
          if (entering < columns) sum += values[base + entering]!;
          if (leaving >= 0) sum -= values[base + leaving]!;
        }
      }
    }
    for (let column = 0; column < columns; column++) {
      let sum = 0;
      for (let row = 0; row <= Math.min(half, rows - 1); row++) sum = sum + other[row * columns + column]!;
      for (let row = 0; row < rows; row++) {
        values[row * columns + column] = sum > 0 ? sum * scale : 0;
        const entering = row + half + 1;
        const leaving = row - half;
        if (entering < rows && leaving >= 0) sum = sum + other[entering * columns + column]! - other[leaving * columns + column]!;
        else if (entering < rows) sum = sum + other[entering * columns + column]!;
        else if (leaving >= 0) sum = sum - other[leaving * columns + column]!;
      }
    }
  }
  return values;
}

const gridCase = fc
  .record({
    columns: fc.integer({ min: 1, max: 70 }),
    rows: fc.integer({ min: 1, max: 90 }),
    sigma: fc.oneof(fc.double({ min: 0.2, max: 12, noNaN: true }), fc.constantFrom(25 / 2 / 6, 25 / 2 / 4, 0)),
    density: fc.double({ min: 0.01, max: 1, noNaN: true }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
  })
  .map(({ columns, rows, sigma, density, seed }) => {
    let state = seed;
    const random = () => {
      state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
      return state / 0x7fffffff;
    };
    const values = new Float32Array(columns * rows);
    for (let index = 0; index < values.length; index++) if (random() < density) values[index] = random() < 0.9 ? 1 + Math.floor(random() * 6) : random() * 5000;
    return { columns, rows, sigma, values };
  });

describe('fast blur', () => {
  it('equals the plain one-row-at-a-time blur bit for bit, and returns its maximum (undefined when nothing was blurred)', () => {
    fc.assert(
      fc.property(gridCase, ({ columns, rows, sigma, values }) => {
        const expected = referenceBlur(values, columns, rows, sigma);
        const actual = values.slice();
        const maximum = blurGrid(actual, columns, rows, sigma, createBlurScratch());
        expect(Array.from(actual)).toEqual(Array.from(expected));
        const blurs = boxWidthsForGaussian(sigma).some((width) => width > 1);
        expect(maximum).toBe(blurs ? expected.reduce((largest, value) => Math.max(largest, value), 0) : undefined);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same bits when the grid spans several slices (odd slice lengths included)', () => {
    // 2^18 cells per slice: 999 and 1,000 columns make slices of 262 rows (even), 1,001 columns
    // slices of 261 (odd, so a row pair would straddle two slices); 700 rows leave a ragged last one.
    for (const columns of [999, 1000, 1001]) {
      const rows = 700;
      const values = new Float32Array(columns * rows);
      for (let index = 0; index < 3000; index++) values[(index * 7919 + 13) % values.length] = 1 + (index % 7);
      const expected = referenceBlur(values, columns, rows, 2.1);
      const steps = blurGridSteps(values, columns, rows, 2.1);
      let slices = 0;
      let step = steps.next();
      while (!step.done) {
        slices++;
        step = steps.next();
      }
      expect(slices).toBeGreaterThan(6);
      expect(step.value).toBe(expected.reduce((largest, value) => Math.max(largest, value), 0));
      let differing = 0;
      for (let index = 0; index < values.length; index++) if (values[index] !== expected[index]) differing++;
      expect(differing).toBe(0);
    }
  });

  it('pairs rows in the horizontal pass without mixing them, clamped or not', () => {
    fc.assert(
      fc.property(gridCase, fc.integer({ min: 0, max: 6 }), fc.boolean(), ({ columns, rows, values }, half, clamp) => {
        const signed = values.map((value, index) => (index % 3 === 0 ? -value : value));
        const together = new Float32Array(signed.length);
        horizontalBoxPass(signed, together, columns, rows, half, clamp);
        const oneByOne = new Float32Array(signed.length);
        for (let row = 0; row < rows; row++) {
          horizontalBoxPass(signed.subarray(row * columns, (row + 1) * columns), oneByOne.subarray(row * columns, (row + 1) * columns), columns, 1, half, clamp);
        }
        expect(Array.from(together)).toEqual(Array.from(oneByOne));
      }),
      { numRuns: 150 },
    );
  });
});
