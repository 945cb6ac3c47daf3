/**
 * How well the heat matches the page now (issue 19, item 3). Autocapture knows which element each
 * of its clicks hit (the chain names it, whatever its position); the heatmap knows only where a
 * click was. Every autocaptured click is also a heatmap click, so on a page whose layout has not
 * moved, the heat inside an element's current box holds at least its autocaptured clicks (more when
 * people click around it). The measure:
 *
 *   Σ min(autocaptured clicks, heat clicks inside the element's box padded by 16 px)
 *   / Σ autocaptured clicks, over the autocaptured elements found on the page now.
 *
 * The min keeps heat that is not autocapture's (clicks on text, on the page background, on a
 * neighbour) from making up for clicks that landed elsewhere. The 16 px is the data's resolution:
 * PostHog keeps y in 16 px steps and x as a hundredth of the window (12.8 px at 1280 px). An element
 * is "elsewhere" when its box holds under half its autocaptured clicks. Elements autocapture counted
 * that are not on the page now (or have no box) are counted and said, never measured.
 *
 * Both counts must come from the same visitors (range, page, window widths, test accounts) and the
 * heat must count clicks, not visitors: lib/review/data.ts asks for them that way.
 */

import type { Rect } from '../core/dock';

/** The data's resolution: a box is widened by this much on every side before heat is counted in it. */
export const ALIGNMENT_PADDING_PX = 16;
/** An element whose box holds less than this share of its autocaptured clicks is "elsewhere". */
export const ELSEWHERE_BELOW = 0.5;

export interface AlignmentElement {
  /** What the panel calls it ("Get started"). */
  label: string;
  selector: string;
  autocaptureClicks: number;
  /** Its box now: document px, or viewport px when it sits in a fixed or sticky layer. */
  box: Rect;
  /** True when the element is in a layer that does not scroll (its clicks are recorded in viewport px). */
  fixed: boolean;
}

/** The heatmap's click spots as the overlay holds them (typed columns; fixed is 1 or 0). */
export interface AlignmentSpots {
  relativeX: ArrayLike<number>;
  y: ArrayLike<number>;
  count: ArrayLike<number>;
  fixed: ArrayLike<number>;
}

export interface ElementAlignment {
  label: string;
  selector: string;
  autocaptureClicks: number;
  /** Heat clicks inside the padded box (all of them, autocaptured or not). */
  heatInside: number;
  /** min(autocaptureClicks, heatInside): the element's autocaptured clicks the heat puts on it. */
  onElement: number;
}

export interface AlignmentMeasure {
  /** Σ autocaptured clicks over the elements found on the page (the denominator). */
  autocaptureClicks: number;
  /** Σ min(autocaptured, heat inside) (the numerator). */
  onElement: number;
  /** onElement / autocaptureClicks; null when no found element has autocaptured clicks. */
  share: number | null;
  /** Every measured element, most autocaptured clicks first. */
  elements: ElementAlignment[];
  /** Elements whose box holds under half their autocaptured clicks, most clicks missing first. */
  elsewhere: ElementAlignment[];
  /** Autocaptured elements not on the page now, or without a box: counted, not measured. */
  notFound: { elements: number; autocaptureClicks: number };
}

/**
 * The measure for elements found on the page, the heat's click spots placed on a window
 * `viewportWidth` px wide (x is a share of the visitor's window, as the painter places it), and
 * what autocapture counted that the page does not show.
 */
export function measureAlignment(
  elements: readonly AlignmentElement[],
  spots: AlignmentSpots,
  viewportWidth: number,
  notFound: { elements: number; autocaptureClicks: number },
  padding = ALIGNMENT_PADDING_PX,
): AlignmentMeasure {
  const index = { document: new SpotIndex(), fixed: new SpotIndex() };
  for (let i = 0; i < spots.y.length; i++) {
    const x = spots.relativeX[i]! * viewportWidth;
    const y = spots.y[i]!;
    const count = spots.count[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y) || !(count > 0)) continue;
    (spots.fixed[i] === 1 ? index.fixed : index.document).add(x, y, count);
  }
  index.document.seal();
  index.fixed.seal();

  const measured: ElementAlignment[] = [];
  for (const element of elements) {
    if (!(element.autocaptureClicks > 0)) continue;
    const { box } = element;
    const heatInside = (element.fixed ? index.fixed : index.document).sum(box.x - padding, box.y - padding, box.x + box.width + padding, box.y + box.height + padding);
    measured.push({
      label: element.label,
      selector: element.selector,
      autocaptureClicks: element.autocaptureClicks,
      heatInside,
      onElement: Math.min(element.autocaptureClicks, heatInside),
    });
  }
  measured.sort((a, b) => b.autocaptureClicks - a.autocaptureClicks);
  const autocaptureClicks = measured.reduce((sum, element) => sum + element.autocaptureClicks, 0);
  const onElement = measured.reduce((sum, element) => sum + element.onElement, 0);
  const elsewhere = measured
    .filter((element) => element.heatInside < ELSEWHERE_BELOW * element.autocaptureClicks)
    .sort((a, b) => b.autocaptureClicks - b.onElement - (a.autocaptureClicks - a.onElement));
  return { autocaptureClicks, onElement, share: autocaptureClicks > 0 ? onElement / autocaptureClicks : null, elements: measured, elsewhere, notFound };
}

/** Spots sorted by y, so the heat in a box is a binary search and a short walk, not a pass over every spot. */
class SpotIndex {
  private points: Array<{ x: number; y: number; count: number }> = [];
  private ys: number[] = [];

  add(x: number, y: number, count: number): void {
    this.points.push({ x, y, count });
  }

  seal(): void {
    this.points.sort((a, b) => a.y - b.y);
    this.ys = this.points.map((point) => point.y);
  }

  /** The counts of spots with left ≤ x ≤ right and top ≤ y ≤ bottom. */
  sum(left: number, top: number, right: number, bottom: number): number {
    let low = 0;
    let high = this.ys.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.ys[middle]! < top) low = middle + 1;
      else high = middle;
    }
    let total = 0;
    for (let i = low; i < this.points.length && this.points[i]!.y <= bottom; i++) {
      const point = this.points[i]!;
      if (point.x >= left && point.x <= right) total += point.count;
    }
    return total;
  }
}

/** What the review says about the alignment: measured, or why not. */
export type AlignmentState = { kind: 'measured'; measure: AlignmentMeasure } | { kind: 'unavailable'; reason: string };

const numberFormat = new Intl.NumberFormat('en-US');
const count = (value: number, one: string, many: string) => `${numberFormat.format(value)} ${value === 1 ? one : many}`;

/** The headline, e.g. "Heat matches the page: 94% of autocaptured clicks fall on their element (470 of 500, 12 elements)." */
export function describeAlignment(measure: AlignmentMeasure): string {
  if (measure.share === null) {
    return measure.notFound.elements > 0
      ? 'Heat alignment not measured: none of the elements autocapture counted is on the page now.'
      : 'Heat alignment not measured: autocapture counted no clicks on this page for these filters.';
  }
  const percent = Math.round(measure.share * 100);
  return `Heat matches the page: ${percent}% of autocaptured clicks fall on their element (${numberFormat.format(measure.onElement)} of ${numberFormat.format(measure.autocaptureClicks)}, ${count(measure.elements.length, 'element', 'elements')}).`;
}

/** One line per element whose clicks are elsewhere: "“Read the guide”: 10 of its 40 autocaptured clicks are on it." */
export function describeElsewhere(element: ElementAlignment): string {
  return `“${element.label}”: ${numberFormat.format(element.onElement)} of its ${count(element.autocaptureClicks, 'autocaptured click', 'autocaptured clicks')} ${element.onElement === 1 ? 'is' : 'are'} on it; the rest of its heat is elsewhere.`;
}

/** What was not measured, or null when everything autocapture counted is on the page. */
export function describeNotFound(notFound: AlignmentMeasure['notFound']): string | null {
  if (notFound.elements === 0) return null;
  return `${count(notFound.elements, 'autocaptured element', 'autocaptured elements')} (${count(notFound.autocaptureClicks, 'click', 'clicks')}) ${notFound.elements === 1 ? 'is' : 'are'} not on the page now, so ${notFound.elements === 1 ? 'it is' : 'they are'} not measured.`;
}

/** The alignment as lines for the Markdown report and the panel: headline, elements elsewhere, what was not measured. */
export function alignmentReport(state: AlignmentState): string[] {
  if (state.kind === 'unavailable') return [state.reason];
  const notFound = describeNotFound(state.measure.notFound);
  return [describeAlignment(state.measure), ...state.measure.elsewhere.map(describeElsewhere), ...(notFound ? [notFound] : [])];
}
