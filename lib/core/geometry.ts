/**
 * Where PostHog's numbers land on the live page. PostHog stores x as a share of the visitor's
 * `innerWidth` and y in CSS px from the top of the document, except for targets inside fixed or
 * sticky elements, whose y is from the top of the viewport (they never scroll).
 */

export interface PagePosition {
  /** CSS px from the left of the document (for fixed points: of the viewport). */
  x: number;
  /** CSS px from the top of the document (for fixed points: of the viewport). */
  y: number;
  /** True when the point belongs to the layer that does not scroll. */
  fixed: boolean;
}

/** Places one PostHog spot on a page whose layout viewport is `viewportWidth` CSS px wide. */
export function pointToPagePosition(
  spot: { pointer_relative_x: number; pointer_y: number; pointer_target_fixed: boolean },
  viewportWidth: number,
): PagePosition {
  return { x: spot.pointer_relative_x * viewportWidth, y: spot.pointer_y, fixed: spot.pointer_target_fixed };
}

/** Where a page position appears in the viewport after the page scrolled by (scrollX, scrollY). */
export function pagePositionToViewport(position: PagePosition, scrollX: number, scrollY: number): { x: number; y: number } {
  return position.fixed ? { x: position.x, y: position.y } : { x: position.x - scrollX, y: position.y - scrollY };
}

/** The `viewport_width_min`/`max` pair for "match my window ±N%". */
export function viewportWidthRange(viewportWidth: number, tolerancePct: number): { min: number; max: number } {
  const share = Math.max(0, tolerancePct);
  // Whole-percent arithmetic first: 1440 × 1.1 is 1584.0000000000002 in floating point, which ceil
  // would make 1585. Rounding to a millionth of a pixel keeps exact products exact.
  const exact = (value: number) => Math.round(value * 1e6) / 1e6;
  return { min: Math.floor(exact((viewportWidth * (100 - share)) / 100)), max: Math.ceil(exact((viewportWidth * (100 + share)) / 100)) };
}

/** The viewport bands people talk about; `max` is inclusive, `null` means no upper bound. */
export const viewportBands = [
  { id: 'mobile', label: 'Mobile (< 768 px)', min: 0, max: 767 },
  { id: 'tablet', label: 'Tablet (768–1279 px)', min: 768, max: 1279 },
  { id: 'desktop', label: 'Desktop (≥ 1280 px)', min: 1280, max: null },
] as const;
export type ViewportBandId = (typeof viewportBands)[number]['id'];

/**
 * The URL PostHog files the page's data under. The PostHog toolbar adds `#__posthog=...` when it
 * launches a page; that fragment is not part of the page the visitors saw, so it is removed (along
 * with an emptied `#`).
 */
export function stripPostHogFragment(href: string): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return href;
  }
  if (!url.hash.includes('__posthog=')) return url.href;
  // The toolbar's state sits in its own `__posthog=` parameter; any other fragment content stays.
  const rest = url.hash
    .slice(1)
    .split('&')
    .filter((part) => !part.startsWith('__posthog='))
    .join('&');
  url.hash = rest;
  return url.href.replace(/#$/, '');
}
