import type { SpotColumns } from '../lib/core/wire-columns';

/** Spots written as plain lists in a test, as the typed columns `packSpots` builds (fixed as 0/1). */
export function typedSpots(spots: { relativeX: readonly number[]; y: readonly number[]; count: readonly number[]; fixed: readonly boolean[] }): SpotColumns {
  return {
    relativeX: Float64Array.from(spots.relativeX),
    y: Float64Array.from(spots.y),
    count: Float64Array.from(spots.count),
    fixed: Uint8Array.from(spots.fixed, (fixed) => (fixed ? 1 : 0)),
  };
}
