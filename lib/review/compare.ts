/**
 * "What moved" between the two sides of a comparison, per element: each side's count on the element
 * as a share of that side's total (or of its visitors), the elements whose share changed most first.
 *
 * A change is reported only when it is unlikely to be noise:
 * - the element has at least `MIN_MOVE_COUNT` on one side (a handful of clicks proves nothing), and
 * - a two-proportion z-test of share A vs share B gives |z| ≥ `MIN_MOVE_Z` (2.58: two-sided p < 0.01,
 *   strict because a page has dozens of elements and some would pass a 5% test by chance).
 * Clicks of one visitor are not independent, so the test is an approximation that errs towards
 * reporting too much when a few visitors click a lot; the minimum count guards the smallest cases.
 */

export const MIN_MOVE_COUNT = 20;
export const MIN_MOVE_Z = 2.58;

export interface ElementSideCounts {
  /** Identifies the element across sides (its selector). */
  key: string;
  label: string;
  a: number;
  b: number;
}

export interface Move extends ElementSideCounts {
  shareA: number;
  shareB: number;
  /** Relative change of the normalised share, B / A − 1; Infinity when A had none. */
  change: number;
  z: number;
}

export interface MoveOptions {
  minCount?: number;
  minZ?: number;
  /** At most this many moves (default 10). */
  limit?: number;
}

/** Two-proportion z statistic for x1 of n1 vs x2 of n2 (0 when undefined). */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): number {
  if (!(n1 > 0 && n2 > 0)) return 0;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  if (!(variance > 0)) return 0;
  return (p2 - p1) / Math.sqrt(variance);
}

/**
 * The elements whose share changed beyond noise, largest change of share first. `totals` are what
 * each side is normalised by (its total count, or its visitors).
 */
export function whatMoved(elements: readonly ElementSideCounts[], totals: { a: number; b: number }, options: MoveOptions = {}): Move[] {
  const minCount = options.minCount ?? MIN_MOVE_COUNT;
  const minZ = options.minZ ?? MIN_MOVE_Z;
  if (!(totals.a > 0 && totals.b > 0)) return [];
  const moves: Move[] = [];
  for (const element of elements) {
    if (Math.max(element.a, element.b) < minCount) continue;
    // A share above 1 (per-visitor counts of many clicks each) is capped for the test's sake.
    const a = Math.min(element.a, totals.a);
    const b = Math.min(element.b, totals.b);
    const z = twoProportionZ(a, totals.a, b, totals.b);
    if (!(Math.abs(z) >= minZ)) continue;
    const shareA = element.a / totals.a;
    const shareB = element.b / totals.b;
    moves.push({ ...element, shareA, shareB, change: shareA > 0 ? shareB / shareA - 1 : Infinity, z });
  }
  moves.sort((x, y) => Math.abs(y.shareB - y.shareA) - Math.abs(x.shareB - x.shareA) || x.key.localeCompare(y.key));
  return moves.slice(0, options.limit ?? 10);
}

const numberFormat = new Intl.NumberFormat('en-US');

/** What a move's shares are of: each side's total, or each side's visitors. */
export type MoveBasis = 'total' | 'visitors';

/** 0.321 → "32%", 0.0866 → "8.7%": two figures, so small shares still differ in words. */
function formatSharePct(share: number): string {
  const pct = share * 100;
  return pct >= 10 || pct === 0 ? `${Math.round(pct)}%` : `${pct.toFixed(1).replace(/\.0$/, '')}%`;
}

/**
 * "Choose Pro: 141 → 38 clicks (share 32% → 8.7%, −73%)": raw counts, then what the percentage is a
 * change of. Equal counts can be a real move ("150 → 150 clicks" when B had more traffic overall), so
 * the shares are named, or, per visitor, the word says so.
 */
export function describeMove(move: Move, unit: string, basis: MoveBasis = 'total'): string {
  const change = Number.isFinite(move.change) ? `${move.change >= 0 ? '+' : '−'}${Math.round(Math.abs(move.change) * 100)}%` : 'new';
  const label = move.label || move.key;
  const counts = `${label}: ${numberFormat.format(move.a)} → ${numberFormat.format(move.b)} ${unit}`;
  if (basis === 'visitors') return `${counts} (per visitor ${change})`;
  return `${counts} (share ${formatSharePct(move.shareA)} → ${formatSharePct(move.shareB)}, ${change})`;
}
