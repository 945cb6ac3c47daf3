import { CaptureRefusedError } from './capture-image';
import { MARKER_BAND, markerCells, pinnedTreatment, type ScrollStrip } from './scroll-capture';

/**
 * Runs in the page (the on-demand script, lib/export/tools.ts) while Chrome's tab video is grabbed for
 * "Full page image": scrolls the window to each strip instantly, paints the strip's sync marker in the
 * same task (lib/full-page/scroll-capture.ts), keeps fixed elements to the first strip and sticky ones in
 * their place, and puts everything back as it was, scroll position included, whatever happens.
 */

/** Keys that scroll the window. */
const SCROLL_KEYS = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' ']);

/** Elements' style attributes as they were before the capture touched them (null: none), to put back exactly. */
type SavedStyles = Map<HTMLElement, string | null>;

function putBack(saved: SavedStyles): void {
  for (const [element, style] of saved) {
    if (style === null) element.removeAttribute('style');
    else element.setAttribute('style', style);
  }
  saved.clear();
}

export class PageScroller {
  private readonly startX = window.scrollX;
  private readonly startY = window.scrollY;
  private readonly startHeight: number;
  private readonly saved: SavedStyles = new Map();
  private readonly fixed: HTMLElement[] = [];
  /** The fixed elements' own styles while they are made transparent (strips after the first). */
  private fixedSaved: SavedStyles | null = null;
  private marker: { host: HTMLElement; cells: HTMLElement[] } | null = null;
  /** Removes the listeners that keep the user's wheel, touch and keys from scrolling meanwhile. */
  private readonly inputBlock = new AbortController();

  /** `documentHeight`: the height the capture was planned for; `ignore`: Heatlens's own elements. */
  constructor(
    private readonly documentHeight: number,
    private readonly ignore: (element: Element) => boolean,
  ) {
    this.startHeight = documentHeight;
  }

  /** Turns off the page's scroll snapping, finds the fixed and sticky elements and pins the sticky ones; adds the (empty) marker. */
  begin(): void {
    // Scroll snapping would move a strip's scroll position to the nearest snap point.
    for (const root of [document.documentElement, document.body]) {
      if (root && getComputedStyle(root).scrollSnapType !== 'none' && getComputedStyle(root).scrollSnapType !== '') this.setStyle(root, 'scroll-snap-type', 'none');
    }
    for (const element of document.body?.querySelectorAll<HTMLElement>('*') ?? []) {
      if (this.ignore(element)) continue;
      const treatment = pinnedTreatment(getComputedStyle(element).position);
      if (treatment === 'hide-after-first') this.fixed.push(element);
      else if (treatment === 'unstick') {
        // position: relative takes the same place in the flow; without offsets it stays exactly there.
        this.setStyle(element, 'position', 'relative');
        for (const side of ['top', 'right', 'bottom', 'left']) this.setStyle(element, side, 'auto');
      }
    }
    this.marker = this.createMarker();
    // The user's own scrolling would move the page between a strip's scroll and its frame (Chrome
    // scrolls on its compositor, beside the page's script): held off for the second it takes.
    const block = (event: Event) => event.preventDefault();
    const options = { capture: true, passive: false, signal: this.inputBlock.signal };
    window.addEventListener('wheel', block, options);
    window.addEventListener('touchmove', block, options);
    window.addEventListener(
      'keydown',
      (event) => {
        if (SCROLL_KEYS.has(event.key)) event.preventDefault();
      },
      options,
    );
  }

  /**
   * Scrolls to `strip` and paints `code` in its marker band in the same task, so one rendering update
   * (and so one frame of the tab's video) carries both. Refuses when the page moved under the capture
   * (its height changed, or it would not scroll there) or the tab was hidden.
   */
  show(strip: ScrollStrip, index: number, code: number): void {
    if (document.visibilityState !== 'visible') {
      throw new CaptureRefusedError('The page’s tab was switched away during Full page image, so it could not be captured. Stay on the tab until it is saved, then try again.');
    }
    // Fixed elements are shown once, in the first strip (where they sit at scroll 0); they would repeat in every strip.
    if (index > 0 && !this.fixedSaved) {
      this.fixedSaved = new Map();
      for (const element of this.fixed) {
        this.setStyle(element, 'opacity', '0', this.fixedSaved);
        this.setStyle(element, 'transition', 'none', this.fixedSaved);
      }
    } else if (index === 0 && this.fixedSaved) {
      putBack(this.fixedSaved);
      this.fixedSaved = null;
    }
    window.scrollTo({ left: 0, top: strip.scrollY, behavior: 'instant' });
    const height = Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0, window.innerHeight);
    if (Math.abs(height - this.startHeight) > 1) {
      throw new CaptureRefusedError(
        `The page changed height while it was captured (${Math.round(this.startHeight)} → ${Math.round(height)} px, e.g. content loading as it scrolls), so the image would not match it. Try again once the page has settled, or use Save image for the visible part.`,
      );
    }
    if (Math.abs(window.scrollY - strip.scrollY) > 1) {
      throw new CaptureRefusedError(`The page did not let the window scroll to ${strip.scrollY} px (it stayed at ${Math.round(window.scrollY)}), so it cannot be captured whole. Use Save image for the visible part.`);
    }
    this.paintMarker(strip.marker, code);
  }

  /** Puts everything back: styles exactly as they were, the marker gone, the scroll position where it was. */
  restore(): void {
    this.inputBlock.abort();
    this.marker?.host.remove();
    this.marker = null;
    if (this.fixedSaved) putBack(this.fixedSaved);
    this.fixedSaved = null;
    putBack(this.saved);
    window.scrollTo({ left: this.startX, top: this.startY, behavior: 'instant' });
  }

  /** Sets an inline style with priority, remembering the element's style attribute as it was first. */
  private setStyle(element: HTMLElement, property: string, value: string, saved: SavedStyles = this.saved): void {
    if (!saved.has(element)) saved.set(element, element.getAttribute('style'));
    element.style.setProperty(property, value, 'important');
  }

  /**
   * The marker: black and white cells MARKER_BAND px square at the window's left edge, above everything
   * (the top layer where popovers exist), in a closed shadow root so the page's styles cannot reach it.
   */
  private createMarker(): { host: HTMLElement; cells: HTMLElement[] } {
    const host = document.createElement('heatlens-capture-marker');
    const cellsCount = markerCells(1).length;
    host.style.cssText = [
      'all:initial',
      'position:fixed',
      'left:0',
      'top:0',
      'right:auto',
      'bottom:auto',
      'margin:0',
      'padding:0',
      'border:0',
      'overflow:hidden',
      'background:transparent',
      `width:${cellsCount * MARKER_BAND}px`,
      `height:${MARKER_BAND}px`,
      'z-index:2147483647',
      'pointer-events:none',
      'display:none',
    ]
      .map((declaration) => `${declaration} !important`)
      .join(';');
    const root = host.attachShadow({ mode: 'closed' });
    const cells = Array.from({ length: cellsCount }, (_, index) => {
      const cell = document.createElement('div');
      cell.style.cssText = `position:absolute;top:0;left:${index * MARKER_BAND}px;width:${MARKER_BAND}px;height:${MARKER_BAND}px;background:#000`;
      root.append(cell);
      return cell;
    });
    document.documentElement.append(host);
    return { host, cells };
  }

  private paintMarker(band: 'top' | 'bottom', code: number): void {
    const marker = this.marker;
    if (!marker) return;
    const top = band === 'top' ? 0 : document.documentElement.clientHeight - MARKER_BAND;
    marker.host.style.setProperty('top', `${top}px`, 'important');
    marker.host.style.setProperty('display', 'block', 'important');
    markerCells(code).forEach((white, index) => {
      marker.cells[index]!.style.background = white ? '#fff' : '#000';
    });
    // Above the page's own top-layer elements (dialogs, popovers) too: re-entering the top layer puts it last.
    const popover = marker.host as HTMLElement & { showPopover?: () => void; hidePopover?: () => void; popover?: string | null };
    if (typeof popover.showPopover === 'function') {
      if (popover.popover !== 'manual') popover.popover = 'manual';
      try {
        popover.hidePopover?.();
        popover.showPopover();
      } catch {
        // Not connected or not a popover here: the fixed position and z-index still hold in most pages.
      }
    }
  }
}
