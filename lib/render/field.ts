import { blurGridSteps, createBlurScratch, type BlurScratch } from './blur';
import { colorizeCells } from './colorize';
import { BIN_CHUNK_POINTS, binSteps, createDensityGrid, gridGeometry } from './density';
import { OUTLIER_PEAK_RATIO, roundOffOutliersSteps } from './outliers';
import { legendMaximumCount, scaleMaximumSteps } from './normalize';
import { paletteLookup } from './palette';
import { runToCompletion } from '../core/schedule';
import { pointsInBand, type Band } from './band';
import { DEFAULT_RADIUS, type HeatPoints, type PaletteName } from './types';

/**
 * A heat field: the coloured density grid of one set of points over one area, one RGBA pixel per
 * cell. Composes binning → blur → robust normalisation → palette.
 */

export interface HeatFieldOptions {
  /** Painted area in CSS px; points outside it are dropped. */
  width: number;
  height: number;
  /** Spot radius in CSS px (default 25). */
  radius?: number;
  palette: PaletteName;
  /** Preferred cell side in CSS px; by default derived from the radius (see cellSizeForRadius). */
  cellSize?: number;
  /**
   * Compute only this stripe of the area (document px; band.ts): the field then starts at `band.top`
   * and, unless `scaleDensity` is given, its colour scale is estimated for the whole area.
   */
  band?: Band;
  /** Weight per CSS px² that maps to the hottest colour, instead of the 99th percentile of this field's own cells. */
  scaleDensity?: number;
}

export interface HeatField {
  /** CSS px per cell (and per RGBA pixel). */
  cellSize: number;
  columns: number;
  rows: number;
  /** columns × rows straight RGBA pixels, row-major. */
  rgba: Uint8ClampedArray<ArrayBuffer>;
  /** Raw spot count the hottest colour stands for (for the legend); 0 when nothing was painted. */
  maxCount: number;
  /** Blurred density value mapped to the hottest colour. */
  scaleMaximum: number;
  /** The same per CSS px² (scaleMaximum / cellSize²): comparable between fields of other cell sizes. */
  scaleDensity: number;
  /** Document y of the field's first row: 0, or the band's top. */
  originY: number;
  /** Points that landed inside the area with a valid weight. */
  acceptedPoints: number;
}

/** Cells coloured between yields. */
const COLOUR_CHUNK_CELLS = 1 << 18;

/**
 * The blur's standard deviation is radius / 2: a lone spot is at 13% of its peak at `radius` and
 * gone by ~1.5 × radius, close to how heatmap.js and simpleheat spots look at the same radius.
 */
export function sigmaForRadius(radius: number): number {
  return radius / 2;
}

/**
 * Cell side = radius / 4 CSS px (6 px at the default radius 25), i.e. the blur's sigma spans ~2
 * cells. Sampling a gaussian every ~0.5 sigma and interpolating bilinearly stays within ~3% of the
 * true curve, about one step of the 256-step palette, so the upscaled field looks smooth. The whole
 * pipeline is O(cells): radius / 5 (5 px cells) cost 44% more cells for no visible difference and
 * kept the full paint of a 1440×10000 page at 15–20× heatmap.js instead of the ≥ 20× asked for.
 * Clamped to 1..8 px so tiny radii still get a few cells per spot and huge radii keep page edges
 * reasonably sharp.
 */
export const CELLS_PER_RADIUS = 4;
export const MAX_CELL_SIZE = 8;

export function cellSizeForRadius(radius: number): number {
  return Math.min(MAX_CELL_SIZE, Math.max(1, Math.floor(radius / CELLS_PER_RADIUS)));
}

function sanitizeRadius(radius: number | undefined): number {
  return radius !== undefined && Number.isFinite(radius) && radius >= 0 ? radius : DEFAULT_RADIUS;
}

/**
 * Field computation as a step generator: every `yield` is a safe point to hand control back to the
 * event loop (see runSliced). Accepts HeatPoint objects or packed [x, y, weight] triples.
 */
export function* heatFieldSteps(
  points: HeatPoints,
  options: HeatFieldOptions,
  scratch: BlurScratch = createBlurScratch(),
): Generator<void, HeatField, void> {
  const radius = sanitizeRadius(options.radius);
  const preferredCell = options.cellSize ?? cellSizeForRadius(radius);
  // A band starts on the whole field's cell grid, so its cells are the same cells (same binning, same blur).
  const band = options.band && options.band.height > 0 && options.band.top >= 0 ? snapBand(options.band, Math.max(1, Math.ceil(preferredCell))) : null;
  // A band's colour scale is the whole area's, estimated coarsely, unless the caller has one.
  const givenScaleDensity = options.scaleDensity ?? (band ? yield* coarseScaleDensitySteps(points, options, scratch) : undefined);
  const fieldPoints = band ? pointsInBand(points, band) : points;
  const geometry = gridGeometry(options.width, band ? band.height : options.height, preferredCell);
  const grid = createDensityGrid(geometry);
  const acceptedPoints = yield* binSteps(grid, fieldPoints, BIN_CHUNK_POINTS);
  const sigmaCells = sigmaForRadius(radius) / geometry.cellSize;
  const blurredMaximum = yield* blurGridSteps(grid.values, geometry.columns, geometry.rows, sigmaCells, scratch);
  const cellArea = geometry.cellSize * geometry.cellSize;
  const scaleMax =
    acceptedPoints === 0 ? 0 : givenScaleDensity !== undefined ? givenScaleDensity * cellArea : yield* scaleMaximumSteps(grid.values, undefined, blurredMaximum);
  yield;
  // Spots far hotter than the scale would be clipped hottest out to the blur kernel's square edge.
  if (scaleMax > 0 && blurredMaximum !== undefined && blurredMaximum > OUTLIER_PEAK_RATIO * scaleMax) {
    yield* roundOffOutliersSteps(grid, fieldPoints, scaleMax, sigmaCells, scratch);
  }
  // Coloured in place: a cell's 4-byte float becomes its 4-byte RGBA pixel (each cell is read
  // before its own pixel is written, and no other cell's), which spares allocating and first
  // touching another grid-sized buffer (1.6 MB at 1440×10,000 px) per field.
  const rgba = new Uint8ClampedArray(grid.values.buffer as ArrayBuffer, grid.values.byteOffset, grid.values.length * 4);
  if (!(scaleMax > 0)) rgba.fill(0);
  else {
    const palette = paletteLookup(options.palette);
    for (let start = 0; start < grid.values.length; start += COLOUR_CHUNK_CELLS) {
      colorizeCells(grid.values, scaleMax, palette, rgba, start, start + COLOUR_CHUNK_CELLS);
      yield;
    }
  }
  return {
    cellSize: geometry.cellSize,
    columns: geometry.columns,
    rows: geometry.rows,
    rgba,
    maxCount: legendMaximumCount(scaleMax, sigmaCells),
    scaleMaximum: scaleMax,
    scaleDensity: cellArea > 0 ? scaleMax / cellArea : 0,
    originY: band ? band.top : 0,
    acceptedPoints,
  };
}

function snapBand(band: Band, cellSize: number): Band {
  const top = Math.floor(band.top / cellSize) * cellSize;
  return { top, height: band.height + (band.top - top) };
}

/**
 * Cells of the coarse pass are this many times wider than the field's: 1/9 of the cells. On the
 * bench's data its scale is within 1–5% of the exact one from 100k points up (checked in
 * test/unit/render-band.test.ts), a step or two of the palette.
 */
export const COARSE_SCALE_FACTOR = 3;

/** Colour scale (weight per CSS px²) of the whole area, from a field with COARSE_SCALE_FACTOR× wider cells. */
export function* coarseScaleDensitySteps(
  points: HeatPoints,
  options: HeatFieldOptions,
  scratch?: BlurScratch,
): Generator<void, number, void> {
  const radius = sanitizeRadius(options.radius);
  const geometry = gridGeometry(options.width, options.height, (options.cellSize ?? cellSizeForRadius(radius)) * COARSE_SCALE_FACTOR);
  const grid = createDensityGrid(geometry);
  // Only the scale is wanted: binned, blurred and measured, never coloured or rounded off.
  if ((yield* binSteps(grid, points, BIN_CHUNK_POINTS)) === 0) return 0;
  const maximum = yield* blurGridSteps(grid.values, geometry.columns, geometry.rows, sigmaForRadius(radius) / geometry.cellSize, scratch);
  const scale = yield* scaleMaximumSteps(grid.values, undefined, maximum);
  return scale / (geometry.cellSize * geometry.cellSize);
}

/** Computes a heat field synchronously (tests, workers, benchmarks). */
export function computeHeatField(points: HeatPoints, options: HeatFieldOptions, scratch?: BlurScratch): HeatField {
  return runToCompletion(heatFieldSteps(points, options, scratch));
}

