import { pointCount } from './density';
import type { HeatPoint, HeatPoints, PackedPoints } from './types';

/**
 * Band-first painting: on a page many viewports tall, the painter first computes the heat of a band
 * around what is on screen (a fraction of the document's cells), draws it, then computes the whole
 * document. Both use one colour scale, estimated from a coarse pass over the whole document
 * (field.ts `coarseScaleDensitySteps`), so the heat does not change colour when the rest arrives.
 */

/** A horizontal stripe of the document, in CSS px. */
export interface Band {
  top: number;
  height: number;
}

/**
 * The band to paint first for a viewport at `scrollY`: the viewport plus `margin` above and below
 * (the blur's reach, so heat on screen is exact), clamped to the document. Null when it would not
 * be much smaller than the document, i.e. when computing the band first saves nothing.
 */
export function firstBand(scrollY: number, viewportHeight: number, documentHeight: number, margin: number): Band | null {
  if (!(documentHeight > 0) || !(viewportHeight > 0)) return null;
  const top = Math.max(0, Math.floor((Number.isFinite(scrollY) ? scrollY : 0) - margin));
  const bottom = Math.min(documentHeight, Math.ceil(Math.max(0, scrollY) + viewportHeight + margin));
  const height = bottom - top;
  if (!(height > 0) || height * BAND_FIRST_MIN_SAVING > documentHeight) return null;
  return { top, height };
}

/** The band is computed first only when the document is at least this many times its height. */
export const BAND_FIRST_MIN_SAVING = 3;

/**
 * The points inside `band`, moved up by `band.top` (band coordinates) and packed as [x, y, weight]
 * triples. Points outside it cannot reach the band's exact part (the caller's margin covers the blur).
 */
export function pointsInBand(points: HeatPoints, band: Band): PackedPoints {
  const bottom = band.top + band.height;
  const packed = points instanceof Float64Array;
  const count = pointCount(points);
  let selected = 0;
  const out = new Float64Array(count * 3);
  for (let index = 0; index < count; index++) {
    let x: number;
    let y: number;
    let weight: number;
    if (packed) {
      x = points[index * 3]!;
      y = points[index * 3 + 1]!;
      weight = points[index * 3 + 2]!;
    } else {
      const point = points[index]!;
      x = point.x;
      y = point.y;
      weight = point.weight;
    }
    if (!(y >= band.top && y < bottom)) continue;
    out[selected * 3] = x;
    out[selected * 3 + 1] = y - band.top;
    out[selected * 3 + 2] = weight;
    selected++;
  }
  return out.slice(0, selected * 3);
}
