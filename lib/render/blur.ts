/**
 * Separable blur approximating a gaussian by repeated box blurs.
 *
 * Three box passes per axis come within a few percent of a true gaussian (central limit theorem),
 * and each box pass is a running sum: O(cells) whatever the radius, unlike stamping a kernel per point.
 * Outside the grid counts as zero, so mass is preserved away from the edges and spots near the edge
 * of the page are simply cut off there.
 */

/** Number of box passes per axis. */
export const BOX_PASSES = 3;

/** Cells per slice step of a blur pass (see blurGridSteps). */
export const BLUR_CHUNK_CELLS = 1 << 18;

/** Reusable buffers so repeated blurs (layers, rescans) do not churn the garbage collector. */
export interface BlurScratch {
  buffer: Float32Array;
  rowAccumulator: Float64Array;
}

export function createBlurScratch(): BlurScratch {
  return { buffer: new Float32Array(0), rowAccumulator: new Float64Array(0) };
}

function ensureScratch(scratch: BlurScratch, cells: number, columns: number): void {
  if (scratch.buffer.length < cells) scratch.buffer = new Float32Array(cells);
  if (scratch.rowAccumulator.length < columns) scratch.rowAccumulator = new Float64Array(columns);
}

/**
 * Odd box widths whose successive application has the variance of a gaussian of `sigma`
 * (widths w contribute (w² − 1) / 12 each; mix two neighbouring odd widths to hit sigma² closely).
 */
export function boxWidthsForGaussian(sigma: number, passes = BOX_PASSES): number[] {
  if (!(sigma > 0) || !Number.isFinite(sigma)) return Array.from({ length: passes }, () => 1);
  const idealWidth = Math.sqrt((12 * sigma * sigma) / passes + 1);
  let lower = Math.floor(idealWidth);
  if (lower % 2 === 0) lower--;
  lower = Math.max(1, lower);
  const upper = lower + 2;
  // Count of passes using `lower` so the summed variance is closest to sigma².
  const lowerCount = Math.round(
    (12 * sigma * sigma - passes * lower * lower - 4 * passes * lower - 3 * passes) / (-4 * lower - 4),
  );
  const clampedLowerCount = Math.min(passes, Math.max(0, lowerCount));
  return Array.from({ length: passes }, (_, pass) => (pass < clampedLowerCount ? lower : upper));
}

/**
 * One horizontal box pass of half-width `half` from `source` into `target`. With `clamp`, values
 * below zero are written as 0: running sums leave ±1e-16 residue where a window leaves a spot. Only
 * the last pass of a blur needs it (the residue stays that small through the passes in between), and
 * skipping the test elsewhere is ~10% of a pass.
 *
 * Rows go in pairs through the bounds-free middle of the row: a row's running sum is one chain of
 * dependent additions, and two independent chains in one loop keep the CPU busy while each addition
 * waits for the previous one (about half the time per cell). Each row's arithmetic is unchanged.
 */
export function horizontalBoxPass(source: Float32Array, target: Float32Array, columns: number, rows: number, half: number, clamp = true): void {
  const scale = 1 / (2 * half + 1);
  const initialEnd = Math.min(half, columns - 1);
  // Columns where both the entering and leaving samples are inside the row; the loops before and
  // after handle the edges, so the hot middle loop has no bounds branches.
  const middleStart = Math.min(columns, half);
  const middleEnd = Math.max(middleStart, columns - half - 1);
  let row = 0;
  for (; row + 1 < rows; row += 2) {
    const base = row * columns;
    const next = base + columns;
    let sum = rowHead(source, target, base, columns, half, scale, clamp, initialEnd, middleStart);
    let nextSum = rowHead(source, target, next, columns, half, scale, clamp, initialEnd, middleStart);
    if (clamp) {
      for (let column = middleStart; column < middleEnd; column++) {
        target[base + column] = sum > 0 ? sum * scale : 0;
        target[next + column] = nextSum > 0 ? nextSum * scale : 0;
        sum += source[base + column + half + 1]! - source[base + column - half]!;
        nextSum += source[next + column + half + 1]! - source[next + column - half]!;
      }
    } else {
      for (let column = middleStart; column < middleEnd; column++) {
        target[base + column] = sum * scale;
        target[next + column] = nextSum * scale;
        sum += source[base + column + half + 1]! - source[base + column - half]!;
        nextSum += source[next + column + half + 1]! - source[next + column - half]!;
      }
    }
    rowTail(source, target, base, columns, half, scale, clamp, middleEnd, sum);
    rowTail(source, target, next, columns, half, scale, clamp, middleEnd, nextSum);
  }
  for (; row < rows; row++) {
    const base = row * columns;
    let sum = rowHead(source, target, base, columns, half, scale, clamp, initialEnd, middleStart);
    for (let column = middleStart; column < middleEnd; column++) {
      target[base + column] = clamp && !(sum > 0) ? 0 : sum * scale;
      sum += source[base + column + half + 1]! - source[base + column - half]!;
    }
    rowTail(source, target, base, columns, half, scale, clamp, middleEnd, sum);
  }
}

/** Columns [0, middleStart) of a horizontal box pass over the row at `base`; returns the running sum at middleStart. */
function rowHead(source: Float32Array, target: Float32Array, base: number, columns: number, half: number, scale: number, clamp: boolean, initialEnd: number, middleStart: number): number {
  let sum = 0;
  for (let column = 0; column <= initialEnd; column++) sum += source[base + column]!;
  for (let column = 0; column < middleStart; column++) {
    target[base + column] = clamp && !(sum > 0) ? 0 : sum * scale;
    const entering = column + half + 1;
    if (entering < columns) sum += source[base + entering]!;
  }
  return sum;
}

/** Columns [from, columns) of a horizontal box pass over the row at `base`, whose running sum at `from` is `sum`. */
function rowTail(source: Float32Array, target: Float32Array, base: number, columns: number, half: number, scale: number, clamp: boolean, from: number, sum: number): void {
  for (let column = from; column < columns; column++) {
    target[base + column] = clamp && !(sum > 0) ? 0 : sum * scale;
    const entering = column + half + 1;
    if (entering < columns) sum += source[base + entering]!;
    const leaving = column - half;
    if (leaving >= 0) sum -= source[base + leaving]!;
  }
}

/**
 * One vertical box pass. Walks whole rows with a per-column accumulator instead of walking columns,
 * so memory is read sequentially (a column walk strides a full row per step and thrashes cache).
 */
export function verticalBoxPass(
  source: Float32Array,
  target: Float32Array,
  columns: number,
  rows: number,
  half: number,
  accumulator: Float64Array,
): void {
  verticalBoxPassRows(source, target, columns, rows, half, accumulator, 0, rows);
}

/**
 * Rows [rowStart, rowEnd) of a vertical box pass; the running sums carry over in `accumulator`, so
 * calling it for consecutive row ranges (starting at 0) equals one whole pass. Lets a pass over a
 * tall grid be split into slices. With `trackMaximum`, returns the largest value it wrote (else 0).
 */
export function verticalBoxPassRows(
  source: Float32Array,
  target: Float32Array,
  columns: number,
  rows: number,
  half: number,
  accumulator: Float64Array,
  rowStart: number,
  rowEnd: number,
  trackMaximum = false,
): number {
  const scale = 1 / (2 * half + 1);
  let maximum = 0;
  if (rowStart === 0) {
    accumulator.fill(0, 0, columns);
    const initialEnd = Math.min(half, rows - 1);
    for (let row = 0; row <= initialEnd; row++) {
      const base = row * columns;
      for (let column = 0; column < columns; column++) accumulator[column] = accumulator[column]! + source[base + column]!;
    }
  }
  const stop = Math.min(rowEnd, rows);
  for (let row = rowStart; row < stop; ) {
    const base = row * columns;
    const entering = row + half + 1;
    const leaving = row - half;
    // One fused sweep per row (write, add entering row, drop leaving row) instead of three keeps
    // the accumulator hot in cache; the branches are hoisted out of the inner loops. Away from the
    // edges two rows share a sweep: the accumulator is loaded and stored once per two rows.
    if (leaving >= 0 && entering + 1 < rows && row + 1 < stop) {
      const next = base + columns;
      const enteringBase = entering * columns;
      const leavingBase = leaving * columns;
      for (let column = 0; column < columns; column++) {
        const sum = accumulator[column]!;
        target[base + column] = sum > 0 ? sum * scale : 0;
        const nextSum = sum + source[enteringBase + column]! - source[leavingBase + column]!;
        target[next + column] = nextSum > 0 ? nextSum * scale : 0;
        accumulator[column] = nextSum + source[enteringBase + columns + column]! - source[leavingBase + columns + column]!;
      }
      if (trackMaximum) maximum = rowsMaximum(target, base, 2 * columns, maximum);
      row += 2;
      continue;
    }
    if (entering < rows && leaving >= 0) {
      const enteringBase = entering * columns;
      const leavingBase = leaving * columns;
      for (let column = 0; column < columns; column++) {
        const sum = accumulator[column]!;
        target[base + column] = sum > 0 ? sum * scale : 0;
        accumulator[column] = sum + source[enteringBase + column]! - source[leavingBase + column]!;
      }
    } else if (entering < rows) {
      const enteringBase = entering * columns;
      for (let column = 0; column < columns; column++) {
        const sum = accumulator[column]!;
        target[base + column] = sum > 0 ? sum * scale : 0;
        accumulator[column] = sum + source[enteringBase + column]!;
      }
    } else if (leaving >= 0) {
      const leavingBase = leaving * columns;
      for (let column = 0; column < columns; column++) {
        const sum = accumulator[column]!;
        target[base + column] = sum > 0 ? sum * scale : 0;
        accumulator[column] = sum - source[leavingBase + column]!;
      }
    } else {
      for (let column = 0; column < columns; column++) {
        const sum = accumulator[column]!;
        target[base + column] = sum > 0 ? sum * scale : 0;
      }
    }
    if (trackMaximum) maximum = rowsMaximum(target, base, columns, maximum);
    row++;
  }
  return maximum;
}

/** The largest of `count` cells of `values` from `start` on and `maximum` (the rows a vertical pass just wrote, still in cache). */
function rowsMaximum(values: Float32Array, start: number, count: number, maximum: number): number {
  for (let index = start; index < start + count; index++) {
    const value = values[index]!;
    if (value > maximum) maximum = value;
  }
  return maximum;
}

/**
 * Blurs `values` in place, yielding after every pass so a caller can slice the work, and returns the
 * largest blurred cell (0 when none is positive; undefined when sigma is too small to blur at all):
 * the last pass takes it while the rows it wrote are in cache, which spares the colour scale
 * (normalize.ts) a pass over the grid of its own.
 * Passes alternate between `values` and the scratch buffer; an even pass count ends back in `values`.
 */
export function* blurGridSteps(
  values: Float32Array,
  columns: number,
  rows: number,
  sigmaCells: number,
  scratch: BlurScratch = createBlurScratch(),
): Generator<void, number | undefined, void> {
  const cells = columns * rows;
  if (cells === 0) return 0;
  const widths = boxWidthsForGaussian(sigmaCells).filter((width) => width > 1);
  if (widths.length === 0) return undefined; // nothing to blur, so no pass took the maximum
  ensureScratch(scratch, cells, columns);
  const other = scratch.buffer.length === cells ? scratch.buffer : scratch.buffer.subarray(0, cells);
  // A pass over a tall page's grid (2.3M cells for 1440×40000 px) takes tens of ms on a slow
  // machine: split every pass into slices of about BLUR_CHUNK_CELLS cells.
  const chunkRows = Math.max(1, Math.floor(BLUR_CHUNK_CELLS / Math.max(1, columns)));
  let maximum = 0;
  for (let pass = 0; pass < widths.length; pass++) {
    const half = (widths[pass]! - 1) / 2;
    const last = pass === widths.length - 1;
    for (let start = 0; start < rows; start += chunkRows) {
      const end = Math.min(rows, start + chunkRows);
      // Never the last pass (a vertical one follows): no clamp needed.
      horizontalBoxPass(values.subarray(start * columns, end * columns), other.subarray(start * columns, end * columns), columns, end - start, half, false);
      yield;
    }
    for (let start = 0; start < rows; start += chunkRows) {
      const chunkMaximum = verticalBoxPassRows(other, values, columns, rows, half, scratch.rowAccumulator, start, start + chunkRows, last);
      if (chunkMaximum > maximum) maximum = chunkMaximum;
      yield;
    }
  }
  return maximum;
}

/** Blurs `values` in place with a gaussian-like kernel of standard deviation `sigmaCells` (in cells); returns what blurGridSteps does. */
export function blurGrid(values: Float32Array, columns: number, rows: number, sigmaCells: number, scratch?: BlurScratch): number | undefined {
  const steps = blurGridSteps(values, columns, rows, sigmaCells, scratch);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Peak value the blur leaves from a unit impulse far from the edges: the product of the 1-D peaks,
 * since the kernel is separable. Used to turn a blurred density back into "clicks at one spot".
 */
export function blurPeakForUnitImpulse(sigmaCells: number): number {
  const widths = boxWidthsForGaussian(sigmaCells);
  const length = widths.reduce((total, width) => total + width, 1);
  let line = new Float32Array(length);
  let next = new Float32Array(length);
  const centre = Math.floor(length / 2);
  line[centre] = 1;
  for (const width of widths) {
    if (width <= 1) continue;
    horizontalBoxPass(line, next, length, 1, (width - 1) / 2);
    [line, next] = [next, line];
  }
  const peak = line[centre]!;
  return peak * peak;
}
