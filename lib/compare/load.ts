import { loadHeatmapPayload, type LoadPayloadOptions } from '../payload/service';
import type { Comparison, ComparisonSide, HeatLayerData, HeatmapPayload } from '../messaging/protocol';
import type { Segment } from '../settings/preferences';
import type { Preferences } from '../settings/store';
import { segmentLabel } from '../segments/labels';
import { describeRange, resolveComparison, type ResolvedSide } from './ranges';

/** One side's click-like layers as painted, and its distinct visitors when the source knows them. */
export interface SideData {
  layers: HeatLayerData[];
  visitors: number | null;
}

/**
 * Loads one side of a comparison (lib/segments/load-side.ts: the plain heatmaps endpoint for all
 * visitors and devices, the query endpoint's HogQL for person properties, cohorts and flag variants).
 */
export type LoadSide = (range: { dateFrom: string; dateTo: string }, segment: Segment) => Promise<SideData>;

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

/** Both sides of the preferences' comparison, each loaded with `loadSide`. */
export async function loadComparison(preferences: Preferences, now: number, loadSide: LoadSide): Promise<Comparison> {
  const resolved = resolveComparison(preferences.compare, preferences.filters, now);
  const [a, b] = await Promise.all([loadSide(resolved.a.range, resolved.a.segment), loadSide(resolved.b.range, resolved.b.segment)]);
  return {
    a: sideOf('A', resolved.a, a),
    b: sideOf('B', resolved.b, b),
    normalisation: preferences.filters.aggregation === 'unique_visitors' ? 'visitors' : 'total',
    view: preferences.compare.view,
  };
}

/**
 * The overlay's payload with Compare on: the page's usual payload for side B's days (scroll depth,
 * fold, "data elsewhere"), its layers replaced by side B's, and both sides in `comparison`.
 */
export async function loadComparedPayload(options: LoadPayloadOptions, loadSide: LoadSide, now = Date.now()): Promise<HeatmapPayload> {
  const comparison = await loadComparison(options.preferences, now, loadSide);
  const base = await loadHeatmapPayload({
    ...options,
    preferences: { ...options.preferences, filters: { ...options.preferences.filters, dateFrom: comparison.b.dateFrom, dateTo: comparison.b.dateTo } },
  });
  return {
    ...base,
    summary: { ...base.summary, segmentLabel: comparison.b.segmentLabel },
    layers: comparison.b.layers,
    comparison,
  };
}

/**
 * With Compare on, what the page review reads (rage and dead clicks, scroll depth, element stats)
 * should be about side B's days, like the painted layers it reuses. Unchanged when Compare is off or
 * its days cannot be resolved (the overlay reports that error itself).
 */
export function reviewPreferences(preferences: Preferences, now = Date.now()): Preferences {
  if (!preferences.compare.enabled) return preferences;
  try {
    const { b } = resolveComparison(preferences.compare, preferences.filters, now);
    return { ...preferences, filters: { ...preferences.filters, dateFrom: b.range.dateFrom, dateTo: b.range.dateTo } };
  } catch {
    return preferences;
  }
}
