/**
 * What scrolls the page. Most pages scroll the window; app-like pages keep the window still and
 * scroll a container (`<main style="overflow:auto">`). posthog-js records y as clientY plus the
 * scroll offset of the page's scroll root, so Heatlens must follow the same element: its scrollTop is
 * the "scrollY" and its content height is the "document height".
 */
export interface ScrollRoot {
  /** null when the window scrolls. */
  element: HTMLElement | null;
  scrollX(): number;
  scrollY(): number;
  contentWidth(): number;
  contentHeight(): number;
}

export const windowScrollRoot: ScrollRoot = {
  element: null,
  scrollX: () => window.scrollX,
  scrollY: () => window.scrollY,
  contentWidth: () => Math.max(document.documentElement.scrollWidth, window.innerWidth),
  contentHeight: () => Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0, window.innerHeight),
};

function elementScrollRoot(element: HTMLElement): ScrollRoot {
  return {
    element,
    scrollX: () => element.scrollLeft,
    scrollY: () => element.scrollTop,
    contentWidth: () => Math.max(element.scrollWidth, window.innerWidth),
    contentHeight: () => Math.max(element.scrollHeight, window.innerHeight),
  };
}

/** Only containers at least this share of the viewport's height can be the page's scroll root. */
const MIN_ROOT_HEIGHT_SHARE = 0.5;
/** Pages with huge DOMs: stop looking after this many candidates (detection runs once per load). */
const MAX_CANDIDATES = 5000;

/**
 * The window when the document itself scrolls; otherwise the largest visible element that scrolls
 * vertically (a layout's main pane); the window again when nothing scrolls at all.
 */
export function detectScrollRoot(doc: Document = document): ScrollRoot {
  const view = doc.defaultView ?? window;
  const scrolling = doc.scrollingElement ?? doc.documentElement;
  if (scrolling.scrollHeight > view.innerHeight + 1) return windowScrollRoot;

  let best: HTMLElement | null = null;
  let bestArea = 0;
  let seen = 0;
  for (const element of doc.body?.querySelectorAll<HTMLElement>('*') ?? []) {
    if (++seen > MAX_CANDIDATES) break;
    if (element.clientHeight < view.innerHeight * MIN_ROOT_HEIGHT_SHARE) continue;
    if (element.scrollHeight <= element.clientHeight + 1) continue;
    const overflowY = view.getComputedStyle(element).overflowY;
    if (overflowY !== 'auto' && overflowY !== 'scroll' && overflowY !== 'overlay') continue;
    const area = element.clientWidth * element.clientHeight;
    if (area > bestArea) {
      best = element;
      bestArea = area;
    }
  }
  return best ? elementScrollRoot(best) : windowScrollRoot;
}
