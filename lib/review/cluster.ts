/**
 * Groups a layer's spots into hot areas, so that the page can be asked "what is under this?" once
 * per area instead of once per spot, and so that numbers in findings refer to something a person
 * can point at ("the Buy button") rather than to a 16 px cell.
 *
 * Grid binning + flood fill: spots fall into square cells, cells hotter than a share of the
 * hottest cell are kept, and kept cells that touch (8-neighbourhood) form one cluster. Everything
 * is a constant number of passes over the spots and cells, so 100k spots cost milliseconds.
 *
 * The passes are step generators (`clusterSpotsInSteps`): the review worker runs them to the end in
 * one go, and the main-thread fallback (a page whose CSP refuses workers) runs them in slices that
 * give the page a turn, so even 250k spots never make one long task. `clusterSpots` is the same, run
 * to completion.
 */

import { runToCompletion } from '../core/schedule';

export interface SpotPoint {
  /** CSS px from the left of the document (or viewport, when fixed). */
  x: number;
  /** CSS px from the top of the document (or viewport, when fixed). */
  y: number;
  count: number;
  fixed: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Cluster {
  /** Stable for the same data: plane and grid cell of the cluster's hottest cell. */
  id: string;
  /** True for spots on fixed or sticky targets: coordinates are viewport px, not document px. */
  fixed: boolean;
  count: number;
  /** Share of the layer total (0..1). */
  share: number;
  /** Count-weighted mean of the spots. */
  centroid: { x: number; y: number };
  /** Extent of the spots themselves (a single spot gives width and height 0). */
  bounds: Rect;
}

export interface ClusterOptions {
  /**
   * Cell edge in CSS px. 24 px is about a button's height and above PostHog's own resolution
   * (16 px in y, 1% of the width in x, i.e. 14 px at 1440 px), so neighbouring spots of one target
   * share or touch a cell while two separate buttons usually do not.
   */
  cellSize?: number;
  /** Clusters whose share of the layer total is below this are dropped (0..1). */
  minShare?: number;
  /**
   * A cell is hot when its count is at least this share of the hottest cell's. Colder cells are
   * noise around the hot spots, and letting them in would chain unrelated targets together.
   */
  cellThreshold?: number;
  /**
   * The layer total that shares are taken of. Defaults to the sum of the spots; pass PostHog's
   * total when the spots were paged (hottest first) and so are not all of the layer.
   */
  total?: number;
}

export const DEFAULT_CELL_SIZE = 24;
/** 5% of the peak: keeps every target a real share of visitors touched, drops one-off strays. */
export const DEFAULT_CELL_THRESHOLD = 0.05;

interface Cell {
  key: number;
  fixed: boolean;
  column: number;
  row: number;
  count: number;
  /** Count-weighted sums for the centroid. */
  sumX: number;
  sumY: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Cells are keyed by one number rather than a "plane:col:row" string: building and hashing 100k
 * strings is most of the cost otherwise. Columns and rows are offset into 0..2^21 and packed with
 * the plane bit below 2^44, well inside the integers a double holds exactly.
 */
const GRID_OFFSET = 2 ** 20;
const GRID_SPAN = 2 ** 21;
const ROW_STRIDE = GRID_SPAN * 2;

function cellKey(fixed: boolean, column: number, row: number): number {
  return (row + GRID_OFFSET) * ROW_STRIDE + (column + GRID_OFFSET) * 2 + (fixed ? 1 : 0);
}

function inGrid(column: number, row: number): boolean {
  return column >= -GRID_OFFSET && column < GRID_OFFSET && row >= -GRID_OFFSET && row < GRID_OFFSET;
}

function cellId(cell: Cell): string {
  return `${cell.fixed ? 'f' : 'd'}:${cell.column}:${cell.row}`;
}

export function clusterSpots(points: readonly SpotPoint[], options: ClusterOptions = {}): Cluster[] {
  return runToCompletion(clusterSpotsInSteps(points, options));
}

/**
 * Loop iterations between two yields of the step generators. Warm, a few thousand simple iterations
 * take well under a millisecond; but the main-thread fallback runs this code once, cold, while V8
 * deoptimises it phase by phase ("insufficient type feedback"), and there 8,192 iterations took up to
 * 25 ms in Node on this machine and made one 85 ms task in a page on a busy two-core machine (traced at
 * 500k events, 140k spots). 2,048 keeps a cold step a few ms; the checks still cost nothing next to
 * the work.
 */
export const ITERATIONS_PER_STEP = 2048;

/** `clusterSpots` as steps (see the file's comment); yields every ITERATIONS_PER_STEP iterations. */
export function* clusterSpotsInSteps(points: readonly SpotPoint[], options: ClusterOptions = {}): Generator<void, Cluster[], void> {
  const cellSize = options.cellSize !== undefined && Number.isFinite(options.cellSize) && options.cellSize > 0 ? options.cellSize : DEFAULT_CELL_SIZE;
  const threshold = clampShare(options.cellThreshold, DEFAULT_CELL_THRESHOLD);
  const minShare = clampShare(options.minShare, 0);
  const dense = yield* clusterSpotsDense(points, cellSize, threshold, minShare, options.total);
  return dense ?? (yield* clusterSpotsSparse(points, cellSize, threshold, minShare, options.total));
}

/** Above this many cells (both planes) the dense grid would cost more memory than it saves time. */
const MAX_DENSE_CELLS = 4_000_000;

/**
 * The common case: spots on one page span a bounded grid (a 1440 × 40,000 px page is 60 × 1,667 cells
 * at 24 px), so cells live in typed arrays instead of a Map of objects. On 100k spots this is several
 * times faster, which keeps the review from blocking the page. Returns null when the grid would be too
 * large (spots millions of px apart), for the sparse path to handle. Same results as the sparse path.
 */
function* clusterSpotsDense(points: readonly SpotPoint[], cellSize: number, threshold: number, minShare: number, totalOption: number | undefined): Generator<void, Cluster[] | null, void> {
  const columns = new Int32Array(points.length);
  const rows = new Int32Array(points.length);
  const valid = new Uint8Array(points.length);
  let minColumn = Infinity;
  let maxColumn = -Infinity;
  let minRow = Infinity;
  let maxRow = -Infinity;
  for (let i = 0; i < points.length; i++) {
    if ((i & (ITERATIONS_PER_STEP - 1)) === ITERATIONS_PER_STEP - 1) yield;
    const point = points[i];
    // Spots come from a network answer: anything that is not a finite, positive count is skipped
    // rather than allowed to poison the sums.
    if (!point || !Number.isFinite(point.x) || !Number.isFinite(point.y) || !Number.isFinite(point.count) || point.count <= 0) continue;
    const column = Math.floor(point.x / cellSize);
    const row = Math.floor(point.y / cellSize);
    // Millions of px away from the page: not a place anyone clicked, and outside the packed grid.
    if (!inGrid(column, row)) continue;
    valid[i] = 1;
    columns[i] = column;
    rows[i] = row;
    if (column < minColumn) minColumn = column;
    if (column > maxColumn) maxColumn = column;
    if (row < minRow) minRow = row;
    if (row > maxRow) maxRow = row;
  }
  if (minColumn === Infinity) return [];
  const width = maxColumn - minColumn + 1;
  const height = maxRow - minRow + 1;
  const planeSize = width * height;
  if (planeSize * 2 > MAX_DENSE_CELLS) return null;

  const size = planeSize * 2;
  // Up to 4M cells: seven arrays of up to 32 MB each, allocated and filled a step apart.
  const count = new Float64Array(size);
  const sumX = new Float64Array(size);
  const sumY = new Float64Array(size);
  yield;
  const minX = new Float64Array(size).fill(Infinity);
  const minY = new Float64Array(size).fill(Infinity);
  yield;
  const maxX = new Float64Array(size).fill(-Infinity);
  const maxY = new Float64Array(size).fill(-Infinity);
  yield;
  let spotTotal = 0;
  for (let i = 0; i < points.length; i++) {
    if ((i & (ITERATIONS_PER_STEP - 1)) === ITERATIONS_PER_STEP - 1) yield;
    if (!valid[i]) continue;
    const point = points[i]!;
    const index = (point.fixed === true ? planeSize : 0) + (rows[i]! - minRow) * width + (columns[i]! - minColumn);
    count[index] = count[index]! + point.count;
    sumX[index] = sumX[index]! + point.x * point.count;
    sumY[index] = sumY[index]! + point.y * point.count;
    if (point.x < minX[index]!) minX[index] = point.x;
    if (point.y < minY[index]!) minY[index] = point.y;
    if (point.x > maxX[index]!) maxX[index] = point.x;
    if (point.y > maxY[index]!) maxY[index] = point.y;
    spotTotal += point.count;
  }

  const total = totalOption !== undefined && Number.isFinite(totalOption) && totalOption >= spotTotal ? totalOption : spotTotal;
  let peak = 0;
  for (let index = 0; index < size; index++) {
    if ((index & (ITERATIONS_PER_STEP - 1)) === ITERATIONS_PER_STEP - 1) yield;
    if (count[index]! > peak) peak = count[index]!;
  }
  const hotMin = peak * threshold;
  const key = (index: number) => {
    const plane = index >= planeSize ? 1 : 0;
    const local = index - plane * planeSize;
    return cellKey(plane === 1, (local % width) + minColumn, Math.floor(local / width) + minRow);
  };

  const visited = new Uint8Array(size);
  const stack = new Int32Array(size);
  const clusters: Cluster[] = [];
  let work = 0;
  for (let start = 0; start < size; start++) {
    if ((start & (ITERATIONS_PER_STEP - 1)) === 0) yield;
    if (visited[start] || count[start]! <= 0 || count[start]! < hotMin) continue;
    visited[start] = 1;
    // Iterative flood fill over the 8 neighbours, within the start's plane (fixed and document
    // spots are never neighbours: a fixed header at y=20 and a document spot at y=20 part on scroll).
    const plane = start >= planeSize ? planeSize : 0;
    let top = 0;
    stack[top++] = start;
    let clusterCount = 0;
    let clusterSumX = 0;
    let clusterSumY = 0;
    let left = Infinity;
    let upper = Infinity;
    let right = -Infinity;
    let lower = -Infinity;
    let hottest = start;
    let hottestKey = key(start);
    while (top > 0) {
      if (++work % ITERATIONS_PER_STEP === 0) yield;
      const index = stack[--top]!;
      clusterCount += count[index]!;
      clusterSumX += sumX[index]!;
      clusterSumY += sumY[index]!;
      left = Math.min(left, minX[index]!);
      upper = Math.min(upper, minY[index]!);
      right = Math.max(right, maxX[index]!);
      lower = Math.max(lower, maxY[index]!);
      if (index !== hottest && count[index]! >= count[hottest]!) {
        const candidateKey = key(index);
        if (count[index]! > count[hottest]! || candidateKey < hottestKey) {
          hottest = index;
          hottestKey = candidateKey;
        }
      }
      const local = index - plane;
      const column = local % width;
      const row = (local - column) / width;
      for (let dr = -1; dr <= 1; dr++) {
        const neighbourRow = row + dr;
        if (neighbourRow < 0 || neighbourRow >= height) continue;
        for (let dc = -1; dc <= 1; dc++) {
          if (dc === 0 && dr === 0) continue;
          const neighbourColumn = column + dc;
          if (neighbourColumn < 0 || neighbourColumn >= width) continue;
          const neighbour = plane + neighbourRow * width + neighbourColumn;
          if (visited[neighbour] || count[neighbour]! <= 0 || count[neighbour]! < hotMin) continue;
          visited[neighbour] = 1;
          stack[top++] = neighbour;
        }
      }
    }
    const share = total > 0 ? clusterCount / total : 0;
    if (share < minShare) continue;
    const local = hottest - plane;
    clusters.push({
      id: `${plane ? 'f' : 'd'}:${(local % width) + minColumn}:${Math.floor(local / width) + minRow}`,
      fixed: plane !== 0,
      count: clusterCount,
      share,
      centroid: { x: clusterSumX / clusterCount, y: clusterSumY / clusterCount },
      bounds: { x: left, y: upper, width: right - left, height: lower - upper },
    });
  }
  clusters.sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return clusters;
}

/** Spots spread over an enormous area: cells in a Map, only where spots are. */
function* clusterSpotsSparse(points: readonly SpotPoint[], cellSize: number, threshold: number, minShare: number, totalOption: number | undefined): Generator<void, Cluster[], void> {
  const cells = new Map<number, Cell>();
  let spotTotal = 0;
  let work = 0;
  for (const point of points) {
    if (++work % ITERATIONS_PER_STEP === 0) yield;
    // Spots come from a network answer: anything that is not a finite, positive count is skipped
    // rather than allowed to poison the sums.
    if (!point || !Number.isFinite(point.x) || !Number.isFinite(point.y) || !Number.isFinite(point.count) || point.count <= 0) continue;
    const fixed = point.fixed === true;
    const column = Math.floor(point.x / cellSize);
    const row = Math.floor(point.y / cellSize);
    // Millions of px away from the page: not a place anyone clicked, and outside the packed grid.
    if (!inGrid(column, row)) continue;
    const key = cellKey(fixed, column, row);
    let cell = cells.get(key);
    if (!cell) {
      cell = { key, fixed, column, row, count: 0, sumX: 0, sumY: 0, minX: point.x, minY: point.y, maxX: point.x, maxY: point.y };
      cells.set(key, cell);
    }
    cell.count += point.count;
    cell.sumX += point.x * point.count;
    cell.sumY += point.y * point.count;
    cell.minX = Math.min(cell.minX, point.x);
    cell.minY = Math.min(cell.minY, point.y);
    cell.maxX = Math.max(cell.maxX, point.x);
    cell.maxY = Math.max(cell.maxY, point.y);
    spotTotal += point.count;
  }
  if (cells.size === 0) return [];

  const total = totalOption !== undefined && Number.isFinite(totalOption) && totalOption >= spotTotal ? totalOption : spotTotal;
  let peak = 0;
  for (const cell of cells.values()) peak = Math.max(peak, cell.count);
  const hotMin = peak * threshold;

  const visited = new Set<number>();
  const clusters: Cluster[] = [];
  for (const start of cells.values()) {
    if (++work % ITERATIONS_PER_STEP === 0) yield;
    if (visited.has(start.key) || start.count < hotMin) continue;
    visited.add(start.key);
    // Iterative flood fill: a stack instead of recursion, since a large hot area has many cells.
    const stack: Cell[] = [start];
    let count = 0;
    let sumX = 0;
    let sumY = 0;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let hottest = start;
    while (stack.length > 0) {
      if (++work % ITERATIONS_PER_STEP === 0) yield;
      const cell = stack.pop()!;
      count += cell.count;
      sumX += cell.sumX;
      sumY += cell.sumY;
      minX = Math.min(minX, cell.minX);
      minY = Math.min(minY, cell.minY);
      maxX = Math.max(maxX, cell.maxX);
      maxY = Math.max(maxY, cell.maxY);
      if (cell.count > hottest.count || (cell.count === hottest.count && cell.key < hottest.key)) hottest = cell;
      for (let dc = -1; dc <= 1; dc++) {
        for (let dr = -1; dr <= 1; dr++) {
          if (dc === 0 && dr === 0) continue;
          // Fixed and document spots live in different planes: a fixed header at y=20 and a
          // document spot at y=20 are not neighbours once the page scrolls.
          const neighbourKey = cellKey(cell.fixed, cell.column + dc, cell.row + dr);
          if (visited.has(neighbourKey)) continue;
          const neighbour = cells.get(neighbourKey);
          if (!neighbour || neighbour.count < hotMin) continue;
          visited.add(neighbourKey);
          stack.push(neighbour);
        }
      }
    }
    const share = total > 0 ? count / total : 0;
    if (share < minShare) continue;
    clusters.push({
      id: cellId(hottest),
      fixed: start.fixed,
      count,
      share,
      centroid: { x: sumX / count, y: sumY / count },
      bounds: { x: minX, y: minY, width: maxX - minX, height: maxY - minY },
    });
  }
  clusters.sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return clusters;
}

function clampShare(value: number | undefined, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(1, Math.max(0, value));
}

/**
 * Unpacks a layer's columns into page positions for a viewport `viewportWidth` CSS px wide (x is
 * stored as a share of the visitor's width; see lib/core/geometry `pointToPagePosition`).
 */
export function spotsToPoints(
  spots: { relativeX: ArrayLike<number>; y: ArrayLike<number>; count: ArrayLike<number>; fixed: ArrayLike<boolean | number> },
  viewportWidth: number,
): SpotPoint[] {
  return runToCompletion(spotsToPointsInSteps(spots, viewportWidth));
}

/** `spotsToPoints` as steps. `fixed` may be booleans or 0/1 (a packed Uint8Array from the worker's request). */
export function* spotsToPointsInSteps(
  spots: { relativeX: ArrayLike<number>; y: ArrayLike<number>; count: ArrayLike<number>; fixed: ArrayLike<boolean | number> },
  viewportWidth: number,
): Generator<void, SpotPoint[], void> {
  const length = Math.min(spots.relativeX.length, spots.y.length, spots.count.length, spots.fixed.length);
  const points: SpotPoint[] = new Array(length);
  for (let i = 0; i < length; i++) {
    if ((i & (ITERATIONS_PER_STEP - 1)) === ITERATIONS_PER_STEP - 1) yield;
    points[i] = { x: spots.relativeX[i]! * viewportWidth, y: spots.y[i]!, count: spots.count[i]!, fixed: spots.fixed[i] === true || spots.fixed[i] === 1 };
  }
  return points;
}
