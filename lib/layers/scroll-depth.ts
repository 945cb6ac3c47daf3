import type { ScrollDepthResponse } from '../posthog/schemas';

/**
 * Scroll depth from PostHog's `scrolldepth` buckets. A bucket is the deepest pixel a visitor saw
 * (scroll + viewport height) in 100 px steps; `cumulative_count(b)` counts visitors who reached b or
 * deeper, so the share reaching b is cumulative(b) / cumulative(first bucket).
 */
export interface ScrollDepthProfile {
  /** Visitors behind the first bucket (everyone who loaded the page). */
  visitors: number;
  /** Share (0..1) of visitors who saw the pixel at document y. */
  shareAt(y: number): number;
  /** Deepest y still seen by at least `share` of visitors (e.g. 0.5 → the median depth). */
  depthReachedBy(share: number): number;
}

export interface ScrollDepthMarker {
  share: number;
  y: number;
  label: string;
}

export interface ScrollDepthBand {
  top: number;
  bottom: number;
  share: number;
}

export const SCROLL_MARKER_SHARES = [1, 0.75, 0.5, 0.25] as const;

export function scrollDepthProfile(response: ScrollDepthResponse): ScrollDepthProfile | null {
  const buckets = [...response.results]
    .filter((bucket) => Number.isFinite(bucket.scroll_depth_bucket) && Number.isFinite(bucket.cumulative_count))
    .sort((a, b) => a.scroll_depth_bucket - b.scroll_depth_bucket);
  const first = buckets[0];
  if (!first || first.cumulative_count <= 0) return null;
  const visitors = first.cumulative_count;
  const share = (count: number) => Math.min(1, Math.max(0, count / visitors));

  return {
    visitors,
    shareAt(y) {
      // Everyone saw everything above the first bucket; below it, the share of the first bucket at
      // or beyond y (a visitor whose deepest pixel is >= y saw y).
      if (y <= first.scroll_depth_bucket) return 1;
      const reached = buckets.find((bucket) => bucket.scroll_depth_bucket >= y);
      return reached ? share(reached.cumulative_count) : 0;
    },
    depthReachedBy(wanted) {
      let deepest = first.scroll_depth_bucket;
      for (const bucket of buckets) if (share(bucket.cumulative_count) >= wanted) deepest = bucket.scroll_depth_bucket;
      return deepest;
    },
  };
}

/**
 * The 100/75/50/25% lines, at the deepest pixel each share of visitors still reached. Shares that end at
 * the same depth (everyone reached it and fewer than 75% went further) are one line whose label names
 * both: two labels at one depth would cover each other, and the higher share would be unreadable.
 */
export function scrollDepthMarkers(profile: ScrollDepthProfile): ScrollDepthMarker[] {
  const markers: Array<{ share: number; y: number; alsoShares: number[] }> = [];
  for (const share of SCROLL_MARKER_SHARES) {
    const y = profile.depthReachedBy(share);
    const same = markers.find((marker) => marker.y === y);
    if (same) same.alsoShares.push(share);
    else markers.push({ share, y, alsoShares: [] });
  }
  return markers.map(({ share, y, alsoShares }) => ({
    share,
    y,
    label: alsoShares.length === 0 ? scrollShareLabel(share) : `${scrollShareLabel(share)} (also the ${alsoShares.map((also) => `${Math.round(also * 100)}%`).join(' and ')} line)`,
  }));
}

/** Bands between consecutive markers, for shading the page from "everyone" to "few". */
export function scrollDepthBands(profile: ScrollDepthProfile, documentHeight: number): ScrollDepthBand[] {
  const markers = scrollDepthMarkers(profile);
  const bands: ScrollDepthBand[] = [];
  let top = 0;
  for (const marker of markers) {
    const bottom = Math.min(documentHeight, Math.max(top, marker.y));
    if (bottom > top) bands.push({ top, bottom, share: marker.share });
    top = bottom;
  }
  if (top < documentHeight) bands.push({ top, bottom: documentHeight, share: profile.shareAt(top + 1) });
  return bands;
}

export function scrollShareLabel(share: number): string {
  return `${Math.round(share * 100)}% of visitors scrolled this far`;
}
