import type { HeatmapSpot } from '../posthog/schemas';

/**
 * No ghosts (issue 19, item 2): where the clicks recorded before a layout change belong on the page now.
 *
 * The before-clicks are cut into regions (runs of 16-px bands with clicks, split at gaps of 32 px or
 * more and at most 256 px tall). Each region gets the vertical shift, within ±768 px, under which its
 * clicks best overlap the after-clicks (the shared share, sum of min(p, q) over bands), chosen for all
 * regions together so that regions keep their order on the page (a region never passes the one above
 * it). A region whose best overlap is under half its own clicks has no place it can be said to belong:
 * its clicks are left out, and counted. Clicks on fixed-position targets (viewport coordinates) are
 * kept as recorded: the document's flow does not move them.
 */

export const REANCHOR_RULE = {
  /** pointer_y's own resolution: PostHog stores y divided by 16. */
  bandPx: 16,
  /** Empty bands that end a region. */
  gapBands: 2,
  /** The tallest region, in bands (256 px): a tall run of clicks may hold parts that moved differently. */
  maxRegionBands: 16,
  /** The largest shift looked at, in bands (768 px). */
  maxShiftBands: 48,
  /** A region is re-anchored when at least this share of its clicks overlaps the after-clicks there. */
  minMatchShare: 0.5,
} as const;

export interface Region {
  /** First and last band (inclusive). */
  from: number;
  to: number;
  /** Share of all before-clicks in the region. */
  mass: number;
  /** Bands, null when the region is left out. */
  shift: number | null;
  /** Share of the region's clicks that overlap the after-clicks at its shift. */
  match: number;
}

export interface ReanchorPlan {
  regions: Region[];
}

type Histogram = Map<number, number>;

function histogramOf(spots: readonly HeatmapSpot[]): { histogram: Histogram; total: number } {
  const histogram: Histogram = new Map();
  let total = 0;
  for (const spot of spots) {
    if (spot.pointer_target_fixed || !(spot.count > 0) || !Number.isFinite(spot.pointer_y)) continue;
    const band = Math.floor(spot.pointer_y / REANCHOR_RULE.bandPx);
    histogram.set(band, (histogram.get(band) ?? 0) + spot.count);
    total += spot.count;
  }
  return { histogram, total };
}

function regionsOf(histogram: Histogram): Array<{ from: number; to: number }> {
  const bands = [...histogram.keys()].sort((a, b) => a - b);
  const regions: Array<{ from: number; to: number }> = [];
  for (const band of bands) {
    const last = regions[regions.length - 1];
    if (last && band - last.to <= REANCHOR_RULE.gapBands && band - last.from < REANCHOR_RULE.maxRegionBands) last.to = band;
    else regions.push({ from: band, to: band });
  }
  return regions;
}

/**
 * The shift of every region of the before-clicks, from the before- and after-clicks of one layer
 * (normally clicks). Regions keep their order: region i+1's new top is below region i's new bottom.
 */
export function planReanchoring(before: readonly HeatmapSpot[], after: readonly HeatmapSpot[]): ReanchorPlan {
  const b = histogramOf(before);
  const a = histogramOf(after);
  const spans = regionsOf(b.histogram);
  if (spans.length === 0 || a.total === 0 || b.total === 0) return { regions: spans.map((span) => ({ ...span, mass: 0, shift: null, match: 0 })) };
  const shifts: number[] = [];
  for (let shift = -REANCHOR_RULE.maxShiftBands; shift <= REANCHOR_RULE.maxShiftBands; shift++) shifts.push(shift);

  // overlap[r][k]: the share of all before-clicks in region r that meets after-clicks under shifts[k].
  const masses = spans.map((span) => {
    let mass = 0;
    for (let band = span.from; band <= span.to; band++) mass += (b.histogram.get(band) ?? 0) / b.total;
    return mass;
  });
  const overlap = spans.map((span) =>
    shifts.map((shift) => {
      let shared = 0;
      for (let band = span.from; band <= span.to; band++) {
        const p = (b.histogram.get(band) ?? 0) / b.total;
        if (p > 0) shared += Math.min(p, (a.histogram.get(band + shift) ?? 0) / a.total);
      }
      return shared;
    }),
  );

  // Order-keeping shifts that maximise the total overlap (dynamic programming over regions × shifts);
  // a tiny cost per band of shift prefers the smaller of two equally good shifts.
  const cost = (k: number) => Math.abs(shifts[k]!) * 1e-9;
  const score: number[][] = spans.map(() => shifts.map(() => -Infinity));
  const from: number[][] = spans.map(() => shifts.map(() => -1));
  shifts.forEach((_, k) => (score[0]![k] = overlap[0]![k]! - cost(k)));
  for (let r = 1; r < spans.length; r++) {
    // Best previous score among shifts that leave region r below region r−1 (prefix maximum over k').
    const gap = spans[r]!.from - spans[r - 1]!.to; // ≥ 1
    let bestPrevious = -Infinity;
    let bestPreviousK = -1;
    let nextAllowed = 0;
    for (let k = 0; k < shifts.length; k++) {
      // Previous shift s' is allowed when to(r−1) + s' < from(r) + s, i.e. s' < s + gap, i.e. k' ≤ k + gap − 1.
      const limit = Math.min(shifts.length - 1, k + gap - 1);
      while (nextAllowed <= limit) {
        if (score[r - 1]![nextAllowed]! > bestPrevious) {
          bestPrevious = score[r - 1]![nextAllowed]!;
          bestPreviousK = nextAllowed;
        }
        nextAllowed++;
      }
      if (bestPreviousK < 0) continue;
      score[r]![k] = bestPrevious + overlap[r]![k]! - cost(k);
      from[r]![k] = bestPreviousK;
    }
  }
  const last = spans.length - 1;
  let k = score[last]!.indexOf(Math.max(...score[last]!));
  const chosen: number[] = new Array(spans.length);
  for (let r = last; r >= 0; r--) {
    chosen[r] = k;
    k = from[r]![k]!;
  }
  return {
    regions: spans.map((span, r) => {
      const match = masses[r]! > 0 ? overlap[r]![chosen[r]!]! / masses[r]! : 0;
      return { ...span, mass: masses[r]!, shift: match >= REANCHOR_RULE.minMatchShare ? shifts[chosen[r]!]! : null, match: Math.round(match * 1000) / 1000 };
    }),
  };
}

export interface Reanchored {
  spots: HeatmapSpot[];
  /** Clicks (sum of counts) painted at a new place or, fixed, as recorded. */
  moved: number;
  /** Clicks left out: in no re-anchored region. */
  leftOut: number;
}

/** One layer's before-spots, moved by the plan's shifts; spots outside every re-anchored region are left out. */
export function reanchorSpots(spots: readonly HeatmapSpot[], plan: ReanchorPlan): Reanchored {
  const out: HeatmapSpot[] = [];
  let moved = 0;
  let leftOut = 0;
  const regions = plan.regions;
  for (const spot of spots) {
    if (!(spot.count > 0) || !Number.isFinite(spot.pointer_y)) continue;
    if (spot.pointer_target_fixed) {
      out.push(spot);
      moved += spot.count;
      continue;
    }
    const band = Math.floor(spot.pointer_y / REANCHOR_RULE.bandPx);
    // Regions are sorted and disjoint: a binary search finds the one holding the band, if any.
    let low = 0;
    let high = regions.length - 1;
    let region: Region | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const candidate = regions[middle]!;
      if (band < candidate.from) high = middle - 1;
      else if (band > candidate.to) low = middle + 1;
      else {
        region = candidate;
        break;
      }
    }
    if (!region || region.shift === null) {
      leftOut += spot.count;
      continue;
    }
    out.push({ ...spot, pointer_y: spot.pointer_y + region.shift * REANCHOR_RULE.bandPx });
    moved += spot.count;
  }
  return { spots: out, moved, leftOut };
}

/** The plan as the detect message reports it: each re-anchored region's span (px) and shift (px). */
export function describeOffsets(plan: ReanchorPlan): Array<{ from: number; to: number; shift: number }> {
  return plan.regions
    .filter((region) => region.shift !== null)
    .map((region) => ({ from: region.from * REANCHOR_RULE.bandPx, to: (region.to + 1) * REANCHOR_RULE.bandPx, shift: region.shift! * REANCHOR_RULE.bandPx }));
}
