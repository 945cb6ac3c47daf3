import { loadHeatmapPayload, type LoadPayloadOptions } from '../heatmap-service';
import type { Comparison, ComparisonSide, HeatLayerData, HeatmapPayload } from '../messaging/protocol';
import { InvalidSettingsError } from '../posthog/errors';
import type { Segment } from '../preferences';
import type { Preferences } from '../settings';
import { describeRange, describeSegment, resolveComparison, type ResolvedSide } from './ranges';

/** One side's click-like layers as painted, and its distinct visitors when the source knows them. */
export interface SideData {
  layers: HeatLayerData[];
  visitors: number | null;
}

/**
 * Loads one side of a comparison. The plain heatmaps endpoint answers the `all` segment
 * (`plainSideLoader`); the query endpoint (HogQL, issue 9's segments work) answers the others.
 */
export type LoadSide = (range: { dateFrom: string; dateTo: string }, segment: Segment) => Promise<SideData>;

/** The preferences with the date range replaced by one side's days, scroll depth off (a side paints heat only). */
function preferencesForRange(preferences: Preferences, range: { dateFrom: string; dateTo: string }): Preferences {
  return {
    ...preferences,
    filters: { ...preferences.filters, dateFrom: range.dateFrom, dateTo: range.dateTo },
    layers: { ...preferences.layers, scrolldepth: { ...preferences.layers.scrolldepth, enabled: false } },
  };
}

/**
 * `loadSide` for the `all` segment, through the plain heatmaps endpoint and the same 30 s cache as
 * the uncompared heatmap (so side B of "previous period" costs nothing when the heatmap was shown).
 * The heatmaps endpoint does not say how many distinct visitors a range had: `visitors` is null and
 * per-visitor normalisation falls back to totals (the legend says so).
 */
export function plainSideLoader(options: LoadPayloadOptions): LoadSide {
  return async (range, segment) => {
    if (segment.kind !== 'all') {
      throw new InvalidSettingsError(`Comparing the segment "${describeSegment(segment)}" needs the segment filters, which this build does not include. Compare "All visitors" instead.`);
    }
    const payload = await loadHeatmapPayload({ ...options, preferences: preferencesForRange(options.preferences, range) });
    return { layers: payload.layers, visitors: null };
  };
}

function sideOf(name: 'A' | 'B', side: ResolvedSide, data: SideData): ComparisonSide {
  const segmentLabel = describeSegment(side.segment);
  return {
    label: `${name} · ${describeRange(side.range)} · ${segmentLabel}`,
    dateFrom: side.range.dateFrom,
    dateTo: side.range.dateTo,
    segmentLabel,
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
