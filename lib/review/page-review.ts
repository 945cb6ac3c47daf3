/**
 * The page review in the overlay: runs lib/review on the live page with data the background
 * fetched, pins autocapture's counts on the elements they belong to (a clickmap), highlights the
 * element of a finding, and, in inspect mode, lists the sessions behind a clicked hot spot.
 *
 * Everything it adds to the page lives in one container inside the overlay's shadow root and is
 * removed with it; listeners hang off the overlay's AbortSignal. Text from the page and from
 * PostHog is only ever set as textContent.
 */

import { collectReviewInputInSteps, findingsToMarkdown, matchElementStatsInSteps, type ElementStatMatch, type Finding } from './';
import { runSliced, yieldToEventLoop } from '../core/schedule';
import { REVIEW_SLICE_MS, type AnalysisPlace, type ReviewAnalysts } from './review-analyst';
import type { ReviewData, HeatmapPayload, SavedHeatmapState } from '../messaging/protocol';
import { layoutBadges } from './badge-layout';
import { detectScrollRoot, windowScrollRoot, type ScrollRoot } from '../core/scroll-root';
import { describeMove } from './compare';
import type { ReportContext } from './report';
import type { ComparisonMoves } from './moves';
import { describeNormalisation } from '../compare/view';
import { alignmentReport, measureAlignmentSteps, type AlignmentElement, type AlignmentState } from './alignment';
import { accessibleLabel, truncateLabel } from './describe';

/** The report's segment and comparison (issue 9), from what the overlay painted. */
async function comparisonReport(
  painted: Partial<Pick<HeatmapPayload, 'comparison' | 'summary'>>,
  moves: Promise<ComparisonMoves | null> | undefined,
): Promise<Pick<ReportContext, 'segment' | 'comparison'>> {
  const comparison = painted.comparison;
  const segment = painted.summary?.segmentLabel;
  if (!comparison) return segment ? { segment } : {};
  const read = await moves?.catch(() => null);
  const layerId = comparison.b.layers.find((layer) => layer.id === 'click') ? 'click' : (comparison.b.layers[0]?.id ?? null);
  return {
    ...(segment ? { segment } : {}),
    comparison: {
      sides: [comparison.a.label, comparison.b.label],
      normalisation: describeNormalisation(comparison, layerId),
      moves: read ? read.moves.map((move) => describeMove(move, read.unit, read.basis)) : null,
    },
  };
}

export interface ReviewDependencies {
  loadReviewData(request: PageRequest & { have: Array<'click' | 'rageclick' | 'deadclick' | 'scrolldepth'> }): Promise<ReviewData>;
  /** Counts and the id of the list the background keeps for the sessions frame (never the visitors themselves). */
  loadSessions(request: PageRequest & { type: 'click'; points: Array<{ x: number; y: number; target_fixed: boolean }> }): Promise<{
    listId: string;
    sessionCount: number;
    totalCount: number;
    hasMore: boolean;
  }>;
  /** The URL of the extension's sessions page showing list `listId` (framed in the panel). */
  sessionsFrameUrl(listId: string): string;
  saveHeatmap(request: PageRequest): Promise<SavedHeatmapState>;
  savedStatus(shortId: string): Promise<SavedHeatmapState>;
}

interface PageRequest {
  pageUrl: string;
  viewportWidth: number;
  viewportHeight: number;
}

export type SessionsState =
  | { kind: 'off' }
  /** Inspect mode is on and waiting for a click on a hot spot. */
  | { kind: 'waiting' }
  | { kind: 'loading'; at: { x: number; y: number } }
  | { kind: 'ready'; at: { x: number; y: number }; spots: number; clicks: number; sessionCount: number; totalCount: number; hasMore: boolean; frameUrl: string }
  | { kind: 'none'; at: { x: number; y: number } }
  | { kind: 'error'; message: string };

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'processing' | 'completed' | 'failed'; url: string; shortId: string }
  | { kind: 'error'; message: string };

export type CopyState = { kind: 'idle' } | { kind: 'copied' } | { kind: 'manual'; report: string };

export interface ReviewState {
  kind: 'off' | 'loading' | 'ready' | 'error';
  findings: Finding[];
  report: string;
  /** Why autocapture's counts are missing (a key without `element:read`); null when shown. */
  elementStatsNote: string | null;
  /** Elements carrying a click-count badge. */
  badgeCount: number;
  /** How well the heat matches the page now (lib/review/alignment.ts), or why it was not measured. */
  alignment: AlignmentState | null;
  /** Where the spots were analysed: the review's worker, or the page's main thread in slices (CSP). */
  analysis: AnalysisPlace | null;
  error: string | null;
  sessions: SessionsState;
  save: SaveState;
  copy: CopyState;
}

export const initialReviewState: ReviewState = {
  kind: 'off',
  findings: [],
  report: '',
  elementStatsNote: null,
  badgeCount: 0,
  alignment: null,
  analysis: null,
  error: null,
  sessions: { kind: 'off' },
  save: { kind: 'idle' },
  copy: { kind: 'idle' },
};

/** Spots within this many px of an inspect click count as "this spot" (a cluster cell is 24 px). */
export const INSPECT_RADIUS_PX = 24;
/** More badges than this cover the page rather than label it. */
export const MAX_BADGES = 30;
/** A saved heatmap renders in seconds to minutes; after this long the link is offered anyway. */
const SAVE_POLL_MS = 1000;
const SAVE_POLL_LIMIT = 120;

interface Pinned {
  element: Element;
  node: HTMLElement;
  /** Where on the element the node sits: a badge at its top-right corner, a highlight around it. */
  placement: 'badge' | 'outline';
}

export const reviewCss = `
.review-layer { position: fixed; left: 0; top: 0; width: 0; height: 0; overflow: visible; pointer-events: none; z-index: 1; }
.badge {
  position: fixed; white-space: nowrap; pointer-events: none; box-sizing: border-box;
  font: 600 11px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif;
  color: #fff; background: #1d1f27; border: 1px solid #fff; border-radius: 9px; padding: 1px 6px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35);
}
.badge[data-merged]::after { content: " +" attr(data-merged); color: #c8cdd8; }
.badge .rage { color: #ff8ad8; }
.badge .dead { color: #9fe3d8; }
.highlight { position: fixed; box-sizing: border-box; border: 3px solid #f54e00; border-radius: 6px; box-shadow: 0 0 0 9999px rgba(0,0,0,0.12); pointer-events: none; }
.catcher { position: fixed; inset: 0; pointer-events: auto; cursor: crosshair; background: rgba(29,74,255,0.04); }
.marker { position: fixed; width: ${2 * INSPECT_RADIUS_PX}px; height: ${2 * INSPECT_RADIUS_PX}px; margin: -${INSPECT_RADIUS_PX}px 0 0 -${INSPECT_RADIUS_PX}px; border: 2px dashed #1d4aff; border-radius: 50%; box-sizing: border-box; pointer-events: none; }
`;

export class PageReview {
  private state: ReviewState = initialReviewState;
  private data: ReviewData | null = null;
  private pageRequest: PageRequest | null = null;
  private sequence = 0;
  private readonly layer: HTMLElement;
  private pinned: Pinned[] = [];
  private highlightPin: Pinned | null = null;
  private catcher: HTMLElement | null = null;
  private marker: { node: HTMLElement; x: number; y: number; fixed: boolean } | null = null;
  private frame = 0;
  /** What scrolls the page, detected at each run (the overlay follows the same element). */
  private scrollRoot: ScrollRoot = windowScrollRoot;

  constructor(
    container: HTMLElement,
    private readonly signal: AbortSignal,
    private readonly dependencies: ReviewDependencies,
    private readonly onChange: (state: ReviewState) => void,
    /** The review's worker (or its main-thread stand-in), for the work on the spots that needs no DOM. */
    private readonly analysts: Pick<ReviewAnalysts, 'session'>,
  ) {
    this.layer = document.createElement('div');
    this.layer.className = 'review-layer';
    container.append(this.layer);
    const follow = () => {
      if (this.frame) return;
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.place();
      });
    };
    document.addEventListener('scroll', follow, { passive: true, capture: true, signal });
    window.addEventListener('resize', follow, { signal });
    signal.addEventListener('abort', () => {
      cancelAnimationFrame(this.frame);
      this.sequence++;
    });
  }

  get current(): ReviewState {
    return this.state;
  }

  /** Forgets the last page's review (the URL or the filters changed). */
  reset(): void {
    this.sequence++;
    this.data = null;
    this.clearPins();
    this.setInspect(false);
    this.update({ ...initialReviewState });
  }

  /** `painted` is what the overlay already fetched for this page; the review asks only for the rest. */
  async run(
    pageUrl: string,
    painted: Pick<HeatmapPayload, 'layers' | 'scrollDepth'> & Partial<Pick<HeatmapPayload, 'comparison' | 'summary'>>,
    /** Compare's "what moved" (issue 9), for the report. */
    comparisonMoves?: Promise<ComparisonMoves | null>,
  ): Promise<void> {
    const sequence = ++this.sequence;
    const cancelled = () => sequence !== this.sequence || this.signal.aborted;
    const request = { pageUrl, viewportWidth: window.innerWidth, viewportHeight: window.innerHeight };
    this.pageRequest = request;
    this.update({ ...this.state, kind: 'loading', error: null });
    const analyst = this.analysts.session();
    try {
      const reused = painted.layers.filter((layer) => layer.id !== 'mousemove');
      const have: Array<'click' | 'rageclick' | 'deadclick' | 'scrolldepth'> = reused.map((layer) => layer.id as 'click' | 'rageclick' | 'deadclick');
      if (painted.scrollDepth) have.push('scrolldepth');
      const fetched = await this.dependencies.loadReviewData({ ...request, have });
      if (cancelled()) return;
      const data: ReviewData = { ...fetched, layers: [...reused, ...fetched.layers], scrollDepth: painted.scrollDepth ?? fetched.scrollDepth };
      this.data = data;
      const stats = data.elementStats.available ? data.elementStats.results : undefined;
      // The review is not urgent: let the heat paint and the page answer input first. From here on the
      // page is read in slices of REVIEW_SLICE_MS and the work on the spots goes to the review's worker
      // (lib/review/review-analyst.ts), so the review never holds the page's main thread for a long task.
      await yieldToPage();
      if (cancelled()) return;
      // Spots are document px of the page's scroll root (posthog-js adds its scrollTop), so element
      // boxes must be measured against the same root, not the window, on app-like pages.
      this.scrollRoot = detectScrollRoot(document);
      // Matched once: the findings read the elements' counts, the badges are pinned on the same elements.
      const matches = stats ? await runSliced(matchElementStatsInSteps(document, stats), { budgetMs: REVIEW_SLICE_MS, isCancelled: cancelled, yieldFn: yieldToPage }) : undefined;
      if (cancelled()) return;
      const alignment = await this.measureAlignment(data, cancelled);
      if (cancelled()) return;
      const input = await collectReviewInputInSteps(
        document,
        { layers: data.layers, scrollDepth: data.scrollDepth },
        { elementMatches: matches?.matched, foldByBand: data.foldByBand, scrollRoot: this.scrollRoot },
        { analyst, budgetMs: REVIEW_SLICE_MS, isCancelled: cancelled, yieldFn: yieldToPage },
      );
      if (!input || cancelled()) return;
      const findings = await analyst.ask({ kind: 'assess', input });
      if (cancelled()) return;
      const report = findingsToMarkdown(findings, {
        pageUrl,
        dataUrl: data.dataUrl,
        filtersSummary: data.filtersSummary,
        generatedAt: new Date(),
        alignment: alignmentReport(alignment),
        ...(await comparisonReport(painted, comparisonMoves)),
      });
      await yieldToPage();
      if (cancelled()) return;
      this.clearPins();
      const badgeCount = matches ? this.pinBadges(matches.matched) : 0;
      this.update({
        ...this.state,
        kind: 'ready',
        findings,
        report,
        badgeCount,
        alignment,
        analysis: analyst.place,
        elementStatsNote: data.elementStats.available ? null : data.elementStats.reason,
        error: null,
      });
    } catch (error) {
      if (cancelled()) return;
      this.update({ ...this.state, kind: 'error', error: messageOf(error) });
    } finally {
      analyst.release();
    }
  }

  /**
   * The alignment measure on the live page: autocapture's elements (same visitors as the heat) found
   * again, their boxes now, and the click layer's spots (lib/review/alignment.ts).
   */
  private async measureAlignment(data: ReviewData, cancelled: () => boolean): Promise<AlignmentState> {
    if (!data.alignmentStats.available) return { kind: 'unavailable', reason: data.alignmentStats.reason };
    const clicks = data.layers.find((layer) => layer.id === 'click');
    if (!clicks) return { kind: 'unavailable', reason: 'Heat alignment is not measured: there is no click heatmap for these filters.' };
    const found = await runSliced(matchElementStatsInSteps(document, data.alignmentStats.results), { budgetMs: REVIEW_SLICE_MS, isCancelled: cancelled, yieldFn: yieldToPage });
    const notFound = { elements: 0, autocaptureClicks: 0 };
    for (const stat of found?.unmatched ?? []) {
      if (stat.type !== undefined && stat.type !== null && stat.type !== '$autocapture') continue;
      if (!(stat.count > 0)) continue;
      notFound.elements++;
      notFound.autocaptureClicks += stat.count;
    }
    const elements: AlignmentElement[] = [];
    const scroll = { x: this.scrollRoot.scrollX(), y: this.scrollRoot.scrollY() };
    for (const match of found?.matched ?? []) {
      if (!(match.autocaptureClicks > 0)) continue;
      const box = match.element.getBoundingClientRect();
      // No box (display: none, detached): autocapture's clicks cannot be on it; said, not measured.
      if (box.width === 0 && box.height === 0) {
        notFound.elements++;
        notFound.autocaptureClicks += match.autocaptureClicks;
        continue;
      }
      const fixed = inFixedLayer(match.element);
      elements.push({
        label: truncateLabel(accessibleLabel(match.element) || match.selector),
        selector: match.selector,
        autocaptureClicks: match.autocaptureClicks,
        box: { x: box.left + (fixed ? 0 : scroll.x), y: box.top + (fixed ? 0 : scroll.y), width: box.width, height: box.height },
        fixed,
      });
    }
    // In steps, as the rest of the review's main-thread work: the click layer may hold 150k spots.
    const measure = await runSliced(measureAlignmentSteps(elements, clicks.spots, window.innerWidth, notFound), { budgetMs: REVIEW_SLICE_MS, isCancelled: cancelled, yieldFn: yieldToPage });
    return measure ? { kind: 'measured', measure } : { kind: 'unavailable', reason: 'Heat alignment is not measured: the review was replaced.' };
  }

  // ---------------------------------------------------------------------------------------------
  // Clickmap badges and the highlight

  private pinBadges(matches: readonly ElementStatMatch[]): number {
    const matched = matches.slice(0, MAX_BADGES);
    for (const match of matched) {
      const node = document.createElement('span');
      node.className = 'badge';
      node.dataset.selector = match.selector;
      node.dataset.clicks = String(match.autocaptureClicks);
      node.dataset.rage = String(match.rageClicks);
      node.dataset.dead = String(match.deadClicks);
      node.title = `${match.autocaptureClicks} autocaptured clicks, ${match.rageClicks} rage clicks, ${match.deadClicks} dead clicks`;
      node.append(document.createTextNode(`${formatNumber(match.autocaptureClicks)} clicks`));
      if (match.rageClicks > 0) node.append(' · ', styled('rage', `${formatNumber(match.rageClicks)} rage`));
      if (match.deadClicks > 0) node.append(' · ', styled('dead', `${formatNumber(match.deadClicks)} dead`));
      this.layer.append(node);
      this.pinned.push({ element: match.element, node, placement: 'badge' });
    }
    this.place();
    return matched.length;
  }

  /** Scrolls the finding's element into view and outlines it. Returns false when it is gone. */
  highlight(finding: Finding): boolean {
    this.highlightPin?.node.remove();
    this.highlightPin = null;
    const selector = finding.target?.selector;
    let element: Element | null = null;
    try {
      element = selector ? document.querySelector(selector) : null;
    } catch {
      element = null;
    }
    if (!element) return false;
    element.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
    const node = document.createElement('div');
    node.className = 'highlight';
    node.dataset.selector = selector!;
    this.layer.append(node);
    this.highlightPin = { element, node, placement: 'outline' };
    this.place();
    return true;
  }

  /** Puts badges, the highlight and the inspect marker where their elements are now. */
  private place(): void {
    this.placeBadges();
    const highlight = this.highlightPin;
    if (highlight) {
      const box = highlight.element.getBoundingClientRect();
      highlight.node.style.display = box.width === 0 && box.height === 0 ? 'none' : '';
      highlight.node.style.left = `${box.left - 4}px`;
      highlight.node.style.top = `${box.top - 4}px`;
      highlight.node.style.width = `${box.width + 8}px`;
      highlight.node.style.height = `${box.height + 8}px`;
    }
    if (this.marker) {
      const { node, x, y, fixed } = this.marker;
      node.style.left = `${fixed ? x : x - this.scrollRoot.scrollX()}px`;
      node.style.top = `${fixed ? y : y - this.scrollRoot.scrollY()}px`;
    }
  }

  /** Badges beside their elements, never on them nor on each other (lib/review/badge-layout.ts). */
  private placeBadges(): void {
    const badges = this.pinned.filter((pin) => pin.placement === 'badge');
    if (badges.length === 0) return;
    for (const pin of badges) pin.node.style.display = '';
    const elements = badges.map((pin) => pin.element.getBoundingClientRect());
    const sizes = badges.map((pin) => ({ width: pin.node.offsetWidth, height: pin.node.offsetHeight }));
    const placements = layoutBadges(elements, sizes, { width: document.documentElement.clientWidth || window.innerWidth, height: window.innerHeight });
    const merged = new Map<number, number>();
    placements.forEach((placement, index) => {
      const node = badges[index]!.node;
      if (placement.kind === 'at') {
        node.style.left = `${placement.x}px`;
        node.style.top = `${placement.y}px`;
      } else {
        node.style.display = 'none';
        if (placement.kind === 'merged') merged.set(placement.into, (merged.get(placement.into) ?? 0) + 1);
      }
    });
    badges.forEach((pin, index) => {
      const count = merged.get(index);
      if (count) pin.node.dataset.merged = String(count);
      else delete pin.node.dataset.merged;
    });
  }

  private clearPins(): void {
    for (const pin of this.pinned) pin.node.remove();
    this.pinned = [];
    this.highlightPin?.node.remove();
    this.highlightPin = null;
  }

  // ---------------------------------------------------------------------------------------------
  // Inspect mode: the overlay takes clicks only while it is on

  setInspect(on: boolean): void {
    if (!on) {
      this.catcher?.remove();
      this.catcher = null;
      this.marker?.node.remove();
      this.marker = null;
      if (this.state.sessions.kind !== 'off') this.update({ ...this.state, sessions: { kind: 'off' } });
      return;
    }
    if (this.catcher) return;
    const catcher = document.createElement('div');
    catcher.className = 'catcher';
    catcher.setAttribute('aria-label', 'Click a hot spot to list its sessions');
    catcher.addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation();
      // Only the user's own click asks PostHog (trusted-input.ts): a page script's does nothing.
      if (event.isTrusted) void this.inspectAt(event.clientX, event.clientY);
    });
    // Before the layer, so badges and the marker draw over it; the panel sits above both.
    this.layer.before(catcher);
    this.catcher = catcher;
    this.update({ ...this.state, sessions: { kind: 'waiting' } });
  }

  get inspecting(): boolean {
    return this.catcher !== null;
  }

  /** Lists the sessions behind the click spots within INSPECT_RADIUS_PX of a viewport point. */
  async inspectAt(clientX: number, clientY: number): Promise<void> {
    const data = this.data;
    const request = this.pageRequest;
    if (!data || !request) return;
    const sequence = this.sequence;
    const layer = data.layers.find((candidate) => candidate.id === 'click');
    const width = window.innerWidth;
    const documentPoint = { x: clientX + this.scrollRoot.scrollX(), y: clientY + this.scrollRoot.scrollY() };
    const near: Array<{ x: number; y: number; target_fixed: boolean; count: number }> = [];
    let nearestFixed = false;
    let nearestDistance = Infinity;
    if (layer) {
      const { relativeX, y, count, fixed } = layer.spots;
      for (let i = 0; i < relativeX.length; i++) {
        const isFixed = fixed[i] === 1;
        const px = relativeX[i]! * width;
        const py = y[i]!;
        // Fixed spots are in viewport px, the rest in document px: compare each in its own space.
        const dx = px - (isFixed ? clientX : documentPoint.x);
        const dy = py - (isFixed ? clientY : documentPoint.y);
        const distance = Math.hypot(dx, dy);
        if (distance > INSPECT_RADIUS_PX) continue;
        near.push({ x: relativeX[i]!, y: py, target_fixed: isFixed, count: count[i]! });
        if (distance < nearestDistance) {
          nearestDistance = distance;
          nearestFixed = isFixed;
        }
      }
    }
    this.marker?.node.remove();
    const markerNode = document.createElement('div');
    markerNode.className = 'marker';
    this.layer.append(markerNode);
    this.marker = nearestFixed ? { node: markerNode, x: clientX, y: clientY, fixed: true } : { node: markerNode, x: documentPoint.x, y: documentPoint.y, fixed: false };
    this.place();
    const at = { x: Math.round(nearestFixed ? clientX : documentPoint.x), y: Math.round(nearestFixed ? clientY : documentPoint.y) };
    if (near.length === 0) {
      this.update({ ...this.state, sessions: { kind: 'none', at } });
      return;
    }
    near.sort((a, b) => b.count - a.count);
    const points = near.slice(0, 200);
    this.update({ ...this.state, sessions: { kind: 'loading', at } });
    try {
      const { listId, ...counts } = await this.dependencies.loadSessions({ ...request, type: 'click', points: points.map(({ x, y, target_fixed }) => ({ x, y, target_fixed })) });
      if (sequence !== this.sequence || !this.catcher) return;
      const clicks = points.reduce((sum, point) => sum + point.count, 0);
      this.update({ ...this.state, sessions: { kind: 'ready', at, spots: points.length, clicks, ...counts, frameUrl: this.dependencies.sessionsFrameUrl(listId) } });
    } catch (error) {
      if (sequence !== this.sequence || !this.catcher) return;
      this.update({ ...this.state, sessions: { kind: 'error', message: messageOf(error) } });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Report and saved heatmap

  /**
   * Puts the Markdown report on the clipboard. The click on "Copy report" is the user gesture the
   * clipboard needs; when the page refuses anyway (no focus, a permissions policy), the report is
   * shown selected so that Ctrl+C copies it.
   */
  async copyReport(): Promise<void> {
    const report = this.state.report;
    if (!report) return;
    try {
      await navigator.clipboard.writeText(report);
      this.update({ ...this.state, copy: { kind: 'copied' } });
    } catch {
      this.update({ ...this.state, copy: { kind: 'manual', report } });
    }
  }

  async saveToPostHog(): Promise<void> {
    const request = this.pageRequest;
    if (!request || this.state.save.kind === 'saving' || this.state.save.kind === 'processing') return;
    const sequence = this.sequence;
    this.update({ ...this.state, save: { kind: 'saving' } });
    try {
      let saved = await this.dependencies.saveHeatmap(request);
      for (let polls = 0; ; polls++) {
        if (sequence !== this.sequence || this.signal.aborted) return;
        const kind = saved.status === 'completed' || saved.status === 'failed' ? saved.status : 'processing';
        this.update({ ...this.state, save: { kind, url: saved.url, shortId: saved.shortId } });
        if (kind !== 'processing' || polls >= SAVE_POLL_LIMIT) return;
        await new Promise((resolve) => setTimeout(resolve, SAVE_POLL_MS));
        if (sequence !== this.sequence || this.signal.aborted) return;
        saved = await this.dependencies.savedStatus(saved.shortId);
      }
    } catch (error) {
      if (sequence !== this.sequence) return;
      this.update({ ...this.state, save: { kind: 'error', message: messageOf(error) } });
    }
  }

  private update(state: ReviewState): void {
    this.state = state;
    if (!this.signal.aborted) this.onChange(state);
  }
}

/**
 * posthog-js records a click in viewport px when its target or an ancestor is fixed or sticky (the
 * layer that does not scroll): the element's box must be read in the same space.
 */
function inFixedLayer(element: Element): boolean {
  for (let current: Element | null = element; current; current = current.parentElement) {
    const position = getComputedStyle(current).position;
    if (position === 'fixed' || position === 'sticky') return true;
  }
  return false;
}

function styled(className: string, text: string): HTMLElement {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = text;
  return span;
}

const numberFormat = new Intl.NumberFormat('en-US');
function formatNumber(value: number): string {
  return numberFormat.format(Math.round(value));
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error && typeof (error as { message: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return 'Something went wrong.';
}

/** One turn of the event loop for the page (lib/core/schedule.ts: scheduler.yield where the browser has it). */
const yieldToPage = yieldToEventLoop;
