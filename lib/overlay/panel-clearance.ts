import { clearPanelHeight, dockPositions, type Rect } from '../core/dock';
import type { PanelFrame } from './panel-frame';

/** The least an opened panel is shrunk to: its bar and a few lines of what is open, scrolling inside. */
const MIN_OPEN_PANEL_HEIGHT = 140;
/** A scroll is over when no scroll event came for this long (as the panel frame's own). */
const SCROLL_SETTLE_MS = 200;

/**
 * Keeps the opened panel (legend details, review) off the element the review talks about (issue 20
 * item 13): the review's first finding, or the finding the user selected. When the panel at its size
 * would cover that element it takes a dock clear of it (PanelFrame.avoid, not remembered); when no dock
 * is clear, as in a phone-wide window where every dock spans the width, it is shrunk to the room above
 * or below the element and scrolls inside. Checked again whenever the panel's or the window's size
 * changes (details opened, findings arrived) and after a scroll. Lives in the review script: nothing
 * of it runs before the user opens the review.
 */
export class PanelClearance {
  private element: Element | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly resize = new ResizeObserver(() => this.check());

  constructor(
    private readonly frame: Pick<PanelFrame, 'element' | 'avoid'>,
    signal: AbortSignal,
  ) {
    this.resize.observe(frame.element);
    window.addEventListener('resize', () => this.check(), { signal });
    document.addEventListener(
      'scroll',
      () => {
        clearTimeout(this.settleTimer);
        this.settleTimer = setTimeout(() => this.check(), SCROLL_SETTLE_MS);
      },
      { passive: true, capture: true, signal },
    );
    signal.addEventListener('abort', () => this.release());
  }

  /** The element the panel keeps off from now on (null: none). */
  keepClearOf(element: Element | null): void {
    this.element = element;
    this.check();
  }

  /** The review closed: the panel gets its own height back; where it is docked is the frame's business. */
  release(): void {
    this.element = null;
    this.resize.disconnect();
    clearTimeout(this.settleTimer);
    this.setMaxHeight(null);
  }

  private check(): void {
    const box = this.box();
    const panel = this.frame.element;
    if (!box) return this.setMaxHeight(null);
    const viewport = { width: document.documentElement.clientWidth || window.innerWidth, height: window.innerHeight };
    // The panel's height with nothing cut: its content plus its borders, whatever max-height it has now.
    const natural = { width: panel.offsetWidth, height: panel.scrollHeight + panel.offsetHeight - panel.clientHeight };
    const onScreen = box.y < viewport.height && box.y + box.height > 0 && box.x < viewport.width && box.x + box.width > 0;
    this.setMaxHeight(onScreen ? clearPanelHeight(box, dockPositions, natural, viewport, MIN_OPEN_PANEL_HEIGHT) : null);
    this.frame.avoid(() => this.box());
  }

  private box(): Rect | null {
    const element = this.element;
    if (!element?.isConnected) return null;
    const box = element.getBoundingClientRect();
    return box.width > 0 || box.height > 0 ? { x: box.x, y: box.y, width: box.width, height: box.height } : null;
  }

  private setMaxHeight(height: number | null): void {
    const style = this.frame.element.style;
    const value = height === null ? '' : `${height}px`;
    if (style.maxHeight === value) return;
    style.maxHeight = value;
    style.overflowY = height === null ? '' : 'auto';
    // For tests: the panel is cut short to stay off the finding's element.
    if (height === null) delete this.frame.element.dataset.shrunk;
    else this.frame.element.dataset.shrunk = 'clear-of-finding';
  }
}
