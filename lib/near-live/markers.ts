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
