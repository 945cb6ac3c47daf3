import { blurGridSteps, createBlurScratch, type BlurScratch } from './blur';
import { BIN_CHUNK_POINTS, binSteps, createDensityGrid, gridGeometry, type PackedPoints } from './density';
import { cellSizeForRadius, sigmaForRadius, type HeatField } from './field';
import { scaleMaximumSteps } from './normalize';
import { runToCompletion } from '../core/schedule';
import { DEFAULT_RADIUS, type HeatPoints } from './types';

/**
 * The A−B field of a comparison: side B's density minus side A's, each already normalised by the
 * caller (weights are shares of the side's total, or per visitor), blurred like a heat field and
 * coloured with a diverging ramp: warm where B has more, cool where it has fewer, transparent where
 * they agree.
 *
 * Scale: a difference as large as the busier side's 99th-percentile cell is fully saturated
 * (`DIFF_SATURATION` of it, so moderate moves are clearly visible), and differences below
 * `DIFF_DEAD_ZONE` of that are transparent. The dead zone is relative to the sides' own heat, not to
 * the largest difference: two identical sides have only float residue as differences, and scaling to
 * that residue would paint noise over the whole page.
 */
export const DIFF_SATURATION = 0.5;
export const DIFF_DEAD_ZONE = 0.08;

/** [red, green, blue] at the saturated end of each side of the ramp. */
const WARM: readonly [number, number, number] = [230, 40, 10];
const WARM_FAINT: readonly [number, number, number] = [255, 150, 40];
const COOL: readonly [number, number, number] = [20, 80, 235];
const COOL_FAINT: readonly [number, number, number] = [60, 190, 255];
const MAX_ALPHA = 0.88;
/**
 * Cells coloured between yields. 2^18 cells took ~4 ms each at 1x (about 17 ms at 4x CPU throttling,
 * on top of the slice budget) on a 40,000 px page's grid, where the compare switches of a page that
 * refuses the worker made long tasks (npm run bench); 2^16 keeps a step near 1 ms.
 */
export const DIFF_COLOUR_CHUNK_CELLS = 1 << 16;

export interface DiffFieldOptions {
  width: number;
  height: number;
  radius?: number;
}

/** Straight RGBA for a signed difference as a share of the saturation level (-1..1, clipped). */
export function divergingColour(share: number): [number, number, number, number] {
  const magnitude = Math.min(1, Math.abs(share));
  if (!(magnitude >= DIFF_DEAD_ZONE)) return [0, 0, 0, 0];
  const t = (magnitude - DIFF_DEAD_ZONE) / (1 - DIFF_DEAD_ZONE);
  const [faint, strong] = share > 0 ? [WARM_FAINT, WARM] : [COOL_FAINT, COOL];
  const mix = (channel: 0 | 1 | 2) => Math.round(faint[channel] + (strong[channel] - faint[channel]) * t);
  // Opacity rises from nothing at the dead zone (a square root, so moderate moves still show): a floor
  // there made every barely-visible cell one flat tile of the density grid (~24 px squares).
  return [mix(0), mix(1), mix(2), Math.round(MAX_ALPHA * Math.sqrt(t) * 255)];
}

/** CSS gradient of the ramp (fewer in B → no change → more in B), for the legend. */
export function divergingCssGradient(): string {
  const stops = [-1, -0.5, -DIFF_DEAD_ZONE, 0, DIFF_DEAD_ZONE, 0.5, 1].map((share) => {
    const [r, g, b, a] = divergingColour(share === 0 ? 0 : share);
    return `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(2)}) ${Math.round(((share + 1) / 2) * 100)}%`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** The ramp's stops as [position 0..1, CSS colour] (fewer in B → more in B), for legends drawn on a canvas. */
export function divergingColourStops(): Array<[number, string]> {
  return [-1, -0.5, -DIFF_DEAD_ZONE, 0, DIFF_DEAD_ZONE, 0.5, 1].map((share) => {
    const [r, g, b, a] = divergingColour(share);
    return [(share + 1) / 2, `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(2)})`];
  });
}

/**
 * Computes the difference field as a step generator (yields are safe points to give the event loop
 * back). `maxCount` is 0: a difference field has no "hottest count"; `scaleMaximum` is the density
 * difference that saturates.
 */
export function* diffFieldSteps(
  pointsB: HeatPoints,
  pointsA: HeatPoints,
  options: DiffFieldOptions,
  scratch: BlurScratch = createBlurScratch(),
): Generator<void, HeatField, void> {
  const radius = options.radius !== undefined && Number.isFinite(options.radius) && options.radius >= 0 ? options.radius : DEFAULT_RADIUS;
  const geometry = gridGeometry(options.width, options.height, cellSizeForRadius(radius));
  const gridB = createDensityGrid(geometry);
  const gridA = createDensityGrid(geometry);
  // Binned and scaled in chunks, as the heat field is: on the main thread (a page that refuses the
  // worker) two sides of 150k spots binned at once, or a scale pass over a tall page's grid, were
  // each a long task at 4x CPU throttling (npm run bench).
  let acceptedPoints = 0;
  acceptedPoints += yield* binSteps(gridB, pointsB, BIN_CHUNK_POINTS);
  acceptedPoints += yield* binSteps(gridA, pointsA, BIN_CHUNK_POINTS);
  yield;
  const sigmaCells = sigmaForRadius(radius) / geometry.cellSize;
  const maximumB = yield* blurGridSteps(gridB.values, geometry.columns, geometry.rows, sigmaCells, scratch);
  const maximumA = yield* blurGridSteps(gridA.values, geometry.columns, geometry.rows, sigmaCells, scratch);
  const scaleB = yield* scaleMaximumSteps(gridB.values, undefined, maximumB);
  const scaleA = yield* scaleMaximumSteps(gridA.values, undefined, maximumA);
  const sideScale = Math.max(scaleB, scaleA);
  const saturation = sideScale * DIFF_SATURATION;
  yield;
  const rgba = new Uint8ClampedArray(gridB.values.length * 4);
  if (saturation > 0) {
    // The page gets a turn after allocating the pixels (megabytes on a tall page) and before colouring.
    yield;
    yield* colourDiffSteps(gridB.values, gridA.values, saturation, rgba);
  }
  const cellArea = geometry.cellSize * geometry.cellSize;
  return { cellSize: geometry.cellSize, columns: geometry.columns, rows: geometry.rows, rgba, maxCount: 0, scaleMaximum: saturation, scaleDensity: cellArea > 0 ? saturation / cellArea : 0, originY: 0, acceptedPoints };
}

/**
 * Colours each cell by the signed difference b - a as a share of `saturation` (> 0) into `rgba`,
 * DIFF_COLOUR_CHUNK_CELLS cells between yields. Cells whose share is NaN stay as they are (transparent).
 */
export function* colourDiffSteps(b: Float32Array, a: Float32Array, saturation: number, rgba: Uint8ClampedArray): Generator<void, void, void> {
  // 512-step lookup from share (-1..1) to colour, so the per-cell work is a multiply and a copy.
  const steps = 256;
  const lookup = new Uint8ClampedArray((2 * steps + 1) * 4);
  for (let step = -steps; step <= steps; step++) lookup.set(divergingColour(step / steps), (step + steps) * 4);
  for (let start = 0; start < b.length; start += DIFF_COLOUR_CHUNK_CELLS) {
    const end = Math.min(b.length, start + DIFF_COLOUR_CHUNK_CELLS);
    for (let cell = start; cell < end; cell++) {
      const share = (b[cell]! - a[cell]!) / saturation;
      if (!(share === share)) continue; // NaN stays transparent
      const step = Math.round(Math.max(-1, Math.min(1, share)) * steps) + steps;
      rgba[cell * 4] = lookup[step * 4]!;
      rgba[cell * 4 + 1] = lookup[step * 4 + 1]!;
      rgba[cell * 4 + 2] = lookup[step * 4 + 2]!;
      rgba[cell * 4 + 3] = lookup[step * 4 + 3]!;
    }
    yield;
  }
}

export function computeDiffField(pointsB: HeatPoints, pointsA: HeatPoints, options: DiffFieldOptions, scratch?: BlurScratch): HeatField {
  return runToCompletion(diffFieldSteps(pointsB, pointsA, options, scratch));
}
