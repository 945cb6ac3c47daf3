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
 * Coarse bins by the top 12 bits of a cell's float32 bit pattern (sign, exponent and 3 mantissa
 * bits): for non-negative floats the bit pattern grows with the value, so the bins are ordered, each
 * spans at most 1/8 of its values, and 4,096 counters (16 KB) stay in the fastest cache while every
 * cell is counted. (A histogram over (0, maximum] needed the maximum first, 65,536 counters that do
 * not fit there, and a third pass when an outlier pushed the wanted value into its lowest bins.)
 */
const COARSE_SHIFT = 20;
const COARSE_BINS = 1 << (32 - COARSE_SHIFT);

type GridLike = Float32Array | { readonly values: Float32Array };

function valuesOf(grid: GridLike): Float32Array {
  return grid instanceof Float32Array ? grid : grid.values;
}

/**
 * Value that maps to the hottest colour: exactly the `quantile` of the non-zero cells (the cell
 * value of 1-based rank ⌈quantile × non-zero cells⌉ in ascending order). O(cells), no sort of the
 * grid, no copy of it; 0 for an empty grid.
 */
export function scaleMaximum(grid: GridLike, quantile = SCALE_QUANTILE, knownMaximum?: number): number {
  const steps = scaleMaximumSteps(grid, quantile, knownMaximum);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Cells per slice step of scaleMaximumSteps (a few ms each). */
const SCALE_CHUNK_CELLS = 1 << 19;

/**
 * scaleMaximum as a step generator: yields every SCALE_CHUNK_CELLS cells of each pass, so the
 * main-thread fallback can slice a tall page's grid (1.6M cells at 1440×40000 px).
 * `knownMaximum` is the grid's largest cell when the caller has it already (blurGridSteps returns
 * it), which saves a pass; otherwise it is measured here.
 *
 * Two passes: count the non-zero cells into COARSE_BINS, find the bin holding the wanted rank, then
 * gather that bin's cells (a small share of the grid: the bin is narrow and sits at the 99th
 * percentile) and select the exact one among them.
 */
export function* scaleMaximumSteps(grid: GridLike, quantile = SCALE_QUANTILE, knownMaximum?: number): Generator<void, number, void> {
  const values = valuesOf(grid);
  let maximum = 0;
  if (knownMaximum === undefined) {
    for (let start = 0; start < values.length; start += SCALE_CHUNK_CELLS) {
      const end = Math.min(values.length, start + SCALE_CHUNK_CELLS);
      for (let index = start; index < end; index++) {
        const value = values[index]!;
        if (value > maximum) maximum = value;
      }
      yield;
    }
  } else {
    maximum = knownMaximum;
  }
  if (!(maximum > 0) || !Number.isFinite(maximum)) return maximum === Infinity ? Number.MAX_VALUE : 0;
  const floor = maximum * EMPTY_CELL_FRACTION;
  const safeQuantile = Math.min(1, Math.max(0, Number.isFinite(quantile) ? quantile : SCALE_QUANTILE));
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);

  const histogram = new Uint32Array(COARSE_BINS);
  let nonZero = 0;
  for (let start = 0; start < values.length; start += SCALE_CHUNK_CELLS) {
    const end = Math.min(values.length, start + SCALE_CHUNK_CELLS);
    nonZero += countCoarse(values, bits, floor, histogram, start, end);
    yield;
  }
  if (nonZero === 0) return 0;
  const rank = Math.max(1, Math.ceil(safeQuantile * nonZero)); // 1-based rank of the wanted cell
  let chosen = 0;
  let below = 0;
  for (; chosen < COARSE_BINS; chosen++) {
    const count = histogram[chosen]!;
    if (below + count >= rank) break;
    below += count;
  }
  const candidates = new Float32Array(histogram[chosen]!);
  let gathered = 0;
  for (let start = 0; start < values.length; start += SCALE_CHUNK_CELLS) {
    const end = Math.min(values.length, start + SCALE_CHUNK_CELLS);
    gathered = gatherBin(values, bits, floor, chosen, candidates, gathered, start, end);
    yield;
  }
  return selectNth(candidates, rank - below - 1);
}

/** Counts cells above `floor` in [start, end) into their coarse bins; returns how many there were. */
function countCoarse(values: Float32Array, bits: Uint32Array, floor: number, histogram: Uint32Array, start: number, end: number): number {
  let counted = 0;
  for (let index = start; index < end; index++) {
    // NaN fails the comparison and is never counted.
    if (values[index]! > floor) {
      histogram[bits[index]! >>> COARSE_SHIFT]!++;
      counted++;
    }
  }
  return counted;
}

/** Copies the cells above `floor` in coarse bin `bin` from [start, end) into `into` from `at` on; returns the new fill. */
function gatherBin(values: Float32Array, bits: Uint32Array, floor: number, bin: number, into: Float32Array, at: number, start: number, end: number): number {
  for (let index = start; index < end; index++) {
    if (bits[index]! >>> COARSE_SHIFT === bin && values[index]! > floor) into[at++] = values[index]!;
  }
  return at;
}

/**
 * The `nth` smallest (0-based) of `values`, reordering them: quickselect with a median-of-three
 * pivot, O(length) on average. The gathered bin is usually a few thousand cells, but a plateau of
 * equal cells can put most of the grid in one bin, hence no plain sort.
 */
export function selectNth(values: Float32Array, nth: number): number {
  let low = 0;
  let high = values.length - 1;
  const target = Math.min(high, Math.max(0, nth));
  while (high > low) {
    const middle = (low + high) >>> 1;
    // Median of three as the pivot value.
    const a = values[low]!;
    const b = values[middle]!;
    const c = values[high]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let left = low;
    let right = high;
    // Hoare partition: afterwards [low, right] ≤ pivot ≤ [left, high], and right < left.
    while (left <= right) {
      while (values[left]! < pivot) left++;
      while (values[right]! > pivot) right--;
      if (left <= right) {
        const swap = values[left]!;
        values[left] = values[right]!;
        values[right] = swap;
        left++;
        right--;
      }
    }
    if (target <= right) high = right;
    else if (target >= left) low = left;
    else return values[target]!;
  }
  return values[target]!;
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
