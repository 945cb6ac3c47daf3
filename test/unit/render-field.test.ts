import { describe, expect, it } from 'vitest';
import { cellSizeForRadius, computeHeatField, heatFieldSteps } from '../../lib/render/field';
import { MAX_GRID_CELLS, MAX_GRID_DIMENSION } from '../../lib/render/density';
import { paletteLookup } from '../../lib/render/palette';
import { runSliced } from '../../lib/core/schedule';

function alphaAt(field: { columns: number; rgba: Uint8ClampedArray }, column: number, row: number): number {
  return field.rgba[(row * field.columns + column) * 4 + 3]!;
}

describe('computeHeatField', () => {
  it("puts a point's hottest pixel at the point, fading outwards", () => {
    const field = computeHeatField([{ x: 101, y: 203, weight: 3 }], { width: 400, height: 600, radius: 25, palette: 'heat' });
    expect(field.cellSize).toBe(cellSizeForRadius(25));
    const column = Math.floor(101 / field.cellSize);
    const row = Math.floor(203 / field.cellSize);
    const hottest = paletteLookup('heat').subarray(255 * 4, 256 * 4);
    expect(Array.from(field.rgba.subarray((row * field.columns + column) * 4, (row * field.columns + column) * 4 + 4))).toEqual(Array.from(hottest));
    // The hottest pixels are centred on the point.
    let sumColumn = 0;
    let sumRow = 0;
    let count = 0;
    for (let r = 0; r < field.rows; r++) {
      for (let c = 0; c < field.columns; c++) {
        if (field.rgba[(r * field.columns + c) * 4] === 255 && field.rgba[(r * field.columns + c) * 4 + 1] === 0) {
          sumColumn += c;
          sumRow += r;
          count++;
        }
      }
    }
    expect(sumColumn / count).toBeCloseTo(column, 5);
    expect(sumRow / count).toBeCloseTo(row, 5);
    // Fades with distance (cells of 6 px: 3 cells = 18 px ≈ 0.7 radius, 16 cells = 96 px > 3 sigma).
    expect(alphaAt(field, column + 3, row)).toBeLessThan(alphaAt(field, column + 1, row));
    expect(alphaAt(field, column + 3, row)).toBeGreaterThan(0);
    expect(alphaAt(field, column + 16, row)).toBe(0);
    expect(field.maxCount).toBeGreaterThan(1);
    expect(field.maxCount).toBeLessThanOrEqual(3);
  });

  it('derives the cell size from the radius', () => {
    expect(cellSizeForRadius(25)).toBe(6);
    expect(cellSizeForRadius(3)).toBe(1);
    expect(cellSizeForRadius(1000)).toBe(8);
  });

  it('caps the field on a 40,000 px page', () => {
    const field = computeHeatField([{ x: 700, y: 39_000, weight: 1 }], { width: 1440, height: 40_000, radius: 25, palette: 'heat' });
    expect(field.rows).toBeLessThanOrEqual(MAX_GRID_DIMENSION);
    expect(field.columns).toBeLessThanOrEqual(MAX_GRID_DIMENSION);
    expect(field.rows * field.cellSize).toBeGreaterThanOrEqual(40_000);
    expect(field.rgba.length).toBe(field.columns * field.rows * 4);
    expect(field.acceptedPoints).toBe(1);
  });

  it('does not allocate without bound for absurd sizes', () => {
    const field = computeHeatField([{ x: 5, y: 5, weight: 1 }], { width: 1e13, height: 1e13, radius: 1e9, palette: 'rage' });
    expect(field.columns * field.rows).toBeLessThanOrEqual(MAX_GRID_CELLS);
    expect(field.rgba.length).toBeLessThanOrEqual(MAX_GRID_CELLS * 4);
  });

  it('returns an empty transparent field for no usable data', () => {
    const field = computeHeatField([{ x: NaN, y: 1, weight: 1 }], { width: 100, height: 100, palette: 'dead' });
    expect(field.maxCount).toBe(0);
    expect(field.rgba.every((value) => value === 0)).toBe(true);
    expect(computeHeatField([], { width: NaN, height: 100, palette: 'move' }).rgba.length).toBe(0);
  });

  it('time-sliced computation matches the synchronous one', async () => {
    const points = Array.from({ length: 45_000 }, (_, index) => ({ x: (index * 7919) % 800, y: (index * 104_729) % 3000, weight: 1 + (index % 4) }));
    const options = { width: 800, height: 3000, radius: 20, palette: 'heat' as const };
    let yields = 0;
    const sliced = await runSliced(heatFieldSteps(points, options), {
      budgetMs: 0,
      yieldFn: async () => {
        yields++;
      },
    });
    expect(yields).toBeGreaterThan(5);
    expect(sliced?.rgba).toEqual(computeHeatField(points, options).rgba);
  });

  it('can be cancelled between slices', async () => {
    const points = Array.from({ length: 50_000 }, (_, index) => ({ x: index % 800, y: index % 3000, weight: 1 }));
    const result = await runSliced(heatFieldSteps(points, { width: 800, height: 3000, palette: 'heat' }), {
      budgetMs: 0,
      yieldFn: async () => undefined,
      isCancelled: () => true,
    });
    expect(result).toBeNull();
  });
});

describe('the legend figure (HeatField.maxCount)', () => {
  it('for a lone spot sits just under its count: the 99th percentile is near its peak', () => {
    const lone = computeHeatField([{ x: 500, y: 500, weight: 7 }], { width: 1200, height: 1200, radius: 25, palette: 'heat' }).maxCount;
    expect(lone).toBeGreaterThan(0.9 * 7);
    expect(lone).toBeLessThanOrEqual(7);
    expect(computeHeatField([], { width: 1200, height: 1200, radius: 25, palette: 'heat' }).maxCount).toBe(0);
  });
});
