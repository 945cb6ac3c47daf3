import { describe, expect, it } from 'vitest';
import { blurGrid, blurPeakForUnitImpulse } from '../../lib/render/blur';
import { binPoints, createDensityGrid, gridGeometry } from '../../lib/render/density';
import { legendMaximumCount, scaleMaximum } from '../../lib/render/normalize';
import { seededRandom } from '../seeded-random';


function maxOf(values: Float32Array): number {
  return values.reduce((maximum, value) => Math.max(maximum, value), 0);
}

function blurredPage(points: { x: number; y: number; weight: number }[]) {
  const grid = createDensityGrid(gridGeometry(1000, 2000, 4));
  binPoints(grid, points);
  blurGrid(grid.values, grid.columns, grid.rows, 25 / 2 / 4);
  return grid;
}

describe('scaleMaximum', () => {
  const random = seededRandom(7);
  const spread = Array.from({ length: 3000 }, () => ({ x: random() * 1000, y: random() * 2000, weight: 1 + Math.floor(random() * 3) }));

  it('ignores a single outlier spot', () => {
    const without = scaleMaximum(blurredPage(spread));
    const withOutlier = scaleMaximum(blurredPage([...spread, { x: 500, y: 500, weight: 50_000 }]));
    expect(withOutlier / without).toBeGreaterThan(0.95);
    expect(withOutlier / without).toBeLessThan(1.05);
    // …whereas the plain maximum would have jumped by orders of magnitude.
    const grid = blurredPage([...spread, { x: 500, y: 500, weight: 50_000 }]);
    expect(maxOf(grid.values)).toBeGreaterThan(100 * withOutlier);
  });

  it('moves little when the data changes a little', () => {
    const base = scaleMaximum(blurredPage(spread));
    const fewer = scaleMaximum(blurredPage(spread.slice(0, 2850)));
    expect(Math.abs(fewer - base) / base).toBeLessThan(0.1);
  });

  it('is the peak for a lone spot and 0 for an empty grid', () => {
    const grid = blurredPage([{ x: 300, y: 300, weight: 5 }]);
    const peak = maxOf(grid.values);
    expect(scaleMaximum(grid)).toBeGreaterThan(0.7 * peak);
    expect(scaleMaximum(grid)).toBeLessThanOrEqual(peak);
    expect(scaleMaximum(new Float32Array(100))).toBe(0);
    expect(scaleMaximum(new Float32Array(0))).toBe(0);
  });

  it('matches an exact quantile', () => {
    const values = new Float32Array(10_000);
    for (let index = 0; index < 1000; index++) values[index * 10] = index + 1; // 1..1000, rest empty
    expect(scaleMaximum(values)).toBeCloseTo(990, 0);
    expect(scaleMaximum(values, 0.5)).toBeCloseTo(500, 0);
  });
});

describe('legendMaximumCount', () => {
  it('turns the scale back into a spot count', () => {
    const sigmaCells = 25 / 2 / 4;
    const grid = blurredPage([{ x: 300, y: 300, weight: 42 }]);
    const peak = maxOf(grid.values);
    expect(legendMaximumCount(peak, sigmaCells)).toBeCloseTo(42, 3);
    expect(legendMaximumCount(0, sigmaCells)).toBe(0);
    expect(blurPeakForUnitImpulse(0)).toBe(1);
  });
});
