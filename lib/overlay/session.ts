import type { DockPosition } from '../core/dock';
import type { ScrollRoot } from '../core/scroll-root';
import type { MainThreadFields } from '../render/main-thread-fields';
import { HeatPainter } from '../render/painter';
import type { OverlayViews } from '../views/overlay';
import { GuideLayer } from './guides';
import { canvasCss, mountOverlay, type OverlayMount } from './mount';
import { canvasHeatUnder, PanelFrame } from './panel-frame';
import { watchUrlChanges } from './url-watch';

/** How long the address must hold still before the overlay loads for it (a pushState storm is one load). */
const URL_CHANGE_SETTLE_MS = 500;

/** Everything the overlay adds to one page while shown; all of it hangs off `abort`. */
export interface OverlaySession {
  abort: AbortController;
  mount: OverlayMount;
  painter: HeatPainter;
  guides: GuideLayer;
  frame: PanelFrame;
  /** Badges, highlight and the inspect catcher (the review's) sit here, between the heat and the panel. */
  reviewLayer: HTMLElement;
}

export interface SessionOptions {
  views: OverlayViews;
  loadWorkerSource?(): Promise<string | null>;
  loadMainThreadFields?(): Promise<MainThreadFields>;
  scrollRoot(): ScrollRoot;
}

/** What the page does that the overlay follows while shown. */
export interface SessionEvents {
  /** The page or a scroll container scrolled: redraw at the next frame. */
  onScroll(): void;
  /** The window was resized (debounced), or the URL changed in the page: load again. */
  onReload(): void;
  /** The panel was docked by the user (drag or arrow keys). */
  onDocked(dock: DockPosition): void;
  /** Escape in the panel. */
  onEscape(): void;
  /** `d` in the panel: the next comparison view; true when there was one. */
  onCycleCompareView(): boolean;
  /** Where the keyboard was on the page before it came into the panel. */
  onPageFocus(element: HTMLElement): void;
  /** True while the overlay is hidden for a full-page capture (a resize then is the capture's own). */
  hiddenForCapture(): boolean;
}

/** Mounts the overlay (canvas, guides, panel) and starts following the page; `abort` undoes all of it. */
export function openSession(options: SessionOptions, events: SessionEvents): OverlaySession {
  const abort = new AbortController();
  const { signal } = abort;
  const mount = mountOverlay(canvasCss + options.views.css);
  const { loadMainThreadFields } = options;
  const painter = new HeatPainter(mount.canvas, { workerSource: options.loadWorkerSource?.() ?? null, mainThreadFields: loadMainThreadFields && (() => loadMainThreadFields()) });
  const guides = new GuideLayer(options.views.Guides, mount.guidesContainer, signal, () => options.scrollRoot().scrollY());
  const reviewLayer = document.createElement('div');
  mount.panelContainer.before(reviewLayer);
  const frame = new PanelFrame(mount.panelContainer, signal, {
    heatUnder: (rect) => canvasHeatUnder(mount.canvas, rect),
    onDocked: events.onDocked,
    onEscape: events.onEscape,
  });

  let animationFrame = 0;
  const redraw = () => {
    if (animationFrame) return;
    animationFrame = requestAnimationFrame(() => {
      animationFrame = 0;
      events.onScroll();
    });
  };
  // Scroll events of elements do not bubble, but they do pass the document in the capture phase:
  // one listener follows the window and whichever container is the page's scroll root.
  document.addEventListener('scroll', redraw, { passive: true, capture: true, signal });
  document.addEventListener(
    'focusin',
    (event) => {
      // Focus inside the closed shadow root is retargeted to the host: that is the panel, not the page.
      if (event.target instanceof HTMLElement && event.target !== mount.host) events.onPageFocus(event.target);
    },
    { capture: true, signal },
  );
  signal.addEventListener('abort', () => cancelAnimationFrame(animationFrame));

  // x is a share of the viewport width, so a resize moves every point: repaint, and refetch
  // because "match my window" filters depend on the width.
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener(
    'resize',
    () => {
      clearTimeout(resizeTimer);
      // A full-page capture may resize the page for a moment (Chromium's screenshot beyond the
      // viewport); the overlay is hidden then, and reloads afterwards only if the size really changed.
      if (events.hiddenForCapture()) return;
      resizeTimer = setTimeout(events.onReload, 250);
    },
    { signal },
  );
  signal.addEventListener('abort', () => clearTimeout(resizeTimer));

  // A burst of address changes (a page calling pushState in a loop) loads once, for the address it settles on.
  let urlTimer: ReturnType<typeof setTimeout> | undefined;
  watchUrlChanges(() => {
    clearTimeout(urlTimer);
    urlTimer = setTimeout(events.onReload, URL_CHANGE_SETTLE_MS);
  }, signal);
  signal.addEventListener('abort', () => clearTimeout(urlTimer));
  // `d` while the panel has focus cycles the comparison view (not while typing in a field).
  mount.panelContainer.addEventListener(
    'keydown',
    (event) => {
      const target = event.composedPath()[0];
      if (event.key !== 'd' || event.altKey || event.ctrlKey || event.metaKey || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return;
      if (events.onCycleCompareView()) event.preventDefault();
    },
    { signal },
  );
  return { abort, mount, painter, guides, frame, reviewLayer };
}
