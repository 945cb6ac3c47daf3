import { blurGrid, blurPeakForUnitImpulse, boxWidthsForGaussian, createBlurScratch, type BlurScratch } from './blur';
import { BIN_CHUNK_POINTS, binSteps, type DensityGrid } from './density';
import type { HeatPoints } from './types';

/**
 * Spots far hotter than the colour scale.
 *
 * The blur is three box passes per axis: its kernel is round near the middle but ends in a square.
 * A spot a hundred times hotter than the scale (a cookie button clicked thousands of times among
 * spots of a few) stays above the scale almost out to that edge, so it would be drawn as a hard
 * hottest square. Such a spot is drawn as if each of its cells held at most the weight whose blurred
 * peak is OUTLIER_PEAK_RATIO × the scale: the hottest part is then the kernel's round core.
 *
 * The blur is linear, so capping a cell is subtracting its excess, blurred, from the field: done in
 * a small window around each such cell (the kernel's reach), not by blurring the page again. The
 * window is cut at the grid's edges exactly where the page's blur treats the outside as empty, and
 * nothing of the excess reaches its other sides, so the result equals blurring the capped cells.
 * The colour scale (computed before) and the legend do not change; nor does anything out of reach.
 */
export const OUTLIER_PEAK_RATIO = 24;

/** Outlier cells handled between yields. */
const OUTLIERS_PER_STEP = 256;
/**
 * Cells scanned between yields when few are outliers: a 40,000 px page's grid is 1.6M cells, and one
 * unbroken scan of it, cold on the main thread, made a 55 ms task (traced at 500k events).
 */
const SCANNED_PER_STEP = 1 << 16;

export function* roundOffOutliersSteps(
  grid: DensityGrid,
  points: HeatPoints,
  scaleMaximum: number,
  sigmaCells: number,
  scratch: BlurScratch,
): Generator<void, void, void> {
  const { columns, rows, values } = grid;
  const cells = columns * rows;
  const cap = (OUTLIER_PEAK_RATIO * scaleMaximum) / blurPeakForUnitImpulse(sigmaCells);
  // The binned weights again, in the blur's scratch buffer (free once the blur is done).
  if (scratch.buffer.length < cells) scratch.buffer = new Float32Array(cells);
  const binned = scratch.buffer.subarray(0, cells);
  binned.fill(0);
  yield;
  yield* binSteps({ ...grid, values: binned }, points, BIN_CHUNK_POINTS);
  // Three box passes of half-width h each spread a cell by at most 3h; one more cell of margin.
  const reach = boxWidthsForGaussian(sigmaCells).reduce((total, width) => total + Math.max(0, (width - 1) / 2), 0) + 1;
  const side = 2 * reach + 1;
  const window = new Float32Array(side * side);
  const windowScratch = createBlurScratch();
  let handled = 0;
  for (let cell = 0; cell < cells; cell++) {
    if ((cell & (SCANNED_PER_STEP - 1)) === SCANNED_PER_STEP - 1) yield;
    const excess = binned[cell]! - cap;
    if (!(excess > 0)) continue;
    const column = cell % columns;
    const row = (cell - column) / columns;
    const left = Math.max(0, column - reach);
    const top = Math.max(0, row - reach);
    const width = Math.min(columns - 1, column + reach) - left + 1;
    const height = Math.min(rows - 1, row + reach) - top + 1;
    const area = window.subarray(0, width * height);
    area.fill(0);
    area[(row - top) * width + (column - left)] = excess;
    blurGrid(area, width, height, sigmaCells, windowScratch);
    for (let y = 0; y < height; y++) {
      const base = (top + y) * columns + left;
      for (let x = 0; x < width; x++) {
        const value = values[base + x]! - area[y * width + x]!;
        values[base + x] = value > 0 ? value : 0;
      }
    }
    if (++handled % OUTLIERS_PER_STEP === 0) yield;
  }
}
