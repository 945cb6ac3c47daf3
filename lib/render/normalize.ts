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

const HISTOGRAM_BINS = 4096;

type GridLike = Float32Array | { readonly values: Float32Array };

function valuesOf(grid: GridLike): Float32Array {
  return grid instanceof Float32Array ? grid : grid.values;
}

/**
 * Value that maps to the hottest colour: the `quantile` of the non-zero cells, found with two
 * 4096-bin histogram passes (O(cells), no sort, no copy; resolution max/16M). 0 for an empty grid.
 */
export function scaleMaximum(grid: GridLike, quantile = SCALE_QUANTILE): number {
  const values = valuesOf(grid);
  let maximum = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (value > maximum) maximum = value;
  }
  if (!(maximum > 0) || !Number.isFinite(maximum)) return maximum === Infinity ? Number.MAX_VALUE : 0;
  const floor = maximum * EMPTY_CELL_FRACTION;
  const safeQuantile = Math.min(1, Math.max(0, Number.isFinite(quantile) ? quantile : SCALE_QUANTILE));

  // Pass 1: coarse histogram over (floor, maximum].
  const coarse = new Uint32Array(HISTOGRAM_BINS);
  const coarseScale = HISTOGRAM_BINS / maximum;
  let nonZero = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (value > floor) {
      nonZero++;
      const bin = Math.min(HISTOGRAM_BINS - 1, Math.floor(value * coarseScale));
      coarse[bin]!++;
    }
  }
  if (nonZero === 0) return 0;
  const rank = Math.max(1, Math.ceil(safeQuantile * nonZero)); // 1-based rank of the wanted cell
  let coarseBin = 0;
  let below = 0;
  for (; coarseBin < HISTOGRAM_BINS; coarseBin++) {
    const count = coarse[coarseBin]!;
    if (below + count >= rank) break;
    below += count;
  }
  const low = (coarseBin * maximum) / HISTOGRAM_BINS;
  const high = coarseBin === HISTOGRAM_BINS - 1 ? maximum : ((coarseBin + 1) * maximum) / HISTOGRAM_BINS;

  // Pass 2: refine inside the chosen coarse bin.
  const fine = new Uint32Array(HISTOGRAM_BINS);
  const span = high - low;
  if (!(span > 0)) return high;
  const fineScale = HISTOGRAM_BINS / span;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    // Same membership test as pass 1, so float rounding at bin edges cannot disagree.
    if (value > floor && Math.min(HISTOGRAM_BINS - 1, Math.floor(value * coarseScale)) === coarseBin) {
      const bin = Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor((value - low) * fineScale)));
      fine[bin]!++;
    }
  }
  let fineBelow = below;
  for (let bin = 0; bin < HISTOGRAM_BINS; bin++) {
    fineBelow += fine[bin]!;
    if (fineBelow >= rank) return Math.min(maximum, low + ((bin + 1) * span) / HISTOGRAM_BINS);
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
