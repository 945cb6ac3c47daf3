import type { Comparison, ComparisonSide, HeatLayerData } from '../messaging/protocol';
import type { Preferences } from '../settings/store';
import { segmentLabel } from '../segments/labels';
import { describeRange, resolveComparison, type ResolvedComparison, type ResolvedSide } from './ranges';

/** One side's click-like layers as painted, and its distinct visitors when the source knows them. */
export interface SideData {
  layers: HeatLayerData[];
  visitors: number | null;
}

function sideOf(name: 'A' | 'B', side: ResolvedSide, data: SideData): ComparisonSide {
  const sideSegment = segmentLabel(side.segment);
  return {
    label: `${name} · ${describeRange(side.range)} · ${sideSegment}`,
    dateFrom: side.range.dateFrom,
    dateTo: side.range.dateTo,
    segmentLabel: sideSegment,
    layers: data.layers,
    visitors: data.visitors,
  };
}

/**
 * Both sides of a comparison as the overlay gets them, labelled, with how each is normalised
 * (lib/payload/build.ts loads the sides).
 */
export function describeComparison(preferences: Preferences, resolved: ResolvedComparison, a: SideData, b: SideData): Comparison {
  return {
    a: sideOf('A', resolved.a, a),
    b: sideOf('B', resolved.b, b),
    normalisation: preferences.filters.aggregation === 'unique_visitors' ? 'visitors' : 'total',
    view: preferences.compare.view,
  };
}

/**
 * With Compare on, what the page review reads (rage and dead clicks, scroll depth, element stats)
 * should be about side B: its days and its segment, like the painted layers it reuses. Unchanged when Compare is off or
 * its days cannot be resolved (the overlay reports that error itself).
 */
export function reviewPreferences(preferences: Preferences, now = Date.now()): Preferences {
  if (!preferences.compare.enabled) return preferences;
  try {
    const { b } = resolveComparison(preferences.compare, preferences.filters, now);
    return { ...preferences, segment: b.segment, filters: { ...preferences.filters, dateFrom: b.range.dateFrom, dateTo: b.range.dateTo } };
  } catch {
    return preferences;
  }
}
