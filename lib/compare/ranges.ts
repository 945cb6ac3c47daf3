import type { Compare, DateRange, Segment } from '../settings/preferences';
import { InvalidSettingsError } from '../posthog/errors';
import type { Filters } from '../settings/store';

/**
 * Compare presets → two concrete ranges, as calendar days (YYYY-MM-DD, UTC, both ends inclusive: how
 * PostHog reads `date_from` / `date_to`). Concrete days rather than PostHog's relative strings, so the
 * legend, the caption and the query all name the same days, and "the period before" is exact.
 */

const DAY_MS = 86_400_000;

export interface ResolvedSide {
  range: { dateFrom: string; dateTo: string };
  segment: Segment;
}

export interface ResolvedComparison {
  a: ResolvedSide;
  b: ResolvedSide;
}

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function dayStart(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS;
}

/**
 * The day a `date_from` / `date_to` value names, for the values the popup produces: `YYYY-MM-DD`,
 * `-Nh`, `-Nd`, `-Nw`, `-Nm` (30 days; PostHog's month is a calendar month, close enough for a
 * preset's length), or null (today). Returns the start of that day in ms, or null when unreadable.
 */
export function resolveDay(value: string | null, now: number): number | null {
  if (value === null || value === '') return dayStart(now);
  const absolute = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (absolute) {
    const time = Date.UTC(Number(absolute[1]), Number(absolute[2]) - 1, Number(absolute[3]));
    return Number.isNaN(time) ? null : time;
  }
  const relative = /^-(\d+)([hdwm])$/.exec(value);
  if (!relative) return null;
  const amount = Number(relative[1]);
  const hours = { h: 1, d: 24, w: 24 * 7, m: 24 * 30 }[relative[2] as 'h' | 'd' | 'w' | 'm'];
  return dayStart(now - amount * hours * 3_600_000);
}

function range(from: number, to: number): { dateFrom: string; dateTo: string } {
  return { dateFrom: isoDay(from), dateTo: isoDay(Math.max(from, to)) };
}

/** A compare setting that names no usable days; the overlay shows its message as it is. */
export class CompareRangeError extends InvalidSettingsError {}

function day(value: string | null, now: number, what: string): number {
  const resolved = resolveDay(value, now);
  if (resolved === null) throw new CompareRangeError(`Compare: ${what} "${value}" is not a date Heatlens can read (use YYYY-MM-DD).`);
  return resolved;
}

/**
 * The two sides a Compare setting stands for on `now`.
 * - previous-period: B is the filters' range; A the same number of days just before it.
 * - split: A from the filters' start to the day before `splitDate`, B from `splitDate` to the filters' end.
 * - custom: the two ranges as given.
 * - segments: both sides on the filters' range, A with `segmentA` and B with `segmentB`.
 * Every preset but `segments` compares the same segment on both sides: `segmentA` for A, `segmentB` for B
 * (the popup keeps them equal outside the segments preset).
 */
export function resolveComparison(compare: Compare, filters: Pick<Filters, 'dateFrom' | 'dateTo'>, now: number): ResolvedComparison {
  const filtersFrom = day(filters.dateFrom, now, 'the date range start');
  const filtersTo = Math.max(filtersFrom, day(filters.dateTo, now, 'the date range end'));
  const side = (from: number, to: number, segment: Segment): ResolvedSide => ({ range: range(from, to), segment });
  switch (compare.preset) {
    case 'previous-period': {
      const days = Math.round((filtersTo - filtersFrom) / DAY_MS) + 1;
      return {
        a: side(filtersFrom - days * DAY_MS, filtersFrom - DAY_MS, compare.segmentA),
        b: side(filtersFrom, filtersTo, compare.segmentB),
      };
    }
    case 'split': {
      if (!compare.splitDate) throw new CompareRangeError('Compare: choose the date that splits before from after.');
      const split = day(compare.splitDate, now, 'the split date');
      if (split <= filtersFrom || split > filtersTo) {
        throw new CompareRangeError(`Compare: the split date ${isoDay(split)} must fall after ${isoDay(filtersFrom)} and on or before ${isoDay(filtersTo)} (the date range).`);
      }
      return { a: side(filtersFrom, split - DAY_MS, compare.segmentA), b: side(split, filtersTo, compare.segmentB) };
    }
    case 'custom': {
      const fromA = day(compare.a.dateFrom, now, 'range A start');
      const fromB = day(compare.b.dateFrom, now, 'range B start');
      return {
        a: side(fromA, day(compare.a.dateTo, now, 'range A end'), compare.segmentA),
        b: side(fromB, day(compare.b.dateTo, now, 'range B end'), compare.segmentB),
      };
    }
    case 'segments':
      return { a: side(filtersFrom, filtersTo, compare.segmentA), b: side(filtersFrom, filtersTo, compare.segmentB) };
  }
}

/** "2026-11-01 → 2026-11-07", or one day alone. */
export function describeRange(range: DateRange): string {
  return range.dateTo === null ? `${range.dateFrom} → today` : range.dateFrom === range.dateTo ? range.dateFrom : `${range.dateFrom} → ${range.dateTo}`;
}

