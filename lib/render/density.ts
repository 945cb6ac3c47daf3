import type { HeatPoint, HeatPoints, PackedPoints } from './types';

/**
 * Density grid: weighted points binned into square cells.
 *
 * Binning is what makes the renderer's cost depend on the painted area instead of on
 * points × radius²: each point costs one add, and everything after (blur, colouring) walks the
 * cells once. A cell is a few CSS px wide; the painter upscales the coloured grid with bilinear
 * smoothing, which keeps the result smooth because the blurred field has no detail finer than a cell.
 */

/** Preferred cell side in CSS px (quarter resolution at DPR 1). */
export const DEFAULT_CELL_SIZE = 4;
/**
 * Largest grid side. The coloured grid becomes a canvas/ImageBitmap one pixel per cell, and browsers
 * refuse or silently blank canvases beyond 16k–32k px per side, so stay well below.
 */
export const MAX_GRID_DIMENSION = 8192;
/** Largest cell count (4 Mi): 16 MB of Float32 values + 16 MB RGBA + 16 MB blur scratch at most. */
export const MAX_GRID_CELLS = 1 << 22;

export interface GridGeometry {
  readonly columns: number;
  readonly rows: number;
  /** CSS px per cell side; integer. */
  readonly cellSize: number;
  /** Extent of the painted area in CSS px (points outside it are dropped). */
  readonly width: number;
  readonly height: number;
}

export interface DensityGrid extends GridGeometry {
  /** Row-major, `columns * rows` cells. */
  readonly values: Float32Array;
}

export type { PackedPoints } from './types';

function sanitizeExtent(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Grid shape for an area, starting from `preferredCellSize` and growing the cell (never the grid)
 * until both caps hold, so a 40,000 px tall page or an absurd size never allocates more than
 * MAX_GRID_CELLS cells. Non-finite or non-positive extents give an empty 0×0 grid.
 */
export function gridGeometry(width: number, height: number, preferredCellSize = DEFAULT_CELL_SIZE): GridGeometry {
  const safeWidth = sanitizeExtent(width);
  const safeHeight = sanitizeExtent(height);
  let cellSize = Number.isFinite(preferredCellSize) && preferredCellSize >= 1 ? Math.ceil(preferredCellSize) : DEFAULT_CELL_SIZE;
  if (safeWidth === 0 || safeHeight === 0) {
    return { columns: 0, rows: 0, cellSize, width: safeWidth, height: safeHeight };
  }
  const smallestAllowed = Math.max(
    safeWidth / MAX_GRID_DIMENSION,
    safeHeight / MAX_GRID_DIMENSION,
    // Split square roots: width × height overflows to Infinity for absurd (but finite) extents.
    (Math.sqrt(safeWidth) * Math.sqrt(safeHeight)) / Math.sqrt(MAX_GRID_CELLS),
  );
  cellSize = Math.max(cellSize, Math.ceil(smallestAllowed));
  let columns = Math.ceil(safeWidth / cellSize);
  let rows = Math.ceil(safeHeight / cellSize);
  // Rounding each side up can overshoot the cell cap by a row/column; grow geometrically so this
  // terminates quickly even when cellSize is astronomically large (where +1 would be a no-op).
  while (columns * rows > MAX_GRID_CELLS || columns > MAX_GRID_DIMENSION || rows > MAX_GRID_DIMENSION) {
    cellSize = Math.max(cellSize + 1, Math.ceil(cellSize * 1.01));
    columns = Math.ceil(safeWidth / cellSize);
    rows = Math.ceil(safeHeight / cellSize);
  }
  return { columns, rows, cellSize, width: safeWidth, height: safeHeight };
}

export function createDensityGrid(geometry: GridGeometry): DensityGrid {
  return { ...geometry, values: new Float32Array(geometry.columns * geometry.rows) };
}

/**
 * Heaviest weight one point may carry. A spot's count comes from the server; an absurd one (1e38)
 * would overflow the Float32 cells to Infinity and blank the colour scale. A billion is beyond any
 * real spot, and a million of them still sum far below the Float32 range.
 */
export const MAX_POINT_WEIGHT = 1e9;

/**
 * Bins `points[start, end)` into the grid (nearest cell; the later blur makes sub-cell placement
 * invisible). Chunked by index so a caller can yield between chunks. Returns the number accepted.
 */
export function binPoints(grid: DensityGrid, points: readonly HeatPoint[], start = 0, end = points.length): number {
  return binPointsInto(grid.values, grid.columns, grid.rows, grid.cellSize, grid.width, grid.height, points, start, end);
}

/** Same as binPoints for packed points; `start`/`end` count points, not array slots. */
export function binPackedPoints(grid: DensityGrid, packed: PackedPoints, start = 0, end = Math.floor(packed.length / 3)): number {
  return binPackedInto(grid.values, grid.columns, grid.rows, grid.cellSize, grid.width, grid.height, packed, start, end);
}

/*
 * The loops take the grid's fields as plain arguments, not the grid object. Optimised code that
 * read them from the grid would depend on the grid object's hidden class, which dies with the grids
 * in a full garbage collection; the engine then throws the code away, and the next paint (a
 * toggle, a new date range: paints are seconds or minutes apart) bins 100k points in unoptimised
 * code, 3–5× slower (measured in Chromium: ~1.5 ms warm, 4–8 ms after a forced collection).
 * Typed arrays and numbers keep the code valid.
 */
function binPointsInto(
  values: Float32Array,
  columns: number,
  rows: number,
  cellSize: number,
  width: number,
  height: number,
  points: readonly HeatPoint[],
  start: number,
  end: number,
): number {
  const lastColumn = columns - 1;
  const lastRow = rows - 1;
  let accepted = 0;
  const last = Math.min(end, points.length);
  for (let index = Math.max(0, start); index < last; index++) {
    const point = points[index];
    if (point === undefined) continue;
    const { x, y, weight } = point;
    // Negated comparisons so NaN fails every test and is dropped.
    if (!(weight > 0 && weight < Infinity) || !(x >= 0 && x < width && y >= 0 && y < height)) continue;
    const column = Math.min(lastColumn, Math.floor(x / cellSize));
    const row = Math.min(lastRow, Math.floor(y / cellSize));
    const cell = row * columns + column;
    values[cell] = values[cell]! + (weight < MAX_POINT_WEIGHT ? weight : MAX_POINT_WEIGHT);
    accepted++;
  }
  return accepted;
}

function binPackedInto(
  values: Float32Array,
  columns: number,
  rows: number,
  cellSize: number,
  width: number,
  height: number,
  packed: PackedPoints,
  start: number,
  end: number,
): number {
  const lastColumn = columns - 1;
  const lastRow = rows - 1;
  let accepted = 0;
  const last = Math.min(end, Math.floor(packed.length / 3));
  for (let index = Math.max(0, start); index < last; index++) {
    const offset = index * 3;
    const x = packed[offset]!;
    const y = packed[offset + 1]!;
    const weight = packed[offset + 2]!;
    if (!(weight > 0 && weight < Infinity) || !(x >= 0 && x < width && y >= 0 && y < height)) continue;
    const column = Math.min(lastColumn, Math.floor(x / cellSize));
    const row = Math.min(lastRow, Math.floor(y / cellSize));
    const cell = row * columns + column;
    values[cell] = values[cell]! + (weight < MAX_POINT_WEIGHT ? weight : MAX_POINT_WEIGHT);
    accepted++;
  }
  return accepted;
}

/** How many points either form holds. */
export function pointCount(points: HeatPoints): number {
  return points instanceof Float64Array ? Math.floor(points.length / 3) : points.length;
}

/** Packed triples in a buffer of their own (packed points are copied: the copy may be transferred to a worker). */
export function packPoints(points: HeatPoints): PackedPoints {
  if (points instanceof Float64Array) return points.slice(0, pointCount(points) * 3);
  const packed = new Float64Array(points.length * 3);
  for (let index = 0; index < points.length; index++) {
    const point = points[index]!;
    packed[index * 3] = point.x;
    packed[index * 3 + 1] = point.y;
    packed[index * 3 + 2] = point.weight;
  }
  return packed;
}

/** Points binned between yields; ~1 ms of work each. */
export const BIN_CHUNK_POINTS = 20_000;

/** Bins every point into the grid, `chunk` points between yields; the number accepted. */
export function* binSteps(grid: DensityGrid, points: HeatPoints, chunk: number): Generator<void, number, void> {
  if (grid.values.length === 0) return 0;
  const count = pointCount(points);
  let accepted = 0;
  for (let start = 0; start < count; start += chunk) {
    const end = start + chunk;
    accepted += points instanceof Float64Array ? binPackedPoints(grid, points, start, end) : binPoints(grid, points, start, end);
    yield;
  }
  return accepted;
}
