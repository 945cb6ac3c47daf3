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
import { runToCompletion } from '../core/schedule';

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
  return runToCompletion(measureAlignmentSteps(elements, spots, viewportWidth, notFound, padding));
}

/** Spots handled between two yields of measureAlignmentSteps. */
export const ALIGNMENT_CHUNK_SPOTS = 16_384;

/**
 * measureAlignment as steps: yields every ALIGNMENT_CHUNK_SPOTS spots, so the review on the page's
 * main thread hands the page its turns (150k spots indexed in one go, with an object per spot and a
 * comparison sort, were 40-80 ms tasks at 4x CPU throttling: npm run bench).
 */
export function* measureAlignmentSteps(
  elements: readonly AlignmentElement[],
  spots: AlignmentSpots,
  viewportWidth: number,
  notFound: { elements: number; autocaptureClicks: number },
  padding = ALIGNMENT_PADDING_PX,
): Generator<void, AlignmentMeasure, void> {
  const index = { document: new SpotIndex(), fixed: new SpotIndex() };
  for (let i = 0; i < spots.y.length; i++) {
    if (i % ALIGNMENT_CHUNK_SPOTS === ALIGNMENT_CHUNK_SPOTS - 1) yield;
    const x = spots.relativeX[i]! * viewportWidth;
    const y = spots.y[i]!;
    const count = spots.count[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y) || !(count > 0)) continue;
    (spots.fixed[i] === 1 ? index.fixed : index.document).add(x, y, count);
  }
  yield* index.document.sealSteps();
  yield* index.fixed.sealSteps();

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

/** Height of one row of the spot index: PostHog's y step. */
const INDEX_ROW_PX = 16;
/** At most this many rows (a malformed y far down the page must not allocate a huge table). */
const INDEX_MAX_ROWS = 1 << 20;

/**
 * Spots bucketed by 16 px row of y (a counting sort: linear passes over typed arrays, no object per
 * spot, no comparison sort), so the heat in a box is a walk over its rows, not over every spot.
 */
class SpotIndex {
  private readonly addedX: number[] = [];
  private readonly addedY: number[] = [];
  private readonly addedCount: number[] = [];
  private x = new Float64Array(0);
  private y = new Float64Array(0);
  private count = new Float64Array(0);
  /** Row r's spots are at rowStart[r] .. rowStart[r + 1] - 1. */
  private rowStart = new Uint32Array(1);
  private rows = 0;
  private minY = 0;

  add(x: number, y: number, count: number): void {
    this.addedX.push(x);
    this.addedY.push(y);
    this.addedCount.push(count);
  }

  private rowOf(y: number): number {
    return Math.min(this.rows - 1, Math.floor((y - this.minY) / INDEX_ROW_PX));
  }

  *sealSteps(): Generator<void, void, void> {
    const length = this.addedY.length;
    if (length === 0) return;
    let minY = Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < length; i++) {
      const y = this.addedY[i]!;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    yield;
    this.minY = minY;
    this.rows = Math.min(INDEX_MAX_ROWS, Math.floor((maxY - minY) / INDEX_ROW_PX) + 1);
    const rowStart = new Uint32Array(this.rows + 1);
    for (let i = 0; i < length; i++) rowStart[this.rowOf(this.addedY[i]!) + 1]!++;
    for (let row = 0; row < this.rows; row++) rowStart[row + 1]! += rowStart[row]!;
    yield;
    const next = rowStart.slice(0, this.rows);
    this.x = new Float64Array(length);
    this.y = new Float64Array(length);
    this.count = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      if (i % ALIGNMENT_CHUNK_SPOTS === ALIGNMENT_CHUNK_SPOTS - 1) yield;
      const at = next[this.rowOf(this.addedY[i]!)]!++;
      this.x[at] = this.addedX[i]!;
      this.y[at] = this.addedY[i]!;
      this.count[at] = this.addedCount[i]!;
    }
    this.rowStart = rowStart;
  }

  /** The counts of spots with left ≤ x ≤ right and top ≤ y ≤ bottom. */
  sum(left: number, top: number, right: number, bottom: number): number {
    if (this.rows === 0 || !(bottom >= top)) return 0;
    const first = Math.max(0, this.rowOf(top));
    const last = this.rowOf(bottom);
    if (last < 0) return 0;
    let total = 0;
    for (let i = this.rowStart[first]!; i < this.rowStart[last + 1]!; i++) {
      const y = this.y[i]!;
      const x = this.x[i]!;
      if (y >= top && y <= bottom && x >= left && x <= right) total += this.count[i]!;
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
