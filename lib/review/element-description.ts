import type { Rect } from './cluster';

/**
 * How far the page's scroll root has scrolled, read when an element is measured: element boxes are
 * viewport px, and document px are viewport px plus the scroll root's offsets (posthog-js records
 * clientY plus the scroll root's scrollTop). Defaults to the window's scroll.
 */
export type ScrollOffsets = () => { x: number; y: number };

export type InteractiveReason =
  | 'link'
  | 'button'
  | 'form control'
  | `role=${string}`
  | 'onclick attribute'
  | 'cursor: pointer'
  | 'tabindex';

/** The part of the page an element sits in, from landmarks; lets rules tell navigation from body. */
export type PageRegion = 'nav' | 'header' | 'footer' | 'aside' | 'main' | null;

export interface ElementDescription {
  /** Visible text or accessible name, whitespace collapsed, at most 80 characters; may be ''. */
  label: string;
  /** Lower-case tag name. */
  tag: string;
  /** A selector that matched exactly this element when it was built. */
  selector: string;
  interactive: boolean;
  interactiveReason: InteractiveReason | null;
  /** Document coordinates (viewport coordinates plus scroll). */
  rect: Rect;
  region: PageRegion;
  /**
   * Child indices from the root down to the element ("0/1/3"): one element contains another exactly
   * when its path is a prefix of the other's, which lets pure code merge findings about an element
   * and its ancestors without the DOM.
   */
  treePath: string;
}

