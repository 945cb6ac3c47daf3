import { buildHeatmapQuery, type PageContext } from '../payload/query';
import { packSpots, type QueryCache } from '../payload/service';
import { heatLayers, type HeatLayerDefinition } from '../layers';
import type { HeatLayerData } from '../messaging/protocol';
import type { HogQLQueryBody, PostHogClient } from '../posthog/client';
import { InvalidSettingsError } from '../posthog/errors';
import { heatmapQueryKey, type HeatmapQuery } from '../posthog/query';
import type { ClickLikeHeatmapType, HogQLResponse, ScrollDepthResponse } from '../posthog/schemas';
import type { DateRange, Filters, Preferences, Segment } from '../settings/preferences';
import { withRetries } from '../posthog/retry';
import {
  buildSegmentScrollDepthQuery,
  buildSegmentSpotsQuery,
  buildSegmentSummaryQuery,
  isQuerySegment,
  UnsupportedDateError,
  type QuerySegment,
} from './hogql';
import { scrollDepthFromRows, spotsByType, summaryByType } from './results';

/**
 * HogQL answers are kept 10 minutes, not the heatmaps endpoint's 30 s: PostHog allows a personal key
 * 120 queries an hour (2 a minute), a segmented view costs two (spots + fold/visitors, three with
 * scroll depth), and the data behind it moves by the day. With 10 minutes a user flipping between
 * a few segments, layers and the overlay's repaints stays far inside the budget; toggling, scrolling,
 * resizing and repainting never send a query at all once the answer is held.
 */
export const HOGQL_CACHE_MILLISECONDS = 10 * 60_000;

export interface SegmentLoadContext {
  client: PostHogClient;
  cache: QueryCache;
  /** Distinguishes the cache entries of different hosts, projects and keys. */
  connectionKey: string;
  signal?: AbortSignal;
  /** Injected by tests; the real one waits. */
  sleep?: (ms: number) => Promise<void>;
}

/** The click-like layers a load asks for: the enabled ones, or clicks alone when only the fold line is on. */
export function wantedHeatLayers(preferences: Preferences): HeatLayerDefinition[] {
  const enabled = heatLayers.filter((layer) => preferences.layers[layer.id].enabled);
  return enabled.length > 0 || !preferences.layers.fold.enabled ? enabled : heatLayers.filter((layer) => layer.id === 'click');
}

/** A device segment is the heatmap at that device's band of viewport widths (it replaces the viewport filter). */
export function filtersForSegment(filters: Filters, segment: Segment): Filters {
  return segment.kind === 'device' ? { ...filters, viewport: { mode: 'band', band: segment.device } } : filters;
}

/** One HogQL query through the background's cache (shared in flight, kept 10 min, failures not kept). */
export function cachedHogQL(context: SegmentLoadContext, body: HogQLQueryBody): Promise<HogQLResponse> {
  const key = `${context.connectionKey}|hogql|${JSON.stringify(body)}`;
  return context.cache.get(
    key,
    () => withRetries(() => context.client.query(body, context.signal), { sleep: context.sleep, signal: context.signal }),
    HOGQL_CACHE_MILLISECONDS,
  );
}

/** The endpoint's filters for the range; the HogQL builders read everything but `type` from it. */
function heatmapQueryFor(filters: Filters, range: DateRange, page: PageContext): HeatmapQuery {
  return buildHeatmapQuery({ ...filters, dateFrom: range.dateFrom, dateTo: range.dateTo }, page, 'click');
}

/** A date HogQL cannot express is the user's setting to fix, not PostHog's failure. */
function buildOrExplain<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw error instanceof UnsupportedDateError ? new InvalidSettingsError(error.message) : error;
  }
}

/**
 * The click-like layers of one segment over one range through HogQL: one query for every type's
 * spots, one for every type's fold and visitors. `visitors` is the distinct visitors behind the
 * first wanted layer (clicks, normally).
 */
export async function loadQuerySegmentLayers(
  context: SegmentLoadContext,
  request: { filters: Filters; page: PageContext; range: DateRange; segment: QuerySegment; layers: readonly HeatLayerDefinition[] },
): Promise<{ layers: HeatLayerData[]; visitors: number | null }> {
  if (request.layers.length === 0) return { layers: [], visitors: null };
  const heatmap = heatmapQueryFor(request.filters, request.range, request.page);
  const types = request.layers.map((layer) => layer.heatmapType as ClickLikeHeatmapType);
  const input = { heatmap, types, segment: request.segment };
  const [spotsAnswer, summaryAnswer] = await Promise.all([
    cachedHogQL(context, buildOrExplain(() => buildSegmentSpotsQuery(input))),
    cachedHogQL(context, buildOrExplain(() => buildSegmentSummaryQuery(input))),
  ]);
  const spots = spotsByType(spotsAnswer);
  const summaries = summaryByType(summaryAnswer, types);
  const layers = request.layers.map((layer, index) => {
    const typeSpots = spots.get(types[index]!) ?? [];
    return {
      id: layer.id,
      spots: packSpots(typeSpots),
      fold: summaries.get(types[index]!)!.fold,
      totalCount: typeSpots.reduce((sum, spot) => sum + spot.count, 0),
    };
  });
  return { layers, visitors: summaries.get(types[0]!)!.visitors };
}

/** Scroll depth of one segment through HogQL, shaped as the endpoint answers it. */
export async function loadQuerySegmentScrollDepth(
  context: SegmentLoadContext,
  request: { filters: Filters; page: PageContext; range: DateRange; segment: QuerySegment },
): Promise<ScrollDepthResponse> {
  const heatmap = heatmapQueryFor(request.filters, request.range, request.page);
  return scrollDepthFromRows(await cachedHogQL(context, buildOrExplain(() => buildSegmentScrollDepthQuery({ heatmap, segment: request.segment }))));
}

export interface LoadSideOptions extends SegmentLoadContext {
  preferences: Preferences;
  page: PageContext;
  range: DateRange;
  segment: Segment;
}

/**
 * ONE side of a comparison (issue 9): its click-like layers for a (date range, segment) pair, and
 * the distinct visitors behind it for per-visitor normalisation. `all` and device segments come from
 * the plain heatmaps endpoint (through the same cache entries as the overlay's own loads; visitors
 * null, the endpoint does not say), the others from HogQL.
 */
export async function loadSideLayers(options: LoadSideOptions): Promise<{ layers: HeatLayerData[]; visitors: number | null }> {
  const { preferences, page, range, segment } = options;
  const layers = wantedHeatLayers(preferences);
  const filters = filtersForSegment(preferences.filters, segment);
  if (isQuerySegment(segment)) return loadQuerySegmentLayers(options, { filters, page, range, segment, layers });
  const loaded = await Promise.all(
    layers.map(async (layer) => {
      const query = buildHeatmapQuery({ ...filters, dateFrom: range.dateFrom, dateTo: range.dateTo }, page, layer.heatmapType);
      const response = await options.cache.get(`${options.connectionKey}|${heatmapQueryKey(query)}`, () =>
        withRetries(() => options.client.fetchHeatmap(query, options.signal), { sleep: options.sleep, signal: options.signal }),
      );
      return { id: layer.id, spots: packSpots(response.results), fold: response.fold, totalCount: response.results.reduce((sum, spot) => sum + spot.count, 0) };
    }),
  );
  return { layers: loaded, visitors: null };
}
