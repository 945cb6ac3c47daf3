import { describe, expect, it } from 'vitest';
import {
  binPackedPoints,
  binPoints,
  createDensityGrid,
  gridGeometry,
  MAX_GRID_CELLS,
  MAX_GRID_DIMENSION,
  packPoints,
} from '../../lib/render/density';

describe('gridGeometry', () => {
  it('uses the preferred cell size when the area is small', () => {
    expect(gridGeometry(1440, 10_000, 4)).toMatchObject({ columns: 360, rows: 2500, cellSize: 4 });
  });

  it('grows the cell, not the grid, on a 40,000 px tall page', () => {
    const geometry = gridGeometry(1440, 40_000, 4);
    expect(geometry.rows).toBeLessThanOrEqual(MAX_GRID_DIMENSION);
    expect(geometry.columns).toBeLessThanOrEqual(MAX_GRID_DIMENSION);
    expect(geometry.rows * geometry.cellSize).toBeGreaterThanOrEqual(40_000);
    expect(geometry.cellSize).toBeGreaterThan(4);
  });

  it.each([
    [1e12, 1e12],
    [Number.MAX_VALUE, 10],
    [10, 1e300],
    [3e7, 3e7],
  ])('never allocates beyond the caps for %s × %s', (width, height) => {
    const geometry = gridGeometry(width, height, 1);
    expect(geometry.columns).toBeLessThanOrEqual(MAX_GRID_DIMENSION);
    expect(geometry.rows).toBeLessThanOrEqual(MAX_GRID_DIMENSION);
    expect(geometry.columns * geometry.rows).toBeLessThanOrEqual(MAX_GRID_CELLS);
    expect(geometry.columns * geometry.cellSize).toBeGreaterThanOrEqual(Math.min(width, Number.MAX_VALUE) * (1 - 1e-12));
  });

  it.each([NaN, Infinity, -5, 0])('gives an empty grid for extent %s', (extent) => {
    const geometry = gridGeometry(extent, 100);
    expect(geometry.columns * geometry.rows).toBe(0);
    expect(createDensityGrid(geometry).values.length).toBe(0);
  });
});

describe('binPoints', () => {
  it('puts weight in the cell containing the point', () => {
    const grid = createDensityGrid(gridGeometry(100, 80, 4));
    const accepted = binPoints(grid, [
      { x: 10, y: 21, weight: 3 },
      { x: 11.9, y: 23.99, weight: 2 },
      { x: 0, y: 0, weight: 1 },
      { x: 99.9, y: 79.9, weight: 4 },
    ]);
    expect(accepted).toBe(4);
    expect(grid.values[5 * grid.columns + 2]).toBe(5);
    expect(grid.values[0]).toBe(1);
    expect(grid.values[19 * grid.columns + 24]).toBe(4);
    expect(grid.values.reduce((sum, value) => sum + value, 0)).toBe(10);
  });

  it('ignores out-of-range, NaN, infinite and non-positive input', () => {
    const grid = createDensityGrid(gridGeometry(100, 80, 4));
    const accepted = binPoints(grid, [
      { x: -1, y: 10, weight: 1 },
      { x: 100, y: 10, weight: 1 },
      { x: 10, y: 80, weight: 1 },
      { x: NaN, y: 10, weight: 1 },
      { x: 10, y: NaN, weight: 1 },
      { x: 10, y: 10, weight: NaN },
      { x: 10, y: 10, weight: Infinity },
      { x: Infinity, y: 10, weight: 1 },
      { x: 10, y: 10, weight: 0 },
      { x: 10, y: 10, weight: -3 },
    ]);
    expect(accepted).toBe(0);
    expect(grid.values.every((value) => value === 0)).toBe(true);
  });

  it('bins in chunks and packed form identically', () => {
    const points = Array.from({ length: 1000 }, (_, index) => ({ x: (index * 37) % 100, y: (index * 53) % 80, weight: (index % 5) + 1 }));
    const whole = createDensityGrid(gridGeometry(100, 80, 4));
    binPoints(whole, points);
    const chunked = createDensityGrid(gridGeometry(100, 80, 4));
    for (let start = 0; start < points.length; start += 300) binPoints(chunked, points, start, start + 300);
    const packed = createDensityGrid(gridGeometry(100, 80, 4));
    binPackedPoints(packed, packPoints(points));
    expect(chunked.values).toEqual(whole.values);
    expect(packed.values).toEqual(whole.values);
  });
});
