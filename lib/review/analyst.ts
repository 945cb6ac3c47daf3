/**
 * The page review's work that needs no DOM, behind one request/answer interface so that it can run
 * off the page's main thread: unpacking a layer's spots, clustering them, counting every spot inside
 * the element found under each cluster, recognising calls to action (which counts click spots per
 * filled button) and running the rules. With 100k–250k spots this is the review's heavy part (a CPU
 * profile of the review on 100k spots: clustering alone took 35–45 ms of one task, 100 ms at 200k).
 *
 *   main thread (reads the page)              SpotsAnalysis (pure; in the review worker, or sliced)
 *   ─ packs each layer's spot columns ──────▶ spots: unpack, totals, clusters per layer
 *   ─ names the element under each cluster ─▶ count: every spot inside each element's box
 *   ─ reads the candidate buttons and links ▶ ctas: which are calls to action (clicks per filled box)
 *   ─ puts the input together ─────────────▶ assess: the rules, findings
 *
 * A SpotsAnalysis keeps the unpacked spots between requests, so 100k points cross to the worker once.
 * Every answer is a step generator: the review worker (lib/review/review-worker.ts) runs it to the end,
 * the main-thread fallback (a page whose CSP refuses workers) runs it in slices (runSliced), and
 * `collectReviewInput` (tests, small data) runs it at once. The findings are the same in all three.
 */

import type { SpotColumns } from '../core/wire-columns';
import { clusterSpotsInSteps, ITERATIONS_PER_STEP, spotsToPointsInSteps, type Cluster, type SpotPoint } from './cluster';
import { recogniseCallsToActionInSteps, type CallToAction, type CtaCandidate } from './cta';
import { reviewPage, type ReviewInput, type ClusterWithElement, type Finding } from './rules';

/** Looking up an element costs a layout query; past the 25 hottest areas no rule's minimum holds. */
export const MAX_CLUSTERS_DESCRIBED = 25;
/** Areas below 0.5% of a layer cannot reach any rule's share threshold (the lowest is 3%). */
export const MIN_CLUSTER_SHARE = 0.005;

export type SpotLayerId = 'click' | 'rageclick' | 'deadclick';

/**
 * One layer's spots: the payload's own typed columns (x as a share of the visitor's width; fixed as
 * 0/1), handed to the worker as they are (structured clone copies their bytes; the payload keeps its own).
 */
export interface PackedSpots extends SpotColumns {
  id: SpotLayerId;
  /** PostHog's total for the layer (the spots may be paged, hottest first). */
  totalCount: number;
}

export type AnalystRequest =
  /** Unpack and cluster each layer at this viewport width; keeps the spots for the requests below. */
  | { kind: 'spots'; viewportWidth: number; layers: PackedSpots[] }
  /**
   * The layer's clusters with the element now found under each, and the scroll each was measured at
   * (a fixed cluster's spots are viewport px, its element's box document px).
   */
  | { kind: 'count'; layer: SpotLayerId; clusters: ClusterWithElement[]; scrolls: Array<{ x: number; y: number }> }
  /** The page's candidate links and buttons; the click layer's spots find the primary button. */
  | { kind: 'ctas'; candidates: CtaCandidate[]; lang: string; foldY: number; limit?: number }
  | { kind: 'assess'; input: ReviewInput };

export interface LayerClusters {
  id: SpotLayerId;
  /** PostHog's total, or the spots' sum when larger: what shares are taken of. */
  total: number;
  /** The hottest clusters worth describing, hottest first (at most MAX_CLUSTERS_DESCRIBED). */
  clusters: Cluster[];
}

export interface AnalystAnswers {
  spots: LayerClusters[];
  count: ClusterWithElement[];
  ctas: CallToAction[];
  assess: Finding[];
}

export type AnalystAnswer<R extends AnalystRequest> = AnalystAnswers[R['kind']];

/** Where a request is answered: the review worker, or the page's main thread in slices. */
export interface Analyst {
  ask<R extends AnalystRequest>(request: R): Promise<AnalystAnswer<R>>;
}

/** The DOM-free half of one review run. */
export class SpotsAnalysis {
  private readonly points = new Map<SpotLayerId, SpotPoint[]>();
  private readonly totals = new Map<SpotLayerId, number>();

  answer<R extends AnalystRequest>(request: R): Generator<void, AnalystAnswer<R>, void> {
    return this.steps(request) as Generator<void, AnalystAnswer<R>, void>;
  }

  private *steps(request: AnalystRequest): Generator<void, AnalystAnswers[keyof AnalystAnswers], void> {
    switch (request.kind) {
      case 'spots':
        return yield* this.cluster(request.layers, request.viewportWidth);
      case 'count': {
        const points = this.points.get(request.layer) ?? [];
        return yield* countPerElementInSteps(request.clusters, points, this.totals.get(request.layer) ?? 0, request.scrolls);
      }
      case 'ctas':
        return yield* recogniseCallsToActionInSteps(request.candidates, {
          lang: request.lang,
          clicks: this.points.get('click') ?? [],
          foldY: request.foldY,
          limit: request.limit,
        });
      case 'assess':
        return reviewPage(request.input);
    }
  }

  private *cluster(layers: readonly PackedSpots[], viewportWidth: number): Generator<void, LayerClusters[], void> {
    const answers: LayerClusters[] = [];
    for (const layer of layers) {
      const points = yield* spotsToPointsInSteps(layer, viewportWidth);
      let spotTotal = 0;
      for (let i = 0; i < points.length; i++) {
        if ((i & (ITERATIONS_PER_STEP - 1)) === ITERATIONS_PER_STEP - 1) yield;
        const count = points[i]!.count;
        spotTotal += Number.isFinite(count) && count > 0 ? count : 0;
      }
      const total = Math.max(layer.totalCount, spotTotal);
      this.points.set(layer.id, points);
      this.totals.set(layer.id, total);
      const clusters = (yield* clusterSpotsInSteps(points, { total, minShare: MIN_CLUSTER_SHARE })).slice(0, MAX_CLUSTERS_DESCRIBED);
      answers.push({ id: layer.id, total, clusters });
    }
    return answers;
  }
}

/**
 * A cluster holds only the hot cells around a spot, so clicks spread thinly over a wide element
 * (an image, a card) would be under-counted. Once the element under a cluster is known, its count
 * becomes every spot inside the element's box (never less than its clusters held), and clusters
 * that landed on the same element merge into one, so nothing is counted twice.
 *
 * `scroll` is where the page was scrolled when the elements were measured: one for all, or one per
 * cluster (the review measures between turns it gives the page, which may scroll in between).
 */
export function* countPerElementInSteps(
  clusters: readonly ClusterWithElement[],
  points: readonly SpotPoint[],
  total: number,
  scroll: { x: number; y: number } | ReadonlyArray<{ x: number; y: number }>,
): Generator<void, ClusterWithElement[], void> {
  const scrollOf = (index: number) => (Array.isArray(scroll) ? (scroll[index] ?? { x: 0, y: 0 }) : (scroll as { x: number; y: number }));
  const merged: ClusterWithElement[] = [];
  const byKey = new Map<string, { cluster: ClusterWithElement; scroll: { x: number; y: number } }>();
  clusters.forEach((cluster, index) => {
    const element = cluster.element;
    if (!element) {
      merged.push(cluster);
      return;
    }
    const key = `${cluster.fixed}|${element.selector}`;
    const first = byKey.get(key);
    if (first) {
      first.cluster.count += cluster.count;
      return;
    }
    const copy = { ...cluster };
    byKey.set(key, { cluster: copy, scroll: scrollOf(index) });
    merged.push(copy);
  });
  for (const { cluster, scroll: measuredAt } of byKey.values()) {
    const rect = cluster.element!.rect;
    // Fixed spots are in viewport coordinates; the element's rect is in document coordinates.
    const offsetX = cluster.fixed ? measuredAt.x : 0;
    const offsetY = cluster.fixed ? measuredAt.y : 0;
    let inside = 0;
    for (let i = 0; i < points.length; i++) {
      if ((i & (ITERATIONS_PER_STEP - 1)) === ITERATIONS_PER_STEP - 1) yield;
      const point = points[i]!;
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
