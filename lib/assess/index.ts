/**
 * Page assessment: what the heatmap data says about this page, in findings an analyst would write.
 *
 *   spots ──clusterSpots──▶ clusters ──describeElementAtPagePosition──▶ clusters with elements
 *   + fold, scroll depth, calls to action, element stats ──assessPage──▶ findings ──▶ Markdown
 *
 * `collectAssessInput` is the only part that reads the live DOM; `assessPage` is pure.
 */

import type { HeatLayerData } from '../messaging/protocol';
import type { ElementStat, ScrollDepthResponse } from '../posthog/schemas';
import type { SpotPoint } from './cluster';
import { clusterSpots, spotsToPoints } from './cluster';
import { describeElement, describeElementAtPagePosition, findCallsToAction, type ElementsAtPoint, type ScrollOffsets } from './describe';
import { matchElementStats } from './element-stats';
import type { AssessInput, ClusterWithElement, FoldReading } from './rules';

export * from './cluster';
export * from './cta';
export * from './describe';
export * from './element-stats';
export * from './report';
export * from './rules';

/** Looking up an element costs a layout query; past the 25 hottest areas no rule's minimum holds. */
export const MAX_CLUSTERS_DESCRIBED = 25;
/** Areas below 0.5% of a layer cannot reach any rule's share threshold (the lowest is 3%). */
export const MIN_CLUSTER_SHARE = 0.005;

export interface CollectOptions {
  /** Defaults to the window's inner size (what PostHog's relative x is a share of). */
  viewport?: { width: number; height: number };
  /** Fixed scroll offsets (tests); defaults to `scrollRoot`'s, read at each step. */
  scroll?: { x: number; y: number };
  /**
   * What scrolls the page (lib/overlay/scroll-root.ts): the window, or a container on app-like
   * pages. Element boxes become document px through its offsets, as posthog-js recorded them.
   * Defaults to the window.
   */
  scrollRoot?: { scrollX(): number; scrollY(): number; contentHeight(): number };
  /** Stack of elements at a viewport point; defaults to `document.elementsFromPoint`. */
  lookup?: ElementsAtPoint;
  /** Raw `/elements/stats/` results, when the key has `element:read`. */
  elementStats?: readonly ElementStat[];
  /** Fold readings per viewport band, when the caller fetched them; else the click layer's fold. */
  foldByBand?: readonly FoldReading[];
}

type AssessData = { layers: readonly HeatLayerData[]; scrollDepth: ScrollDepthResponse | null };

/** Everything the rules need from the live page, in one go (tests, small data). */
export function collectAssessInput(doc: Document, data: AssessData, options: CollectOptions = {}): AssessInput {
  const steps = collectAssessSteps(doc, data, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same, giving the page a turn (`pause`) between steps: unpacking, clustering and describing
 * each layer, then matching element stats. With 100k spots each step stays short, so the review
 * never holds the page's main thread for one long task.
 */
export async function collectAssessInputInSteps(doc: Document, data: AssessData, options: CollectOptions, pause: () => Promise<void>): Promise<AssessInput> {
  const steps = collectAssessSteps(doc, data, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

function* collectAssessSteps(doc: Document, data: AssessData, options: CollectOptions): Generator<void, AssessInput> {
  const view = doc.defaultView;
  const viewport = options.viewport ?? { width: view?.innerWidth ?? 0, height: view?.innerHeight ?? 0 };
  // Read at each step: the page may scroll between steps, and element lookups are by viewport point.
  const root = options.scrollRoot;
  const currentScroll = () => options.scroll ?? (root ? { x: root.scrollX(), y: root.scrollY() } : { x: view?.scrollX ?? 0, y: view?.scrollY ?? 0 });
  const offsets: ScrollOffsets = currentScroll;
  let clickPoints: SpotPoint[] = [];

  const layerTotals = { click: 0, rageclick: 0, deadclick: 0, mousemove: 0 };
  function* clustersFor(id: 'click' | 'rageclick' | 'deadclick'): Generator<void, ClusterWithElement[]> {
    const layer = data.layers.find((candidate) => candidate.id === id);
    if (!layer) return [];
    const points = spotsToPoints(layer.spots, viewport.width);
    if (id === 'click') clickPoints = points;
    const spotTotal = points.reduce((sum, point) => sum + (Number.isFinite(point.count) && point.count > 0 ? point.count : 0), 0);
    layerTotals[id] = Math.max(layer.totalCount, spotTotal);
    yield;
    const found = clusterSpots(points, { total: layerTotals[id], minShare: MIN_CLUSTER_SHARE }).slice(0, MAX_CLUSTERS_DESCRIBED);
    yield;
    const scroll = currentScroll();
    const context = { scrollX: scroll.x, scrollY: scroll.y, viewportWidth: viewport.width, viewportHeight: viewport.height, lookup: options.lookup, offsets: () => scroll };
    const described = found.map((cluster) => ({ ...cluster, element: describeElementAtPagePosition(doc, { ...cluster.centroid, fixed: cluster.fixed }, context) }));
    // Counted in the same step as the description, so the element boxes and the scroll agree.
    return countPerElement(described, points, layerTotals[id], scroll);
  }
  const click = yield* clustersFor('click');
  yield;
  const rageclick = yield* clustersFor('rageclick');
  yield;
  const deadclick = yield* clustersFor('deadclick');
  yield;
  const clusters = { click, rageclick, deadclick };
  const moves = data.layers.find((layer) => layer.id === 'mousemove');
  if (moves) layerTotals.mousemove = moves.totalCount;

  const clickLayer = data.layers.find((layer) => layer.id === 'click');
  const fold: AssessInput['fold'] = options.foldByBand && options.foldByBand.length > 0 ? options.foldByBand : (clickLayer?.fold ?? null);

  const elementStats = options.elementStats
    ? matchElementStats(doc, options.elementStats).matched.map((match) => ({
        element: describeElement(match.element, offsets),
        autocaptureClicks: match.autocaptureClicks,
        rageClicks: match.rageClicks,
        deadClicks: match.deadClicks,
      }))
    : undefined;

  yield;
  const readings = fold === null ? [] : Array.isArray(fold) ? (fold as readonly FoldReading[]) : [fold as FoldReading];
  const foldY = readings.find((reading) => reading.median_viewport_height && reading.median_viewport_height > 0)?.median_viewport_height ?? viewport.height;
  const ctas = findCallsToAction(doc, { offsets, clicks: clickPoints, foldY });

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

/**
 * A cluster holds only the hot cells around a spot, so clicks spread thinly over a wide element
 * (an image, a card) would be under-counted. Once the element under a cluster is known, its count
 * becomes every spot inside the element's box (never less than its clusters held), and clusters
 * that landed on the same element merge into one, so nothing is counted twice.
 */
export function countPerElement(
  clusters: readonly ClusterWithElement[],
  points: readonly SpotPoint[],
  total: number,
  scroll: { x: number; y: number },
): ClusterWithElement[] {
  const merged: ClusterWithElement[] = [];
  const byKey = new Map<string, ClusterWithElement>();
  for (const cluster of clusters) {
    const element = cluster.element;
    if (!element) {
      merged.push(cluster);
      continue;
    }
    const key = `${cluster.fixed}|${element.selector}`;
    const first = byKey.get(key);
    if (first) {
      first.count += cluster.count;
      continue;
    }
    const copy = { ...cluster };
    byKey.set(key, copy);
    merged.push(copy);
  }
  for (const cluster of byKey.values()) {
    const rect = cluster.element!.rect;
    // Fixed spots are in viewport coordinates; the element's rect is in document coordinates.
    const offsetX = cluster.fixed ? scroll.x : 0;
    const offsetY = cluster.fixed ? scroll.y : 0;
    let inside = 0;
    for (const point of points) {
      if (point.fixed !== cluster.fixed || !(point.count > 0)) continue;
      const x = point.x + offsetX;
      const y = point.y + offsetY;
      if (x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height) inside += point.count;
    }
    cluster.count = Math.max(cluster.count, inside);
    cluster.share = total > 0 ? cluster.count / total : cluster.share;
  }
  return merged.sort((a, b) => b.count - a.count);
}
