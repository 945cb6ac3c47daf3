import { describe, expect, it } from 'vitest';
import { blurGrid, blurPeakForUnitImpulse, boxWidthsForGaussian, createBlurScratch } from '../../lib/render/blur';

function impulseGrid(columns: number, rows: number, column: number, row: number, weight = 1): Float32Array {
  const values = new Float32Array(columns * rows);
  values[row * columns + column] = weight;
  return values;
}

const sum = (values: Float32Array) => values.reduce((total, value) => total + value, 0);

describe('boxWidthsForGaussian', () => {
  it.each([0.5, 1, 3.125, 8, 40])('gives odd widths whose variance approximates sigma %s', (sigma) => {
    const widths = boxWidthsForGaussian(sigma);
    expect(widths).toHaveLength(3);
    for (const width of widths) expect(width % 2).toBe(1);
    const variance = widths.reduce((total, width) => total + (width * width - 1) / 12, 0);
    if (sigma >= 1) expect(Math.sqrt(variance)).toBeCloseTo(sigma, 0);
  });

  it('is identity for zero or invalid sigma', () => {
    expect(boxWidthsForGaussian(0)).toEqual([1, 1, 1]);
    expect(boxWidthsForGaussian(NaN)).toEqual([1, 1, 1]);
  });
});

describe('blurGrid', () => {
  it('preserves mass away from the edges', () => {
    const values = impulseGrid(101, 81, 50, 40, 7);
    blurGrid(values, 101, 81, 3.125);
    expect(sum(values)).toBeCloseTo(7, 4);
  });

  it('is symmetric around an impulse and peaks at it', () => {
    const columns = 61;
    const rows = 61;
    const values = impulseGrid(columns, rows, 30, 30);
    blurGrid(values, columns, rows, 4);
    const at = (column: number, row: number) => values[row * columns + column]!;
    let maxIndex = 0;
    values.forEach((value, index) => {
      if (value > values[maxIndex]!) maxIndex = index;
    });
    expect(maxIndex).toBe(30 * columns + 30);
    for (let offset = 1; offset < 15; offset++) {
      expect(at(30 + offset, 30)).toBeCloseTo(at(30 - offset, 30), 7);
      expect(at(30, 30 + offset)).toBeCloseTo(at(30, 30 - offset), 7);
      expect(at(30 + offset, 30)).toBeCloseTo(at(30, 30 + offset), 7);
      expect(at(30 + offset, 30)).toBeLessThanOrEqual(at(30 + offset - 1, 30));
    }
    expect(at(30, 30)).toBeCloseTo(blurPeakForUnitImpulse(4), 6);
  });

  it('approximates a gaussian profile', () => {
    const columns = 201;
    const values = impulseGrid(columns, 1, 100, 0);
    blurGrid(values, columns, 1, 10); // horizontal passes do the work; vertical with 1 row scales by 1/width
    const peak = values[100]!;
    // A gaussian is at e^-0.5 ≈ 0.61 of its peak at one sigma and e^-2 ≈ 0.135 at two.
    expect(values[110]! / peak).toBeGreaterThan(0.55);
    expect(values[110]! / peak).toBeLessThan(0.67);
    expect(values[120]! / peak).toBeGreaterThan(0.1);
    expect(values[120]! / peak).toBeLessThan(0.18);
  });

  it('reuses scratch buffers and leaves no residue in empty regions', () => {
    const scratch = createBlurScratch();
    const values = impulseGrid(200, 200, 20, 20, 1000);
    blurGrid(values, 200, 200, 3, scratch);
    const buffer = scratch.buffer;
    blurGrid(impulseGrid(200, 200, 5, 5), 200, 200, 3, scratch);
    expect(scratch.buffer).toBe(buffer);
    expect(values[150 * 200 + 150]).toBe(0);
    expect(values.every((value) => value >= 0 && Number.isFinite(value))).toBe(true);
  });

  it('handles radii larger than the grid in O(cells)', () => {
    const values = impulseGrid(10, 10, 5, 5, 1);
    blurGrid(values, 10, 10, 1e6);
    expect(values.every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
  });
});
