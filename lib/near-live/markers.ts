import type { LiveSpot } from './diff';

/** Where a new spot's ring goes in the viewport, and how many new clicks it marks. */
export interface Marker {
  x: number;
  y: number;
  count: number;
}

/**
 * Viewport positions of the new spots, as posthog-js recorded them: x is a share of the window's
 * width, y is page px (viewport px for a fixed target, which does not scroll). Spots outside the
 * viewport (with the ring's margin) are left out.
 */
export function markersInView(spots: readonly LiveSpot[], view: { width: number; height: number; scrollX: number; scrollY: number }, margin = 24): Marker[] {
  const markers: Marker[] = [];
  for (const spot of spots) {
    const x = spot.x * view.width - (spot.fixed ? 0 : view.scrollX);
    const y = spot.y - (spot.fixed ? 0 : view.scrollY);
    if (x < -margin || y < -margin || x > view.width + margin || y > view.height + margin) continue;
    markers.push({ x, y, count: spot.count });
  }
  return markers;
}

export const barCorners = ['bottom-left', 'top-left', 'bottom-right', 'top-right'] as const;
export type BarCorner = (typeof barCorners)[number];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The bar's box in a corner of the viewport, `margin` px from its edges. */
export function cornerBox(corner: BarCorner, size: { width: number; height: number }, viewport: { width: number; height: number }, margin = 8): Box {
  const x = corner.endsWith('left') ? margin : viewport.width - size.width - margin;
  const y = corner.startsWith('top') ? margin : viewport.height - size.height - margin;
  return { x, y, width: size.width, height: size.height };
}

/**
 * Where near-live's bar goes: never over the overlay's panel (`blocked`), and over as little heat as
 * can be (`heat`, the window's spots in the viewport, weighted by count). The current corner is kept
 * while it is free and no other corner has less heat, so the bar does not wander.
 */
export function chooseBarCorner(
  current: BarCorner | null,
  boxes: ReadonlyArray<{ corner: BarCorner; box: Box }>,
  blocked: (box: Box) => boolean,
  heat: readonly Marker[],
): BarCorner {
  const heatIn = (box: Box) => heat.reduce((sum, spot) => (spot.x >= box.x && spot.x <= box.x + box.width && spot.y >= box.y && spot.y <= box.y + box.height ? sum + spot.count : sum), 0);
  const free = boxes.filter((candidate) => !blocked(candidate.box)).map((candidate) => ({ ...candidate, heat: heatIn(candidate.box) }));
  if (free.length === 0) return current ?? boxes[0]!.corner;
  const least = Math.min(...free.map((candidate) => candidate.heat));
  const kept = free.find((candidate) => candidate.corner === current && candidate.heat === least);
  return kept ? kept.corner : free.find((candidate) => candidate.heat === least)!.corner;
}
