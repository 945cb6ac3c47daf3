/**
 * Data contract of the heat renderer.
 *
 * Coordinates are CSS pixels, never device pixels: the painter multiplies by devicePixelRatio only
 * when it copies a field onto the screen canvas, so the same cached field serves DPR 1 and 2.
 */

/**
 * One weighted spot, e.g. one PostHog heatmap bucket with its count as `weight`.
 * - In `HeatLayerInput.documentPoints` x/y are document coordinates (relative to the top-left corner
 *   of the scrolled document), because those spots scroll with the page.
 * - In `HeatLayerInput.fixedPoints` x/y are viewport coordinates, for spots on position:fixed/sticky
 *   elements that stay put while the page scrolls.
 * Points outside the painted area, with a non-finite coordinate, or with a weight that is not a
 * positive finite number are ignored.
 */
export interface HeatPoint {
  x: number;
  y: number;
  weight: number;
}

/**
 * Points packed as [x0, y0, weight0, x1, y1, weight1, ...]: the form the overlay builds (no object
 * per spot for the page's garbage collector to copy and mark: at 140k spots two layers were 280k
 * objects, and a scavenge that had to move them took 58–76 ms in a trace) and the transferable form
 * sent to a worker.
 */
export type PackedPoints = Float64Array;

/** A layer's points either way: HeatPoint objects (tests, benchmarks) or packed triples (the overlay). */
export type HeatPoints = readonly HeatPoint[] | PackedPoints;

/**
 * Colour ramps, all transparent at zero:
 * - heat: blue → cyan → green → yellow → orange → red (red hottest), the classic click heatmap.
 * - rage: violet → magenta → hot pink, stays distinguishable when drawn over a 'heat' layer.
 * - dead: grey → teal, for dead clicks.
 * - move: soft steel blue → green, for mouse movement.
 */
export type PaletteName = 'heat' | 'rage' | 'dead' | 'move';

export interface HeatLayerInput {
  /** Stable identity across `setScene` calls; the painter caches computed fields per id. */
  id: string;
  palette: PaletteName;
  /** Spot radius in CSS px (default 25): roughly where a lone spot fades out. */
  radius: number;
  /** Layer opacity 0..1, applied when drawing (changing it never recomputes a field). */
  opacity: number;
  /** Spots in document coordinates (they scroll with the page). */
  documentPoints: HeatPoints;
  /** Spots in viewport coordinates (on fixed/sticky elements). */
  fixedPoints: HeatPoints;
  /**
   * Compare's A−B layer: side A's spots, subtracted from this layer's (side B's) spots, painted with a
   * diverging ramp instead of `palette` (see diff-field.ts). Weights of both are already normalised.
   */
  baseline?: { documentPoints: HeatPoints; fixedPoints: HeatPoints };
}

/** Everything the painter needs for one frame of data. All lengths are CSS px. */
export interface HeatScene {
  /** Drawn bottom to top in this order. */
  layers: HeatLayerInput[];
  documentWidth: number;
  documentHeight: number;
  viewportWidth: number;
  viewportHeight: number;
  devicePixelRatio: number;
  /**
   * Where the viewport is in the document when the scene is set (CSS px): on a tall page with many
   * points, the band around it is painted first (band.ts). The last drawn position wins when known.
   */
  scrollX?: number;
  scrollY?: number;
}

/** Default spot radius in CSS px. */
export const DEFAULT_RADIUS = 25;
