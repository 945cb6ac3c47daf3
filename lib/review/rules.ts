/**
 * The analyst: turns clusters, fold, scroll depth and calls to action into a short, ranked list of
 * findings, each with the numbers behind it and something to do. Pure data in, pure data out.
 *
 * The bar is deliberately high. A page with ordinary traffic must produce no findings at all, so
 * that when Heatlens does say something it is worth reading.
 */

import type { Cluster, Rect } from './cluster';
import { describeCtaReason, type CtaReason } from './cta';
import type { ElementDescription } from './describe';

// ---------------------------------------------------------------------------------------------
// Thresholds. Each is the least evidence an analyst would want before raising the point.

/** Three fast clicks make one rage click, so five are at least five bursts of frustration, not
 *  one visitor's double-double-click. */
export const MIN_RAGE_CLICKS = 5;
/** A rage cluster must hold a real part of the page's rage: below 5% it is background noise. */
export const MIN_RAGE_SHARE = 0.05;
/** Twenty clicks is past what misclicks and text selection produce on one spot in a normal week. */
export const MIN_NON_INTERACTIVE_CLICKS = 20;
/** ...and 3% of all clicks is comparable to a secondary button's share: visitors mean it. */
export const MIN_NON_INTERACTIVE_SHARE = 0.03;
/** An element wider than 60% and taller than 50% of the viewport is a wrapper or background: a
 *  click "on" it is a click on empty space or on content that moved, not an expected affordance. */
export const LARGE_CONTAINER_WIDTH_SHARE = 0.6;
export const LARGE_CONTAINER_HEIGHT_SHARE = 0.5;
/** Scroll depth over fewer visitors than this swings by tens of points with a handful of people. */
export const MIN_SCROLL_VISITORS = 30;
/** "Most visitors": a call to action fewer than half of them scroll to is below reach. */
export const CTA_REACH_MIN_SHARE = 0.5;
/** Where to suggest repeating it: the deepest point three quarters of visitors still see. */
export const CTA_SAFE_REACH_SHARE = 0.75;
/** More than three "move this up" findings stop being a priority list. */
export const MAX_CTA_FINDINGS = 3;
/** Fold and navigation shares over fewer than 100 clicks move by several points per click. */
export const MIN_CLICKS_FOR_SHARES = 100;
/** On most pages the first screen (navigation, hero, main action) takes the majority of clicks;
 *  when 40% or more land below it, what visitors look for is not where the page puts it. */
export const BELOW_FOLD_MIN_PCT = 40;
/** The header band: a typical top bar is 56-80 px high, 100 px covers it with its dropdown edge. */
export const HEADER_BAND_PX = 100;
/** Navigation taking 60% of clicks means most visitors use the page to go somewhere else. */
export const HOT_NAV_MIN_SHARE = 0.6;
/** ...and "a cold body" means not even one body target holds 10% of clicks. */
export const COLD_BODY_MAX_SPOT_SHARE = 0.1;
/** Dead clicks are noisier than rage clicks (text selection, slow networks count too), so the bar
 *  is higher: ten on one target and a tenth of all dead clicks. */
export const MIN_DEAD_CLICKS = 10;
export const MIN_DEAD_SHARE = 0.1;

/**
 * Ranking tiers, strongest signal first: a rage click is a visitor telling you something is broken;
 * a click on something that is not clickable is a mismatch of expectation; a call to action below
 * reach is lost conversion; fold and navigation shares describe the page's shape; dead clicks alone
 * are the noisiest. Within a tier, strength (share and volume) orders findings, never across tiers.
 */
export const RULE_TIERS = {
  'rage-clicks': 6,
  'non-interactive-clicks': 5,
  'cta-below-reach': 4,
  'clicks-below-fold': 3,
  'hot-nav-cold-body': 2,
  'dead-clicks': 1,
} as const;

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

export interface AssessInput {
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

function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${Math.round(count) === 1 ? one : many}`;
}

/** “Buy Pro”, or the tag and selector when the element has no name. */
export function elementName(element: ElementDescription): string {
  return element.label ? `“${element.label}”` : `the <${element.tag}> at ${element.selector}`;
}

function placeName(target: TargetGroup): string {
  if (target.element) return elementName(target.element);
  const { x, y } = target.centroid;
  return `the spot at ${formatCount(x)} × ${formatCount(y)} px${target.fixed ? ' (fixed layer)' : ''}`;
}

function targetOf(element: ElementDescription | null): Finding['target'] {
  return element ? { selector: element.selector, label: element.label, rect: element.rect, treePath: element.treePath } : undefined;
}

/** Volume and share folded into 0..0.99: log volume (10 → 0.33, 1,000 → 1) and share weigh equally. */
function strength(count: number, share: number): number {
  const volume = Math.min(1, Math.log10(Math.max(1, count)) / 3);
  return Math.min(0.99, 0.5 * volume + 0.5 * Math.min(1, Math.max(0, share)));
}

// ---------------------------------------------------------------------------------------------
// Grouping: two clusters on one element (a wide button split by a cold cell) are one target.

interface TargetGroup {
  key: string;
  element: ElementDescription | null;
  count: number;
  share: number;
  centroid: { x: number; y: number };
  fixed: boolean;
  /** Spots that landed elsewhere in an ancestor whose group merged into this one. */
  around?: { element: ElementDescription; count: number };
}

function groupByElement(clusters: readonly ClusterWithElement[], total: number, viewport: AssessInput['viewport']): TargetGroup[] {
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
function outerOf<T extends { treePath?: string }>(a: T, b: T): T | null {
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
  viewport: AssessInput['viewport'],
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
function aroundLine(group: TargetGroup): string | null {
  if (!group.around || !(group.around.count > 0)) return null;
  const outer = group.around.element;
  // A section is named by its heading: when that is the target, name the section by its tag.
  const where = group.element && outer.label === group.element.label ? `the <${outer.tag}> holding it` : elementName(outer);
  return `Another ${formatCount(group.around.count)} ${Math.round(group.around.count) === 1 ? 'lands' : 'land'} elsewhere in ${where}.`;
}

function countOn(groups: readonly TargetGroup[], selector: string | undefined): number {
  if (!selector) return 0;
  return groups.find((group) => group.element?.selector === selector)?.count ?? 0;
}

function statFor(input: AssessInput, selector: string | undefined): ElementStatSummary | undefined {
  if (!selector) return undefined;
  return input.elementStats?.find((stat) => stat.element.selector === selector);
}

function isLargeContainer(element: { rect: Rect }, viewport: AssessInput['viewport']): boolean {
  if (!(viewport.width > 0) || !(viewport.height > 0)) return false;
  return element.rect.width > viewport.width * LARGE_CONTAINER_WIDTH_SHARE && element.rect.height > viewport.height * LARGE_CONTAINER_HEIGHT_SHARE;
}

function safeTotal(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : 0;
}

// ---------------------------------------------------------------------------------------------
// Rules

interface Context {
  input: AssessInput;
  clicks: TargetGroup[];
  rage: TargetGroup[];
  dead: TargetGroup[];
}

function rageClickFindings({ input, clicks, rage }: Context): Finding[] {
  const findings: Finding[] = [];
  const total = safeTotal(input.layerTotals.rageclick);
  const seen = new Set<string>();
  for (const group of rage) {
    if (group.count < MIN_RAGE_CLICKS || group.share < MIN_RAGE_SHARE) continue;
    const name = placeName(group);
    const evidence = [
      `${plural(group.count, 'rage click', 'rage clicks')} (${formatShare(group.share)} of ${total > 0 ? `all ${formatCount(total)}` : 'all'} rage clicks) land on ${name}.`,
    ];
    const around = aroundLine(group);
    if (around) evidence.push(around);
    const clicksOn = countOn(clicks, group.element?.selector);
    if (clicksOn > 0) evidence.push(`The same element got ${plural(clicksOn, 'click', 'clicks')} in all.`);
    if (group.element && !group.element.interactive) {
      evidence.push(`It is a <${group.element.tag}> with no link, button, role, click handler attribute or pointer cursor: nothing on the page makes it respond.`);
    }
    const stat = statFor(input, group.element?.selector);
    if (stat && stat.rageClicks > 0) evidence.push(`PostHog autocapture also counted ${plural(stat.rageClicks, 'rage click', 'rage clicks')} on this element.`);
    if (group.element) seen.add(group.element.selector);
    findings.push({
      id: `rage-clicks:${group.key}`,
      rule: 'rage-clicks',
      severity: RULE_TIERS['rage-clicks'] + strength(group.count, group.share),
      title: `Rage clicks on ${name}`,
      evidence,
      recommendation: rageRecommendation(group.element, name),
      target: targetOf(group.element),
    });
  }

  // Autocapture's own rage counts catch elements the heatmap spread over several cold cells.
  const statRageTotal = (input.elementStats ?? []).reduce((sum, stat) => sum + stat.rageClicks, 0);
  const statDenominator = Math.max(total, statRageTotal);
  for (const stat of input.elementStats ?? []) {
    if (seen.has(stat.element.selector)) continue;
    const share = statDenominator > 0 ? stat.rageClicks / statDenominator : 0;
    if (stat.rageClicks < MIN_RAGE_CLICKS || share < MIN_RAGE_SHARE) continue;
    const name = elementName(stat.element);
    findings.push({
      id: `rage-clicks:el:${stat.element.selector}`,
      rule: 'rage-clicks',
      severity: RULE_TIERS['rage-clicks'] + strength(stat.rageClicks, share),
      title: `Rage clicks on ${name}`,
      evidence: [`PostHog autocapture counted ${plural(stat.rageClicks, 'rage click', 'rage clicks')} (${formatShare(share)} of all ${formatCount(statDenominator)} rage clicks) on ${name}.`],
      recommendation: rageRecommendation(stat.element, name),
      target: targetOf(stat.element),
    });
  }
  return findings;
}

function rageRecommendation(element: ElementDescription | null, name: string): string {
  if (element && !element.interactive) {
    return `Visitors expect ${name} to do something: make it a link or button to what they are after, or remove what makes it look clickable.`;
  }
  if (!element) {
    return `Open a few of these sessions in PostHog to see what was under ${name} for visitors, then check that it responds on the first click.`;
  }
  return `Check that ${name} responds on the first click: show a loading state, make a disabled state visible and explain it, and give feedback when the action fails.`;
}

function nonInteractiveFindings({ input, clicks, dead }: Context): Finding[] {
  const findings: Finding[] = [];
  const total = safeTotal(input.layerTotals.click);
  for (const group of clicks) {
    const element = group.element;
    if (!element || element.interactive) continue;
    if (group.count < MIN_NON_INTERACTIVE_CLICKS || group.share < MIN_NON_INTERACTIVE_SHARE) continue;
    if (isLargeContainer(element, input.viewport)) continue;
    const name = elementName(element);
    const evidence = [
      `${plural(group.count, 'click', 'clicks')} (${formatShare(group.share)} of ${total > 0 ? `all ${formatCount(total)}` : 'all'} clicks) land on ${name}, a <${element.tag}> that is not a link, button or form control.`,
      'Neither it nor its ancestors have a role, click handler attribute, tabindex or pointer cursor.',
    ];
    const around = aroundLine(group);
    if (around) evidence.push(around);
    const deadOn = countOn(dead, element.selector);
    if (deadOn > 0) evidence.push(`${plural(deadOn, 'of these clicks was', 'of these clicks were')} dead: nothing happened.`);
    findings.push({
      id: `non-interactive-clicks:${element.selector}`,
      rule: 'non-interactive-clicks',
      severity: RULE_TIERS['non-interactive-clicks'] + strength(group.count, group.share),
      title: `Clicks on ${name}, which is not clickable`,
      evidence,
      recommendation: `Visitors expect ${name} to be clickable: make it a link to what it shows (its detail page or a larger view), or remove the affordance that suggests it is (link colour, underline, card hover, icon).`,
      target: targetOf(element),
    });
  }
  return findings;
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

function sortedBuckets(buckets: readonly ScrollBucket[] | null): ScrollBucket[] {
  return (buckets ?? [])
    .filter((bucket) => Number.isFinite(bucket.scroll_depth_bucket) && Number.isFinite(bucket.cumulative_count))
    .sort((a, b) => a.scroll_depth_bucket - b.scroll_depth_bucket);
}

function ctaBelowReachFindings({ input }: Context): Finding[] {
  const buckets = sortedBuckets(input.scrollDepth);
  const visitors = buckets[0]?.cumulative_count ?? 0;
  if (visitors < MIN_SCROLL_VISITORS) return [];
  const safeDepth = depthReachedBy(buckets, CTA_SAFE_REACH_SHARE);

  const labelKey = (cta: ElementDescription) => (cta.label || cta.selector).toLowerCase();
  // A call to action repeated where most visitors are (a "Sign up" in the header as well as at the
  // bottom, or another link to the same page) is already within reach: the deep copy is a
  // reminder, not a problem.
  const reachableLabels = new Set<string>();
  const reachableTargets = new Set<string>();
  for (const cta of input.ctas) {
    const reach = reachAt(buckets, cta.rect.y);
    if (reach === null || reach < CTA_REACH_MIN_SHARE) continue;
    reachableLabels.add(labelKey(cta));
    if (cta.target) reachableTargets.add(cta.target);
  }

  const findings: Finding[] = [];
  const reported = new Set<string>();
  for (const cta of input.ctas) {
    const key = labelKey(cta);
    if (reachableLabels.has(key) || reported.has(key) || (cta.target && reachableTargets.has(cta.target))) continue;
    const reach = reachAt(buckets, cta.rect.y);
    if (reach === null || reach >= CTA_REACH_MIN_SHARE) continue;
    reported.add(key);
    const name = elementName(cta);
    const evidence = [`Only ${formatShare(reach)} of ${formatCount(visitors)} visitors scroll down to ${name} at ${formatCount(cta.rect.y)} px.`];
    if (safeDepth !== null) evidence.push(`${formatShare(CTA_SAFE_REACH_SHARE)} of visitors still see the page down to ${formatCount(safeDepth)} px.`);
    if (cta.reasons && cta.reasons.length > 0) evidence.push(`Recognised as a call to action by ${cta.reasons.map(describeCtaReason).join(', and by ')}.`);
    findings.push({
      id: `cta-below-reach:${cta.selector}`,
      rule: 'cta-below-reach',
      severity: RULE_TIERS['cta-below-reach'] + strength(visitors, 1 - reach),
      title: `${name} is below where most visitors scroll`,
      evidence,
      recommendation:
        safeDepth !== null
          ? `Move ${name} up, or repeat it above ${formatCount(safeDepth)} px, where ${formatShare(CTA_SAFE_REACH_SHARE)} of visitors still are.`
          : `Move ${name} up, or repeat it in the first screen.`,
      target: targetOf(cta),
    });
  }
  return findings.sort((a, b) => b.severity - a.severity).slice(0, MAX_CTA_FINDINGS);
}

function clicksBelowFoldFindings({ input, clicks }: Context): Finding[] {
  const readings = input.fold === null ? [] : Array.isArray(input.fold) ? (input.fold as readonly FoldReading[]) : [input.fold as FoldReading];
  const findings: Finding[] = [];
  for (const reading of readings) {
    const foldPx = reading.median_viewport_height;
    if (foldPx === null || !Number.isFinite(foldPx) || foldPx <= 0) continue;
    if (!(reading.total_count >= MIN_CLICKS_FOR_SHARES) || !(reading.pct_below_fold >= BELOW_FOLD_MIN_PCT)) continue;
    const band = reading.band ? ` on ${reading.band}` : '';
    const evidence = [
      `${Math.round(reading.pct_below_fold)}% of ${formatCount(reading.total_count)} clicks${band} (${formatCount(reading.below_fold_count)}) land below the fold at ~${formatCount(foldPx)} px, the median visitor's viewport height.`,
    ];
    const below = clicks.filter((group) => !group.fixed && group.centroid.y > foldPx).slice(0, 3);
    if (below.length > 0) {
      evidence.push(`Busiest below the fold: ${below.map((group) => `${placeName(group)} (${formatShare(group.share)} of clicks)`).join(', ')}.`);
    }
    const names = below.filter((group) => group.element).map((group) => placeName(group));
    findings.push({
      id: `clicks-below-fold:${reading.band ?? 'all'}`,
      rule: 'clicks-below-fold',
      severity: RULE_TIERS['clicks-below-fold'] + strength(reading.total_count, reading.pct_below_fold / 100),
      title: `${Math.round(reading.pct_below_fold)}% of clicks${band} are below the fold`,
      evidence,
      recommendation: `What visitors act on sits below the first screen: bring ${names.length > 0 ? names.join(' and ') : 'the most-clicked content'} into the first ${formatCount(foldPx)} px, or make the first screen point to it.`,
    });
  }
  return findings;
}

function isNavigation(group: TargetGroup): boolean {
  if (group.element && (group.element.region === 'nav' || group.element.region === 'header')) return true;
  return group.centroid.y < HEADER_BAND_PX;
}

function hotNavColdBodyFindings({ input, clicks }: Context): Finding[] {
  const total = safeTotal(input.layerTotals.click);
  if (total < MIN_CLICKS_FOR_SHARES) return [];
  const nav = clicks.filter(isNavigation);
  const body = clicks.filter((group) => !isNavigation(group));
  const navCount = nav.reduce((sum, group) => sum + group.count, 0);
  const navShare = navCount / total;
  const busiestBody = body[0];
  const busiestBodyShare = busiestBody ? busiestBody.share : 0;
  if (navShare < HOT_NAV_MIN_SHARE || busiestBodyShare >= COLD_BODY_MAX_SPOT_SHARE) return [];
  const evidence = [
    `${formatShare(navShare)} of ${formatCount(total)} clicks land in the navigation or the top ${HEADER_BAND_PX} px: ${nav
      .slice(0, 3)
      .map((group) => `${placeName(group)} (${formatShare(group.share)})`)
      .join(', ')}.`,
    busiestBody
      ? `The page body gets ${formatShare(Math.max(0, 1 - navShare))} of clicks; its busiest spot, ${placeName(busiestBody)}, gets ${formatShare(busiestBodyShare)}.`
      : `The page body has no spot that gets a noticeable share of clicks.`,
  ];
  return [
    {
      id: 'hot-nav-cold-body',
      rule: 'hot-nav-cold-body',
      severity: RULE_TIERS['hot-nav-cold-body'] + strength(total, navShare),
      title: 'Visitors click the navigation, not the page',
      evidence,
      recommendation:
        'Visitors use this page to go somewhere else: check that its body answers what they came for, and that its main call to action is visible and distinct in the first screen.',
    },
  ];
}

function deadClickFindings({ input, clicks, dead }: Context): Finding[] {
  const findings: Finding[] = [];
  const total = safeTotal(input.layerTotals.deadclick);
  for (const group of dead) {
    if (group.count < MIN_DEAD_CLICKS || group.share < MIN_DEAD_SHARE) continue;
    const name = placeName(group);
    const evidence = [
      `${plural(group.count, 'dead click', 'dead clicks')} (${formatShare(group.share)} of ${total > 0 ? `all ${formatCount(total)}` : 'all'} dead clicks) on ${name}: the page did not change after them.`,
    ];
    const around = aroundLine(group);
    if (around) evidence.push(around);
    const clicksOn = countOn(clicks, group.element?.selector);
    if (clicksOn > 0) evidence.push(`The element got ${plural(clicksOn, 'click', 'clicks')} in all.`);
    const stat = statFor(input, group.element?.selector);
    if (stat && stat.deadClicks > 0) evidence.push(`PostHog autocapture also counted ${plural(stat.deadClicks, 'dead click', 'dead clicks')} on it.`);
    const recommendation =
      group.element && !group.element.interactive
        ? `Visitors expect ${name} to do something: make it a link or button, or remove what makes it look clickable.`
        : `Make ${name} respond visibly to every click (navigation, a state change or feedback); if it only works once the page has loaded, make it look inactive until then.`;
    findings.push({
      id: `dead-clicks:${group.key}`,
      rule: 'dead-clicks',
      severity: RULE_TIERS['dead-clicks'] + strength(group.count, group.share),
      title: `Dead clicks on ${name}`,
      evidence,
      recommendation,
      target: targetOf(group.element),
    });
  }
  return findings;
}

/**
 * One finding per element: the strongest stays and takes the others' evidence along, so a button
 * with rage and dead clicks reads as one problem with all its numbers. Findings about an element
 * and its ancestor or descendant (a card and the button in it) are one too; page-sized wrappers
 * are not merged with what they hold.
 */
export function dedupeFindings(findings: readonly Finding[], viewport?: AssessInput['viewport']): Finding[] {
  const ranked = [...findings].sort((a, b) => b.severity - a.severity);
  const kept: Finding[] = [];
  const ids = new Set<string>();
  for (const finding of ranked) {
    if (ids.has(finding.id)) continue;
    const target = finding.target;
    const holder = target ? kept.find((other) => other.target && sameOrRelated(other.target, target, viewport)) : undefined;
    if (holder) {
      const said = new Set(holder.evidence.map(evidenceKey));
      for (const line of finding.evidence) {
        if (said.has(evidenceKey(line))) continue;
        holder.evidence.push(line);
        said.add(evidenceKey(line));
      }
      continue;
    }
    const copy: Finding = { ...finding, evidence: [...finding.evidence] };
    kept.push(copy);
    ids.add(copy.id);
  }
  return kept;
}

/** "The same element got 72 clicks in all." and "The element got 72 clicks in all." say one thing. */
function evidenceKey(line: string): string {
  return line.replace(/^The (same )?element /, 'The element ');
}

/** The holder (a stronger finding) takes the other in when they are about one element family,
 *  but a page-sized wrapper never takes in what it holds. */
function sameOrRelated(holder: NonNullable<Finding['target']>, other: NonNullable<Finding['target']>, viewport: AssessInput['viewport'] | undefined): boolean {
  if (holder.selector === other.selector) return true;
  const outer = outerOf(holder, other);
  if (!outer) return false;
  if (outer !== holder || !viewport) return true;
  return !isLargeContainer(holder, viewport);
}

export const rules: ReadonlyArray<(context: Context) => Finding[]> = [
  rageClickFindings,
  nonInteractiveFindings,
  ctaBelowReachFindings,
  clicksBelowFoldFindings,
  hotNavColdBodyFindings,
  deadClickFindings,
];

/** Every rule over the input, deduplicated per element, strongest first; [] when nothing is notable. */
export function assessPage(input: AssessInput): Finding[] {
  const context: Context = {
    input,
    clicks: groupByElement(input.clusters.click, safeTotal(input.layerTotals.click), input.viewport),
    rage: groupByElement(input.clusters.rageclick, safeTotal(input.layerTotals.rageclick), input.viewport),
    dead: groupByElement(input.clusters.deadclick, safeTotal(input.layerTotals.deadclick), input.viewport),
  };
  return dedupeFindings(rules.flatMap((rule) => rule(context)), input.viewport);
}
