import { describe, expect, it } from 'vitest';
import { binPoints, blurGrid, colorizeGrid, computeHeatField, createDensityGrid, gridGeometry, paletteLookup, scaleMaximum, sigmaForRadius, type HeatField } from '../../lib/render';
import { seededRandom } from '../seeded-random';
import { blurPeakForUnitImpulse, createBlurScratch } from '../../lib/render/blur';
import { OUTLIER_PEAK_RATIO, roundOffOutliersSteps } from '../../lib/render/outliers';

/** How many cells from (column, row) the hottest colour reaches along +x and along the +x+y diagonal. */
function hottestReach(field: HeatField, x: number, y: number): { axis: number; diagonal: number } {
  const column = Math.floor(x / field.cellSize);
  const row = Math.floor(y / field.cellSize);
  const colour = (c: number, r: number) => {
    const index = (r * field.columns + c) * 4;
    return `${field.rgba[index]},${field.rgba[index + 1]},${field.rgba[index + 2]},${field.rgba[index + 3]}`;
  };
  const hottest = colour(column, row);
  let axis = 0;
  while (colour(column + axis + 1, row) === hottest) axis++;
  let diagonal = 0;
  while (colour(column + diagonal + 1, row + diagonal + 1) === hottest) diagonal++;
  return { axis, diagonal };
}

describe('a spot far hotter than the colour scale', () => {
  const random = seededRandom(3);
  const scattered = Array.from({ length: 3_000 }, () => ({ x: random() * 1_440, y: random() * 3_000, weight: 1 }));

  it('is a round hot spot, not the blur’s square support clipped to the hottest colour', () => {
    for (const weight of [500, 5_000, 50_000]) {
      const field = computeHeatField([...scattered, { x: 720, y: 1_500, weight }], { width: 1_440, height: 3_000, radius: 25, palette: 'heat' });
      const { axis, diagonal } = hottestReach(field, 720, 1_500);
      expect(axis, `weight ${weight}`).toBeGreaterThan(0);
      // A square reaches as far along the diagonal in cells (√2 farther in px); a disc about 1/√2 as far.
      expect((diagonal * Math.SQRT2) / axis, `weight ${weight}`).toBeLessThan(1.2);
    }
  });

  it('keeps the colour scale and the legend’s count, and changes nothing away from the spot', () => {
    const points = [...scattered, { x: 720, y: 1_500, weight: 5_000 }];
    const field = computeHeatField(points, { width: 1_440, height: 3_000, radius: 25, palette: 'heat' });
    // The same data through the plain pipeline, without any capping.
    const geometry = gridGeometry(1_440, 3_000, field.cellSize);
    const grid = createDensityGrid(geometry);
    binPoints(grid, points);
    blurGrid(grid.values, geometry.columns, geometry.rows, sigmaForRadius(25) / field.cellSize);
    const scale = scaleMaximum(grid.values);
    expect(field.scaleMaximum).toBeCloseTo(scale, 6);
    const plain = colorizeGrid(grid.values, scale, paletteLookup('heat'));
    const row = Math.floor(200 / field.cellSize);
    const start = row * field.columns * 4;
    expect([...field.rgba.subarray(start, start + field.columns * 4)]).toEqual([...plain.subarray(start, start + field.columns * 4)]);
  });

  it('equals blurring the grid again with the hot cells capped, also at the page’s edges and corners', () => {
    const points = [
      ...scattered,
      { x: 720, y: 1_500, weight: 5_000 },
      { x: 1, y: 1, weight: 3_000 },
      { x: 1_439, y: 2_999, weight: 3_000 },
      { x: 700, y: 2, weight: 800 },
      { x: 726, y: 1_506, weight: 900 },
    ];
    const field = computeHeatField(points, { width: 1_440, height: 3_000, radius: 25, palette: 'heat' });
    const geometry = gridGeometry(1_440, 3_000, field.cellSize);
    const sigmaCells = sigmaForRadius(25) / field.cellSize;
    const grid = createDensityGrid(geometry);
    binPoints(grid, points);
    const blurred = grid.values.slice();
    blurGrid(blurred, geometry.columns, geometry.rows, sigmaCells);
    const scale = scaleMaximum(blurred);
    const cap = (OUTLIER_PEAK_RATIO * scale) / blurPeakForUnitImpulse(sigmaCells);
    const capped = grid.values.map((value) => Math.min(value, cap));
    blurGrid(capped, geometry.columns, geometry.rows, sigmaCells);
    const reference = colorizeGrid(capped, scale, paletteLookup('heat'));
    let differing = 0;
    for (let index = 0; index < reference.length; index++) if (Math.abs(reference[index]! - field.rgba[index]!) > 1) differing++;
    expect(differing).toBe(0);
  });
});


describe('the outlier pass in steps (the main-thread fallback runs it in slices)', () => {
  it('yields all along the scan of a tall page’s grid, also when its one outlier is at the end', () => {
    // 1,440 × 40,000 px at 6 px cells: 1.6M cells; the one spot far hotter than the scale is at the bottom.
    const geometry = gridGeometry(1_440, 40_000, 6);
    const grid = createDensityGrid(geometry);
    const points = [{ x: 100, y: 100, weight: 1 }, { x: 1_000, y: 39_990, weight: 100_000 }];
    binPoints(grid, points);
    const sigmaCells = sigmaForRadius(25) / 6;
    const scratch = createBlurScratch();
    blurGrid(grid.values, geometry.columns, geometry.rows, sigmaCells, scratch);
    const hotCell = Math.floor(39_990 / 6) * geometry.columns + Math.floor(1_000 / 6);
    const before = grid.values[hotCell]!;
    let yields = 0;
    const steps = roundOffOutliersSteps(grid, points, 1, sigmaCells, scratch);
    while (!steps.next().done) yields++;
    // Counted, not timed: the scan gives the slicer a yield at least every 65,536 cells.
    expect(yields).toBeGreaterThanOrEqual(Math.floor((geometry.columns * geometry.rows) / 65_536));
    expect(grid.values[hotCell]).toBeLessThan(before);
  });
});
