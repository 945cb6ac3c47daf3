/**
 * Page assessment: what the heatmap data says about this page, in findings an analyst would write.
 *
 *   spots ──clusterSpots──▶ clusters ──describeElementAtPagePosition──▶ clusters with elements
 *   + fold, scroll depth, calls to action, element stats ──reviewPage──▶ findings ──▶ Markdown
 *
 * `collectReviewInput` is the only part that reads the live DOM; the rest is pure. The pure work on
 * the spots (clustering, counting per element, calls to action, the rules) goes through an Analyst
 * (analyst.ts): the review worker in the overlay, or the same code run here.
 */

import type { HeatLayerData } from '../messaging/protocol';
import type { ElementStat, ScrollDepthResponse } from '../posthog/schemas';
import { runToCompletion, yieldToEventLoop } from '../core/schedule';
import { countPerElementInSteps, SpotsAnalysis, type Analyst, type AnalystAnswers, type AnalystRequest, type LayerClusters, type PackedSpots, type SpotLayerId } from './analyst';
import { collectCtaCandidatesInSteps, describeElement, describeElementAtPagePosition, treePath, uniqueSelector, type ElementsAtPoint, type ScrollOffsets } from './describe';
import { matchElementStats, type ElementStatMatch } from './element-stats';
import type { SpotPoint } from './cluster';
import type { ReviewInput, ClusterWithElement, FoldReading } from './rules';

export * from './analyst';
export * from './cluster';
export * from './cta';
export * from './describe';
export * from './element-stats';
export * from './report';
export * from './rules';

export interface CollectOptions {
  /** Defaults to the window's inner size (what PostHog's relative x is a share of). */
  viewport?: { width: number; height: number };
  /** Fixed scroll offsets (tests); defaults to `scrollRoot`'s, read at each step. */
  scroll?: { x: number; y: number };
  /**
   * What scrolls the page (lib/core/scroll-root.ts): the window, or a container on app-like
   * pages. Element boxes become document px through its offsets, as posthog-js recorded them.
   * Defaults to the window.
   */
  scrollRoot?: { scrollX(): number; scrollY(): number; contentHeight(): number };
  /** Stack of elements at a viewport point; defaults to `document.elementsFromPoint`. */
  lookup?: ElementsAtPoint;
  /** Raw `/elements/stats/` results, when the key has `element:read`. */
  elementStats?: readonly ElementStat[];
  /** The same already matched to the page's elements (matchElementStatsInSteps); wins over `elementStats`. */
  elementMatches?: readonly ElementStatMatch[];
  /** Fold readings per viewport band, when the caller fetched them; else the click layer's fold. */
  foldByBand?: readonly FoldReading[];
}

type ReviewData = { layers: readonly HeatLayerData[]; scrollDepth: ScrollDepthResponse | null };

/** Everything the rules need from the live page, in one go, the pure work done here too (tests, small data). */
export function collectReviewInput(doc: Document, data: ReviewData, options: CollectOptions = {}): ReviewInput {
  const analysis = new SpotsAnalysis();
  const steps = collectReviewSteps(doc, data, options);
  let reply: unknown;
  for (;;) {
    const step = steps.next(reply);
    if (step.done) return step.value;
    reply = step.value ? runToCompletion(analysis.answer(step.value)) : undefined;
  }
}

export interface CollectRun {
  /** Answers the pure requests: the review worker, or a main-thread slicer. */
  analyst: Analyst;
  /** Main-thread time per slice of page reads before the page gets a turn, ms. */
  budgetMs?: number;
  /** Checked at every turn; when true the collection stops and resolves to null. */
  isCancelled?: () => boolean;
  yieldFn?: () => Promise<void>;
}

/** Page reads between two turns for the page: each element lookup is a layout query. */
export const COLLECT_SLICE_MS = 8;

/**
 * The same on the live page without holding its main thread: the page is read in slices of at most
 * `budgetMs` (one element lookup, one candidate button at a time), and the pure work goes to the
 * analyst. Each answer starts a fresh slice after a turn for the page.
 */
export async function collectReviewInputInSteps(doc: Document, data: ReviewData, options: CollectOptions, run: CollectRun): Promise<ReviewInput | null> {
  const budget = run.budgetMs ?? COLLECT_SLICE_MS;
  const pause = run.yieldFn ?? yieldToEventLoop;
  const steps = collectReviewSteps(doc, data, options);
  let reply: unknown;
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next(reply);
    reply = undefined;
    if (step.done) return step.value;
    if (step.value) reply = await run.analyst.ask(step.value);
    if (step.value || performance.now() - sliceStart >= budget) {
      await pause();
      if (run.isCancelled?.()) {
        steps.return(undefined as never);
        return null;
      }
      sliceStart = performance.now();
    }
  }
}

/** What collectReviewSteps yields: nothing (a page read ended: the page may have a turn) or a request for the analyst. */
type CollectStep = AnalystRequest | undefined;

function* ask<K extends keyof AnalystAnswers>(request: Extract<AnalystRequest, { kind: K }>): Generator<CollectStep, AnalystAnswers[K], unknown> {
  return (yield request) as AnalystAnswers[K];
}

const SPOT_LAYERS: readonly SpotLayerId[] = ['click', 'rageclick', 'deadclick'];

function* collectReviewSteps(doc: Document, data: ReviewData, options: CollectOptions): Generator<CollectStep, ReviewInput, unknown> {
  const view = doc.defaultView;
  const viewport = options.viewport ?? { width: view?.innerWidth ?? 0, height: view?.innerHeight ?? 0 };
  // Read at each step: the page may scroll between steps, and element lookups are by viewport point.
  const root = options.scrollRoot;
  const currentScroll = () => options.scroll ?? (root ? { x: root.scrollX(), y: root.scrollY() } : { x: view?.scrollX ?? 0, y: view?.scrollY ?? 0 });
  const offsets: ScrollOffsets = currentScroll;

  const layerTotals = { click: 0, rageclick: 0, deadclick: 0, mousemove: 0 };
  const packed: PackedSpots[] = [];
  for (const id of SPOT_LAYERS) {
    const layer = data.layers.find((candidate) => candidate.id === id);
    if (layer) packed.push({ id, ...layer.spots, totalCount: layer.totalCount });
  }
  const clustered: LayerClusters[] = packed.length > 0 ? yield* ask<'spots'>({ kind: 'spots', viewportWidth: viewport.width, layers: packed }) : [];

  const clusters: ReviewInput['clusters'] = { click: [], rageclick: [], deadclick: [] };
  for (const layer of clustered) {
    layerTotals[layer.id] = layer.total;
    const described: ClusterWithElement[] = [];
    const scrolls: Array<{ x: number; y: number }> = [];
    for (const cluster of layer.clusters) {
      // One lookup per slice at most: each is a layout query, and off-screen ones walk the page.
      // The scroll is read with it, so the element's box and the cluster's position agree.
      const scroll = currentScroll();
      const context = { scrollX: scroll.x, scrollY: scroll.y, viewportWidth: viewport.width, viewportHeight: viewport.height, lookup: options.lookup, offsets: () => scroll };
      described.push({ ...cluster, element: describeElementAtPagePosition(doc, { ...cluster.centroid, fixed: cluster.fixed }, context) });
      scrolls.push(scroll);
      yield;
    }
    clusters[layer.id] = yield* ask<'count'>({ kind: 'count', layer: layer.id, clusters: described, scrolls });
  }
  const moves = data.layers.find((layer) => layer.id === 'mousemove');
  if (moves) layerTotals.mousemove = moves.totalCount;

  const clickLayer = data.layers.find((layer) => layer.id === 'click');
  const fold: ReviewInput['fold'] = options.foldByBand && options.foldByBand.length > 0 ? options.foldByBand : (clickLayer?.fold ?? null);

  const matches = options.elementMatches ?? (options.elementStats ? matchElementStats(doc, options.elementStats).matched : undefined);
  let elementStats: ReviewInput['elementStats'];
  if (matches) {
    const summaries: NonNullable<ReviewInput['elementStats']>[number][] = [];
    for (const match of matches) {
      summaries.push({
        element: describeElement(match.element, offsets),
        autocaptureClicks: match.autocaptureClicks,
        rageClicks: match.rageClicks,
        deadClicks: match.deadClicks,
      });
      yield;
    }
    elementStats = summaries;
  }

  yield;
  const readings = fold === null ? [] : Array.isArray(fold) ? (fold as readonly FoldReading[]) : [fold as FoldReading];
  const foldY = readings.find((reading) => reading.median_viewport_height && reading.median_viewport_height > 0)?.median_viewport_height ?? viewport.height;
  const { candidates, elements } = yield* collectCtaCandidatesInSteps(doc, { offsets });
  const recognised = yield* ask<'ctas'>({ kind: 'ctas', candidates, lang: doc.documentElement?.getAttribute('lang') ?? '', foldY });
  const ctas: ReviewInput['ctas'][number][] = [];
  for (const cta of recognised) {
    const element = elements[cta.candidateIndex]!;
    ctas.push({ ...cta, selector: uniqueSelector(element), treePath: treePath(element) });
    yield;
  }

  return {
    clusters,
    fold,
    scrollDepth: data.scrollDepth?.results ?? null,
    ctas,
    layerTotals,
    viewport,
    documentHeight: root ? root.contentHeight() : Math.max(doc.documentElement?.scrollHeight ?? 0, doc.body?.scrollHeight ?? 0),
    ...(elementStats ? { elementStats } : {}),
  };
}

/** See countPerElementInSteps (analyst.ts), run at once. */
export function countPerElement(
  clusters: readonly ClusterWithElement[],
  points: readonly SpotPoint[],
  total: number,
  scroll: { x: number; y: number } | ReadonlyArray<{ x: number; y: number }>,
): ClusterWithElement[] {
  return runToCompletion(countPerElementInSteps(clusters, points, total, scroll));
}
