/** What every rule reads (the input, grouped by element) and the wording and grouping helpers the rules share. */

import type { Cluster, Rect } from '../cluster';
import { type CtaReason } from '../cta';
import type { ElementDescription } from '../describe';
import { LARGE_CONTAINER_HEIGHT_SHARE, LARGE_CONTAINER_WIDTH_SHARE, RULE_TIERS } from './thresholds';

// ---------------------------------------------------------------------------------------------
// Types

export type RuleId = keyof typeof RULE_TIERS;

export interface ClusterWithElement extends Cluster {
  element: ElementDescription | null;
}

export interface FoldReading {
  total_count: number;
  below_fold_count: number;
  pct_below_fold: number;
  median_viewport_height: number | null;
  /** The viewport band this reading covers ("Mobile (< 768 px)"), when read per band. */
  band?: string | null;
}

export interface ScrollBucket {
  scroll_depth_bucket: number;
  bucket_count: number;
  cumulative_count: number;
}

/** Autocapture's counts for one element found on the page (see element-stats.ts). */
export interface ElementStatSummary {
  element: ElementDescription;
  autocaptureClicks: number;
  rageClicks: number;
  deadClicks: number;
}

export interface ReviewInput {
  clusters: { click: readonly ClusterWithElement[]; rageclick: readonly ClusterWithElement[]; deadclick: readonly ClusterWithElement[] };
  /** One reading for the whole data, or one per viewport band; null when unknown. */
  fold: FoldReading | readonly FoldReading[] | null;
  /** Ascending by bucket, as PostHog sends them; null when not loaded. */
  scrollDepth: readonly ScrollBucket[] | null;
  /** Elements that look like calls to action, with document positions and why (lib/review/cta.ts). */
  ctas: ReadonlyArray<ElementDescription & { reasons?: readonly CtaReason[]; target?: string | null }>;
  layerTotals: { click: number; rageclick: number; deadclick: number; mousemove?: number };
  viewport: { width: number; height: number };
  documentHeight: number;
  elementStats?: readonly ElementStatSummary[];
}

export interface Finding {
  id: string;
  rule: RuleId;
  /** Higher first. Tier of the rule plus a strength below 1. */
  severity: number;
  title: string;
  evidence: string[];
  recommendation: string;
  target?: { selector: string; label: string; rect: Rect; treePath?: string };
}

// ---------------------------------------------------------------------------------------------
// Wording helpers

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function formatShare(share: number): string {
  const pct = share * 100;
  if (pct > 0 && pct < 1) return '<1%';
  return `${Math.round(pct)}%`;
}

/**
 * Autocapture's count beside the heatmap's, with why they may differ: autocapture counts the events
 * PostHog tied to this element at every window width, the heatmap counts positions, only at the widths
 * the filters chose (and only where a spot falls on the element). Two numbers for one thing need that word.
 */
export function autocaptureLine(autocaptured: number, heatmapCount: number, singular: string, pluralWord: string): string {
  const counted = `PostHog autocapture counted ${plural(autocaptured, `${singular} event`, `${pluralWord.replace(/s$/, '')} events`)} on this element`;
  if (autocaptured === heatmapCount) return `${counted}, the same as the heatmap.`;
  return `${counted}, against the heatmap's ${formatCount(heatmapCount)}: autocapture counts events on the element at every window width, the heatmap counts click positions at the filtered widths only.`;
}

export function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${Math.round(count) === 1 ? one : many}`;
}

/** “Buy Pro”, or the tag and selector when the element has no name. */
export function elementName(element: ElementDescription): string {
  return element.label ? `“${element.label}”` : `the <${element.tag}> at ${element.selector}`;
}

export function placeName(target: TargetGroup): string {
  if (target.element) return elementName(target.element);
  const { x, y } = target.centroid;
  return `the spot at ${formatCount(x)} × ${formatCount(y)} px${target.fixed ? ' (fixed layer)' : ''}`;
}

export function targetOf(element: ElementDescription | null): Finding['target'] {
  return element ? { selector: element.selector, label: element.label, rect: element.rect, treePath: element.treePath } : undefined;
}

/** Volume and share folded into 0..0.99: log volume (10 → 0.33, 1,000 → 1) and share weigh equally. */
export function strength(count: number, share: number): number {
  const volume = Math.min(1, Math.log10(Math.max(1, count)) / 3);
  return Math.min(0.99, 0.5 * volume + 0.5 * Math.min(1, Math.max(0, share)));
}

// ---------------------------------------------------------------------------------------------
// Grouping: two clusters on one element (a wide button split by a cold cell) are one target.

export interface TargetGroup {
  key: string;
  element: ElementDescription | null;
  count: number;
  share: number;
  centroid: { x: number; y: number };
  fixed: boolean;
  /** Spots that landed elsewhere in an ancestor whose group merged into this one. */
  around?: { element: ElementDescription; count: number };
}

export function groupByElement(clusters: readonly ClusterWithElement[], total: number, viewport: ReviewInput['viewport']): TargetGroup[] {
  const groups = new Map<string, TargetGroup>();
  const clusterTotal = clusters.reduce((sum, cluster) => sum + (Number.isFinite(cluster.count) ? cluster.count : 0), 0);
  for (const cluster of clusters) {
    if (!Number.isFinite(cluster.count) || cluster.count <= 0) continue;
    const key = cluster.element ? `el:${cluster.element.selector}` : `cl:${cluster.id}`;
    const existing = groups.get(key);
    if (existing) {
      existing.count += cluster.count;
    } else {
      groups.set(key, { key, element: cluster.element, count: cluster.count, share: 0, centroid: cluster.centroid, fixed: cluster.fixed });
    }
  }
  // Shares are of the layer's total; when that is unknown, of what the clusters hold (the clusters'
  // own shares would do too, but summing them for grouped targets double-rounds).
  const denominator = total > 0 ? total : clusterTotal;
  const merged = mergeRelatedGroups([...groups.values()], viewport);
  for (const group of merged) group.share = denominator > 0 ? group.count / denominator : 0;
  return merged.sort((a, b) => b.count - a.count);
}

/** A descendant is the target when it holds at least this share of the spots in its ancestor. */
export const AIMED_MIN_SHARE_OF_ANCESTOR = 0.5;

/** True when the element at `ancestor` contains the one at `descendant` (or is it). */
export function containsPath(ancestor: string, descendant: string): boolean {
  return descendant === ancestor || ancestor === '' || descendant.startsWith(`${ancestor}/`);
}

/** The outer element when one of the two contains the other; null when they are unrelated. */
export function outerOf<T extends { treePath?: string }>(a: T, b: T): T | null {
  if (a.treePath === undefined || b.treePath === undefined) return null;
  return containsPath(a.treePath, b.treePath) ? a : containsPath(b.treePath, a.treePath) ? b : null;
}

/**
 * One target per element family: a hero section and the heading inside it, a card and the button
 * in it, are one place people aimed at. Of two related groups the target is the element people
 * aimed at: the descendant when it holds most of the ancestor's spots (counts are every spot inside
 * each box, see countPerElement, so the ancestor's count includes the descendant's) and is
 * something a person can name or act on; the ancestor otherwise, unless the ancestor is a
 * page-sized wrapper (then both stay: "somewhere on the page" is not a target).
 */
export function mergeRelatedGroups<T extends { element: ElementDescription | null; count: number; fixed: boolean; around?: { element: ElementDescription; count: number } }>(
  groups: readonly T[],
  viewport: ReviewInput['viewport'],
): T[] {
  const kept: T[] = [];
  for (const group of [...groups].sort((a, b) => b.count - a.count)) {
    const element = group.element;
    let merged = false;
    for (let index = 0; element && index < kept.length && !merged; index++) {
      const other = kept[index]!;
      if (!other.element || other.fixed !== group.fixed) continue;
      const outer = outerOf(other.element, element);
      if (!outer) continue;
      const [ancestor, descendant] = outer === other.element ? [other, group] : [group, other];
      const ancestorCount = Math.max(ancestor.count, descendant.count);
      const nameable = descendant.element!.interactive || descendant.element!.label !== '';
      if (nameable && descendant.count >= AIMED_MIN_SHARE_OF_ANCESTOR * ancestorCount) {
        const elsewhere = ancestorCount - descendant.count;
        kept[index] = { ...descendant, around: elsewhere > 0 ? { element: ancestor.element!, count: elsewhere } : descendant.around };
        merged = true;
      } else if (!isLargeContainer(ancestor.element!, viewport)) {
        kept[index] = { ...ancestor, count: ancestorCount };
        merged = true;
      }
    }
    if (!merged) kept.push({ ...group });
  }
  return kept;
}

/** "Another 6 land elsewhere in “Pricing plans”." Spots in the ancestor outside the target. */
export function aroundLine(group: TargetGroup): string | null {
  if (!group.around || !(group.around.count > 0)) return null;
  const outer = group.around.element;
  // A section is named by its heading: when that is the target, name the section by its tag.
  const where = group.element && outer.label === group.element.label ? `the <${outer.tag}> holding it` : elementName(outer);
  return `Another ${formatCount(group.around.count)} ${Math.round(group.around.count) === 1 ? 'lands' : 'land'} elsewhere in ${where}.`;
}

export function countOn(groups: readonly TargetGroup[], selector: string | undefined): number {
  if (!selector) return 0;
  return groups.find((group) => group.element?.selector === selector)?.count ?? 0;
}

export function statFor(input: ReviewInput, selector: string | undefined): ElementStatSummary | undefined {
  if (!selector) return undefined;
  return input.elementStats?.find((stat) => stat.element.selector === selector);
}

export function isLargeContainer(element: { rect: Rect }, viewport: ReviewInput['viewport']): boolean {
  if (!(viewport.width > 0) || !(viewport.height > 0)) return false;
  return element.rect.width > viewport.width * LARGE_CONTAINER_WIDTH_SHARE && element.rect.height > viewport.height * LARGE_CONTAINER_HEIGHT_SHARE;
}

export function safeTotal(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : 0;
}

// ---------------------------------------------------------------------------------------------
// Rules

export interface Context {
  input: ReviewInput;
  clicks: TargetGroup[];
  rage: TargetGroup[];
  dead: TargetGroup[];
}


/** Share of visitors whose deepest seen pixel reached `y`; null when the buckets cannot say. */
export function reachAt(buckets: readonly ScrollBucket[], y: number): number | null {
  const first = buckets[0];
  if (!first || !(first.cumulative_count > 0)) return null;
  if (y <= first.scroll_depth_bucket) return 1;
  // Buckets hold only depths someone stopped at, so the first bucket at or past y counts exactly
  // the visitors who saw y.
  for (const bucket of buckets) {
    if (bucket.scroll_depth_bucket >= y) return bucket.cumulative_count / first.cumulative_count;
  }
  return 0;
}

/** The deepest bucket at least `share` of visitors reached. */
export function depthReachedBy(buckets: readonly ScrollBucket[], share: number): number | null {
  const first = buckets[0];
  if (!first || !(first.cumulative_count > 0)) return null;
  let depth: number | null = null;
  for (const bucket of buckets) {
    if (bucket.cumulative_count / first.cumulative_count >= share) depth = bucket.scroll_depth_bucket;
    else break;
  }
  return depth;
}

export function sortedBuckets(buckets: readonly ScrollBucket[] | null): ScrollBucket[] {
  return (buckets ?? [])
    .filter((bucket) => Number.isFinite(bucket.scroll_depth_bucket) && Number.isFinite(bucket.cumulative_count))
    .sort((a, b) => a.scroll_depth_bucket - b.scroll_depth_bucket);
}

