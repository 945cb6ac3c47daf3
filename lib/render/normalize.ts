import { blurPeakForUnitImpulse } from './blur';

/**
 * Intensity normalisation.
 *
 * Choice: the hottest colour stands for the 99th percentile of the non-zero blurred cells, and
 * anything above it clips to hottest.
 * - Scaling to the plain maximum lets one outlier (a button clicked 5,000 times) turn the rest of
 *   the page blue. An outlier spot covers a few hundred cells out of the tens of thousands a real
 *   page lights up, i.e. well under 1%, so the 99th percentile does not see it.
 * - A percentile over many cells moves little when the date range changes a little (a few more
 *   clicks shift it slightly), whereas a maximum jumps whenever the single busiest spot changes.
 * - Only non-zero cells count, otherwise a mostly empty page would put the percentile at zero.
 * With only a handful of spots the percentile is their peak, so a lone click still shows hottest.
 */
export const SCALE_QUANTILE = 0.99;

/**
 * Cells below this fraction of the maximum count as empty: running-sum blurs leave float residue
 * (~1e-14 of the maximum) where a window has just left a spot, and that must not count as heat.
 */
export const EMPTY_CELL_FRACTION = 1e-9;

/**
 * A histogram of 65,536 bins over (0, maximum]. When the wanted cell lies in bin 4,096 or above,
 * the bin's width is at most 1/4,096 of its value (finer than the 4,096 intensity steps colours are
 * picked from) and its upper edge is the answer after a single pass. Only when an outlier puts the
 * maximum far above the quantile (a lower bin) is that bin refined by a second pass.
 */
const HISTOGRAM_BINS = 1 << 16;
const PRECISE_ENOUGH_BIN = 4096;
const FINE_BINS = 4096;

type GridLike = Float32Array | { readonly values: Float32Array };

function valuesOf(grid: GridLike): Float32Array {
  return grid instanceof Float32Array ? grid : grid.values;
}

/**
 * Value that maps to the hottest colour: the `quantile` of the non-zero cells, found with a max pass
 * and one or two histogram passes (O(cells), no sort, no copy); within 1/4,096 of the exact value.
 * 0 for an empty grid.
 */
export function scaleMaximum(grid: GridLike, quantile = SCALE_QUANTILE): number {
  const steps = scaleMaximumSteps(grid, quantile);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Cells per slice step of scaleMaximumSteps (a few ms each). */
const SCALE_CHUNK_CELLS = 1 << 19;

/**
 * scaleMaximum as a step generator: yields every SCALE_CHUNK_CELLS cells of each pass, so the
 * main-thread fallback can slice a tall page's grid (1.6M cells at 1440×40000 px: tens of ms a pass
 * on a slow machine).
 */
export function* scaleMaximumSteps(grid: GridLike, quantile = SCALE_QUANTILE): Generator<void, number, void> {
  const values = valuesOf(grid);
  let maximum = 0;
  for (let start = 0; start < values.length; start += SCALE_CHUNK_CELLS) {
    const end = Math.min(values.length, start + SCALE_CHUNK_CELLS);
    for (let index = start; index < end; index++) {
      const value = values[index]!;
      if (value > maximum) maximum = value;
    }
    yield;
  }
  if (!(maximum > 0) || !Number.isFinite(maximum)) return maximum === Infinity ? Number.MAX_VALUE : 0;
  const floor = maximum * EMPTY_CELL_FRACTION;
  const safeQuantile = Math.min(1, Math.max(0, Number.isFinite(quantile) ? quantile : SCALE_QUANTILE));

  const histogram = new Uint32Array(HISTOGRAM_BINS);
  const binScale = HISTOGRAM_BINS / maximum;
  const lastBin = HISTOGRAM_BINS - 1;
  let nonZero = 0;
  for (let start = 0; start < values.length; start += SCALE_CHUNK_CELLS) {
    const end = Math.min(values.length, start + SCALE_CHUNK_CELLS);
    for (let index = start; index < end; index++) {
      const value = values[index]!;
      if (value > floor) {
        nonZero++;
        const bin = Math.floor(value * binScale);
        histogram[bin > lastBin ? lastBin : bin]!++;
      }
    }
    yield;
  }
  if (nonZero === 0) return 0;
  const rank = Math.max(1, Math.ceil(safeQuantile * nonZero)); // 1-based rank of the wanted cell
  let chosen = 0;
  let below = 0;
  for (; chosen < HISTOGRAM_BINS; chosen++) {
    const count = histogram[chosen]!;
    if (below + count >= rank) break;
    below += count;
  }
  const low = (chosen * maximum) / HISTOGRAM_BINS;
  const high = chosen >= lastBin ? maximum : Math.min(maximum, ((chosen + 1) * maximum) / HISTOGRAM_BINS);
  if (chosen >= PRECISE_ENOUGH_BIN) return high;

  // Refine inside the chosen bin, with the same membership test so float rounding cannot disagree.
  const fine = new Uint32Array(FINE_BINS);
  const span = high - low;
  if (!(span > 0)) return high;
  const fineScale = FINE_BINS / span;
  for (let start = 0; start < values.length; start += SCALE_CHUNK_CELLS) {
    const end = Math.min(values.length, start + SCALE_CHUNK_CELLS);
    for (let index = start; index < end; index++) {
      const value = values[index]!;
      if (value > floor) {
        const bin = Math.floor(value * binScale);
        if ((bin > lastBin ? lastBin : bin) === chosen) fine[Math.min(FINE_BINS - 1, Math.max(0, Math.floor((value - low) * fineScale)))]!++;
      }
    }
    yield;
  }
  let fineBelow = below;
  for (let bin = 0; bin < FINE_BINS; bin++) {
    fineBelow += fine[bin]!;
    if (fineBelow >= rank) return Math.min(maximum, low + ((bin + 1) * span) / FINE_BINS);
  }
  return high;
}

/**
 * Raw spot count the hottest colour stands for, for the legend: a blurred value divided by what a
 * single unit-weight point leaves at its own centre ("N clicks on one spot" looks this hot;
 * N clicks spread over about a radius look a little cooler).
 */
export function legendMaximumCount(scaleMax: number, sigmaCells: number): number {
  if (!(scaleMax > 0)) return 0;
  return scaleMax / blurPeakForUnitImpulse(sigmaCells);
}
