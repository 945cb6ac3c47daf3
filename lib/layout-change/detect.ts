/**
 * Finding a layout change (issue 19, item 1), on the SHAPE of a page's clicks, never their volume.
 *
 * The rule, in one sentence: the layout changed on day D when D is the split that maximises the
 * total-variation distance between the before and after distributions of clicks over 32-px vertical
 * bands, that distance is at least 0.3, each side has at least 2 days and 200 clicks, and each side's
 * own two halves differ by at most half that distance.
 *
 * Distributions are shares (each side divided by its own total), so traffic that only grows or shrinks
 * leaves the distance near 0. The minimum counts keep sampling noise (a few clicks a day landing on
 * different spots) from looking like a change; the halves' check keeps a slow drift or a noisy side
 * from being called a single change.
 */

export const LAYOUT_CHANGE_RULE = {
  /** Height of one vertical band, CSS px of the document. */
  bandPx: 32,
  /** Total-variation distance (0: same shape, 1: no overlap) at or above which a split is a change. */
  minDistance: 0.3,
  /** Clicks each side of the split needs. */
  minClicksPerSide: 200,
  /** Days each side of the split needs (a change on the first or last day cannot be told from noise). */
  minDaysPerSide: 2,
  /** Each side's halves may differ by at most this share of the before/after distance. */
  maxInstabilityShare: 0.5,
} as const;

/** One day's clicks per band (band = floor(pointer_y / bandPx)); fixed-position clicks are not included. */
export interface DayBands {
  /** YYYY-MM-DD (UTC, the day PostHog files the click under). */
  day: string;
  counts: ReadonlyMap<number, number>;
}

export type Detection =
  | {
      kind: 'changed';
      /** First day of the new layout. */
      day: string;
      /** Index of that day in the input. */
      index: number;
      distance: number;
      clicksBefore: number;
      clicksAfter: number;
      /** The halves' distance within the before and the after side. */
      instability: [number, number];
    }
  | { kind: 'unchanged'; distance: number; days: number; reason: string }
  | { kind: 'too-little'; reason: string };

type Histogram = Map<number, number>;

function sumDays(days: readonly DayBands[], from: number, to: number): { histogram: Histogram; total: number } {
  const histogram: Histogram = new Map();
  let total = 0;
  for (let index = from; index < to; index++) {
    for (const [band, count] of days[index]!.counts) {
      if (!(count > 0) || !Number.isFinite(count)) continue;
      histogram.set(band, (histogram.get(band) ?? 0) + count);
      total += count;
    }
  }
  return { histogram, total };
}

/** Total-variation distance between two histograms as shares: half the sum of |p − q|, 0..1. */
export function totalVariation(a: ReadonlyMap<number, number>, totalA: number, b: ReadonlyMap<number, number>, totalB: number): number {
  if (totalA <= 0 || totalB <= 0) return 0;
  let sum = 0;
  for (const [band, count] of a) sum += Math.abs(count / totalA - (b.get(band) ?? 0) / totalB);
  for (const [band, count] of b) if (!a.has(band)) sum += count / totalB;
  return sum / 2;
}

/**
 * How much a side's first and second halves (by days) differ; 0 when a half has too few clicks to say
 * (a quarter of the side minimum), as a day without clicks is no evidence either way.
 */
function instability(days: readonly DayBands[], from: number, to: number): number {
  const middle = from + Math.floor((to - from) / 2);
  if (middle === from || middle === to) return 0;
  const first = sumDays(days, from, middle);
  const second = sumDays(days, middle, to);
  const least = LAYOUT_CHANGE_RULE.minClicksPerSide / 4;
  if (first.total < least || second.total < least) return 0;
  return totalVariation(first.histogram, first.total, second.histogram, second.total);
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * Applies the rule (see the top of this file) to the days of a range, in order, every day present
 * (a day without clicks has an empty map). Never throws: counts that are not positive finite numbers
 * are skipped.
 */
export function detectLayoutChange(days: readonly DayBands[], rule = LAYOUT_CHANGE_RULE): Detection {
  const n = days.length;
  if (n < rule.minDaysPerSide * 2) return { kind: 'too-little', reason: `Layout changes are looked for in ranges of ${rule.minDaysPerSide * 2} days or more.` };
  let best: { index: number; distance: number; before: number; after: number } | null = null;
  for (let index = rule.minDaysPerSide; index <= n - rule.minDaysPerSide; index++) {
    const before = sumDays(days, 0, index);
    const after = sumDays(days, index, n);
    if (before.total < rule.minClicksPerSide || after.total < rule.minClicksPerSide) continue;
    const distance = totalVariation(before.histogram, before.total, after.histogram, after.total);
    if (!best || distance > best.distance + 1e-12) best = { index, distance, before: before.total, after: after.total };
  }
  if (!best) return { kind: 'too-little', reason: `Too few clicks to look for a layout change (${rule.minClicksPerSide} are needed before and after a day).` };
  if (best.distance < rule.minDistance) {
    return { kind: 'unchanged', distance: round(best.distance), days: n, reason: 'the clicks kept their shape' };
  }
  const stability: [number, number] = [instability(days, 0, best.index), instability(days, best.index, n)];
  if (Math.max(...stability) > best.distance * rule.maxInstabilityShare) {
    return { kind: 'unchanged', distance: round(best.distance), days: n, reason: 'the clicks drifted rather than changed on one day' };
  }
  return {
    kind: 'changed',
    day: days[best.index]!.day,
    index: best.index,
    distance: round(best.distance),
    clicksBefore: best.before,
    clicksAfter: best.after,
    instability: [round(stability[0]), round(stability[1])],
  };
}

/** Every day from `from` to `to` (YYYY-MM-DD, inclusive, UTC); empty when they are not days or reversed. */
export function daysBetween(from: string, to: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return [];
  const days: string[] = [];
  for (let time = start; time <= end && days.length <= 400; time += 86_400_000) days.push(new Date(time).toISOString().slice(0, 10));
  return days;
}

/** The day `offset` days from `day` (YYYY-MM-DD, UTC). */
export function addDays(day: string, offset: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}
